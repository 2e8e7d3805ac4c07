#define LIBARCHIVE_LOAD_IMPL
#include "sources/libarchive_load.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

struct libarchive_api libarchive;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool loaded;
static char failure[512]; /* why not */

static void load(void) {
  void *lib = dlopen(LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    snprintf(failure, sizeof failure,
             "packages cannot be read: %s (install libarchive13)", dlerror());
    return;
  }
#define LIBARCHIVE_SYMBOL(name)                                                \
  if (!(*(void **)&libarchive.name = dlsym(lib, #name))) {                     \
    snprintf(failure, sizeof failure, "packages cannot be read: %s has no %s", \
             LIBARCHIVE_SONAME, #name);                                        \
    return;                                                                    \
  }
  LIBARCHIVE_FUNCTIONS(LIBARCHIVE_SYMBOL)
#undef LIBARCHIVE_SYMBOL
  loaded = true;
}

bool libarchive_load(char *err, size_t errlen) {
  pthread_once(&once, load);
  if (loaded)
    return true;
  snprintf(err, errlen, "%s", failure);
  return false;
}
