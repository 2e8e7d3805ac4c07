/* tlsguard.so: the one file users name in -fplugin= and -fpass-plugin=.
 *
 * A Clang plugin is C++ compiled against one LLVM major; loaded into another
 * it crashes the compiler. This selector is plain C with no LLVM in it: its
 * constructor finds out which compiler and major it was loaded into and
 * loads the matching build from its own directory (tlsguard-clang-N.so) with
 * RTLD_GLOBAL, so that build's static constructors register its frontend
 * action in the host's plugin registry, exactly as if the user had named it.
 *
 * When there is no build for the host, the constructor says so and exits
 * with status 1. It cannot report through the compiler (that needs the very
 * C++ API it lacks), and going on quietly would compile code the user asked
 * to have guarded without the guard.
 *
 * GCC loads tlsguard.so the same way and gets tlsguard-gcc-N.so; GCC then
 * looks up plugin_is_GPL_compatible and plugin_init in this object, and
 * gcc_entry.c forwards plugin_init to the build. */
#include "selector.h"
#include "builds.h"
#include "host.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef void plugin_entry_fn(void);

static void *build_handle;
static plugin_entry_fn *build_pass_plugin_info;

static void refuse(const char *problem, const char *hint) {
  fprintf(stderr, "tlsguard: error: %s\ntlsguard: note: %s\n", problem, hint);
  fflush(stderr);
  exit(1);
}

static void refuse_unknown_host(void) {
  refuse("cannot tell which compiler loaded tlsguard.so: no libclang-cpp, "
         "libLLVM, LLVMGetVersion or gcc in this process",
         "load it into clang or gcc with -fplugin=tlsguard.so (clang "
         "also: -fpass-plugin=tlsguard.so)");
}

static void refuse_missing_build(const struct host *h, const char *dir) {
  char builds[512], hint[256];
  char problem[PATH_MAX + sizeof builds + sizeof h->evidence + 128];
  list_builds(dir, builds, sizeof builds);
  snprintf(problem, sizeof problem,
           "no tlsguard build for %s %u (found %s) in %s; builds there: %s",
           host_compiler_name(h->compiler), h->major, h->evidence, dir, builds);
  host_build_hint(h, hint, sizeof hint);
  refuse(problem, hint);
}

static void refuse_unloadable(const struct host *h, const char *path) {
  char problem[PATH_MAX + 1024], hint[256];
  snprintf(problem, sizeof problem, "cannot load %s: %s", path, dlerror());
  snprintf(hint, sizeof hint,
           "tlsguard-%s-%u.so only loads into %s %u itself (its -fplugin= "
           "or -fpass-plugin=)",
           host_compiler_name(h->compiler), h->major,
           host_compiler_name(h->compiler), h->major);
  refuse(problem, hint);
}

__attribute__((constructor)) static void load_build_for_host(void) {
  struct host h;
  if (!host_detect(&h))
    refuse_unknown_host();
  char dir[PATH_MAX], path[PATH_MAX];
  if (!selector_directory(dir, sizeof dir) ||
      !build_path(dir, &h, path, sizeof path))
    refuse("cannot find the directory tlsguard.so was loaded from",
           "name it by an absolute path in -fplugin=");
  if (access(path, F_OK) != 0)
    refuse_missing_build(&h, dir);
  /* RTLD_NOW: a symbol the host lacks fails here, with its name, and not
   * as a crash in the middle of a compile. */
  build_handle = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
  if (!build_handle)
    refuse_unloadable(&h, path);
  *(void **)&build_pass_plugin_info =
      dlsym(build_handle, "llvmGetPassPluginInfo");
}

void *selector_build_symbol(const char *name) {
  return build_handle ? dlsym(build_handle, name) : NULL;
}

/* Reached only if a compiler asks for the pass plugin entry of a build that
 * has none, which a build of this project always has. */
static void no_pass_plugin_entry(void) {
  refuse("the loaded tlsguard build exports no llvmGetPassPluginInfo",
         "rebuild tlsguard");
}

/* -fpass-plugin=tlsguard.so: clang looks up llvmGetPassPluginInfo here. It
 * returns a struct whose size depends on the LLVM major (32 bytes in 19, 40
 * in 22), so a C forwarder cannot return it; an IFUNC instead resolves the
 * symbol itself to the build's own function. The constructor has run by
 * the time a compiler calls dlsym. */
static plugin_entry_fn *resolve_pass_plugin_info(void) {
  return build_pass_plugin_info ? build_pass_plugin_info : no_pass_plugin_entry;
}

__attribute__((visibility("default"))) void llvmGetPassPluginInfo(void)
    __attribute__((ifunc("resolve_pass_plugin_info")));
