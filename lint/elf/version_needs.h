/* Symbol-version needs as the loader checks them when it maps a module
 * (glibc elf/dl-version.c _dl_check_map_versions and match_symbol; FreeBSD
 * rtld_verify_object_versions): each DT_VERNEED entry names a library by
 * the name it was linked against and versions it must define. A version
 * that library's DT_VERDEF lacks fails the load, before any relocation,
 * unless the need is weak or the library has no DT_VERDEF at all. musl
 * checks none of this. */
#ifndef TLSGUARD_VERSION_NEEDS_H
#define TLSGUARD_VERSION_NEEDS_H

#include <stdbool.h>

#include "resolve/closure.h"

struct version_miss {
  const struct cached_module *library; /* the module the need names */
  const char *version;
};

/* The first version requirer needs that the module it names (matched by
 * soname or file name among loaded, as glibc's find_needed matches) does
 * not define. A need whose library is not in loaded is not checked here:
 * the missing library is its own finding. */
bool version_needs_first_miss(const struct cached_module *requirer,
                              const struct loaded_set *loaded,
                              struct version_miss *out);

struct file_report;
/* A missing-symbol-version finding for each module of c (the root and what
 * its dlopen loads) that needs a version its library lacks; process: the
 * modules already loaded, whose libraries can also be the ones named. */
void version_needs_report(struct file_report *r, const struct closure *c,
                          const struct loaded_set *process);

#endif
