/* The per-compiler builds that sit next to tlsguard.so. */
#include "builds.h"

#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool selector_directory(char *out, size_t outlen) {
  Dl_info self;
  if (!dladdr((void *)selector_directory, &self) || !self.dli_fname)
    return false;
  /* Resolve symlinks: an installed lib/tlsguard.so may point into the
   * directory that holds the builds. */
  char resolved[PATH_MAX];
  const char *path =
      realpath(self.dli_fname, resolved) ? resolved : self.dli_fname;
  const char *slash = strrchr(path, '/');
  size_t len = slash ? (size_t)(slash - path) : 1;
  if (len + 1 > outlen)
    return false;
  memcpy(out, slash ? path : ".", len);
  out[len] = '\0';
  return true;
}

bool build_path(const char *dir, const struct host *h, char *out,
                size_t outlen) {
  int n = snprintf(out, outlen, "%s/tlsguard-%s-%u.so", dir,
                   host_compiler_name(h->compiler), h->major);
  return n > 0 && (size_t)n < outlen;
}

struct build {
  enum host_compiler compiler;
  unsigned major;
};

/* Parses "tlsguard-clang-22.so". */
static bool parse_build_name(const char *name, struct build *b) {
  static const enum host_compiler compilers[] = {HOST_CLANG, HOST_GCC};
  for (size_t i = 0; i < sizeof compilers / sizeof compilers[0]; i++) {
    char prefix[32];
    snprintf(prefix, sizeof prefix, "tlsguard-%s-",
             host_compiler_name(compilers[i]));
    size_t len = strlen(prefix);
    if (strncmp(name, prefix, len) != 0)
      continue;
    char *end;
    unsigned long major = strtoul(name + len, &end, 10);
    if (end == name + len || strcmp(end, ".so") != 0 || major > 9999)
      return false;
    b->compiler = compilers[i];
    b->major = (unsigned)major;
    return true;
  }
  return false;
}

static int compare_builds(const void *a, const void *b) {
  const struct build *x = a, *y = b;
  if (x->compiler != y->compiler)
    return x->compiler < y->compiler ? -1 : 1;
  return x->major < y->major ? -1 : x->major > y->major;
}

void list_builds(const char *dir, char *out, size_t outlen) {
  struct build builds[64];
  size_t count = 0;
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *entry;
    while ((entry = readdir(d)) && count < sizeof builds / sizeof builds[0]) {
      if (parse_build_name(entry->d_name, &builds[count]))
        count++;
    }
    closedir(d);
  }
  qsort(builds, count, sizeof builds[0], compare_builds);
  snprintf(out, outlen, "%s", count ? "" : "none");
  for (size_t i = 0; i < count; i++) {
    size_t used = strlen(out);
    snprintf(out + used, outlen - used, "%s%s %u", i ? ", " : "",
             host_compiler_name(builds[i].compiler), builds[i].major);
  }
}
