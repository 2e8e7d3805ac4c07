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

/* The answers to "which module of this loaded set does a DT_VERNEED file
 * name" (module_name_matches, the first that matches), kept for all the
 * modules checked against one scope: a scope's modules need a handful of
 * distinct libraries (libc.so.6, libm.so.6, ...), each scanned for once,
 * not once per requirer. The set must outlive it. */
struct verneed_scope {
  const struct loaded_set *set;
  struct verneed_answer {
    const char *file;
    const struct cached_module *lib;
  } * answers;
  size_t n, cap;
};
void verneed_scope_init(struct verneed_scope *ix, const struct loaded_set *set);
void verneed_scope_free(struct verneed_scope *ix);

/* The first version requirer needs that the module it names (matched by
 * soname or file name among the indexed set, the first that matches, as
 * glibc's find_needed matches) does not define. A need whose library is not
 * in the set is not checked here: the missing library is its own finding. */
bool version_needs_first_miss(const struct cached_module *requirer,
                              struct verneed_scope *loaded,
                              struct version_miss *out);

struct file_report;
/* A missing-symbol-version finding for each module of c (the root and what
 * its dlopen loads) that needs a version its library lacks; process: the
 * modules already loaded, whose libraries can also be the ones named. */
void version_needs_report(struct file_report *r, const struct closure *c,
                          const struct loaded_set *process);

#endif
