/* Which compiler, and which major version of it, has loaded tlsguard.so.
 *
 * Clang on Debian, and most distributions, links its libraries dynamically,
 * and their names carry the LLVM major: libclang-cpp.so.22.1, libLLVM.so.19.1
 * (LLVM 18 and later), libLLVM-14.so.1 (17 and earlier). A clang linked
 * statically but built for plugins exports LLVMGetVersion (LLVM 16 and
 * later). GCC's cc1 exports plugin_default_version_check and lives in
 * .../gcc/TRIPLE/MAJOR/. */
#include "host.h"

#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* The decimal number that text starts with (0 for none, or one too large
 * to be a version); *rest gets what follows it. */
static unsigned leading_number(const char *text, const char **rest) {
  unsigned value = 0;
  const char *p = text;
  while (*p >= '0' && *p <= '9' && value < 100000)
    value = value * 10 + (unsigned)(*p++ - '0');
  *rest = p;
  return p == text || value >= 100000 ? 0 : value;
}

/* The major in name if it is prefix, MAJOR, and then the end or a '.':
 * libclang-cpp.so.14, libclang-cpp.so.22.1, libLLVM-14.so.1. */
static unsigned major_after(const char *name, const char *prefix) {
  size_t len = strlen(prefix);
  if (strncmp(name, prefix, len) != 0)
    return 0;
  const char *rest;
  unsigned major = leading_number(name + len, &rest);
  return *rest == '.' || *rest == '\0' ? major : 0;
}

struct loaded_llvm {
  unsigned clang_major; /* from libclang-cpp: the compiler itself */
  unsigned llvm_major;  /* from libLLVM: also in lld, opt, ... */
  char clang_lib[128];
  char llvm_lib[128];
};

static int note_llvm_library(struct dl_phdr_info *info, size_t size,
                             void *data) {
  (void)size;
  struct loaded_llvm *found = data;
  const char *name = base_name(info->dlpi_name ? info->dlpi_name : "");
  unsigned major = major_after(name, "libclang-cpp.so.");
  if (major && !found->clang_major) {
    found->clang_major = major;
    snprintf(found->clang_lib, sizeof found->clang_lib, "%s", name);
    return 0;
  }
  major = major_after(name, "libLLVM.so.");
  if (!major)
    major = major_after(name, "libLLVM-");
  if (major && !found->llvm_major) {
    found->llvm_major = major;
    snprintf(found->llvm_lib, sizeof found->llvm_lib, "%s", name);
  }
  return 0;
}

static bool detect_clang(struct host *h) {
  struct loaded_llvm found = {0};
  dl_iterate_phdr(note_llvm_library, &found);
  if (found.clang_major || found.llvm_major) {
    h->compiler = HOST_CLANG;
    h->major = found.clang_major ? found.clang_major : found.llvm_major;
    snprintf(h->evidence, sizeof h->evidence, "%s",
             found.clang_major ? found.clang_lib : found.llvm_lib);
    return true;
  }
  void (*get_version)(unsigned *, unsigned *, unsigned *);
  *(void **)&get_version = dlsym(RTLD_DEFAULT, "LLVMGetVersion");
  if (!get_version)
    return false;
  unsigned major = 0, minor = 0, patch = 0;
  get_version(&major, &minor, &patch);
  if (!major)
    return false;
  h->compiler = HOST_CLANG;
  h->major = major;
  snprintf(h->evidence, sizeof h->evidence, "LLVMGetVersion() = %u.%u.%u",
           major, minor, patch);
  return true;
}

/* GCC: cc1, cc1plus and lto1 export GCC's plugin API and live in
 * .../gcc/TRIPLE/MAJOR/; the major picks tlsguard-gcc-MAJOR.so. */
static bool detect_gcc(struct host *h) {
  if (!dlsym(RTLD_DEFAULT, "plugin_default_version_check"))
    return false;
  char exe[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0)
    return false;
  exe[len] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash)
    return false;
  *slash = '\0'; /* .../gcc/x86_64-linux-gnu/12 */
  const char *rest;
  unsigned major = leading_number(base_name(exe), &rest);
  if (!major)
    return false;
  h->compiler = HOST_GCC;
  h->major = major;
  snprintf(h->evidence, sizeof h->evidence, "%.180s/%.60s", exe, slash + 1);
  return true;
}

bool host_detect(struct host *h) {
  memset(h, 0, sizeof *h);
  return detect_clang(h) || detect_gcc(h);
}

const char *host_compiler_name(enum host_compiler compiler) {
  switch (compiler) {
  case HOST_CLANG:
    return "clang";
  case HOST_GCC:
    return "gcc";
  case HOST_UNKNOWN:
    break;
  }
  return "unknown";
}

void host_build_hint(const struct host *h, char *out, size_t outlen) {
  if (h->compiler == HOST_GCC) {
    snprintf(out, outlen,
             "install gcc-%u-plugin-dev and g++-%u and rebuild tlsguard, or "
             "compile with a gcc or clang that has a build",
             h->major, h->major);
    return;
  }
  snprintf(out, outlen,
           "install llvm-%u-dev and libclang-%u-dev and rebuild tlsguard, or "
           "compile with a clang that has a build",
           h->major, h->major);
}
