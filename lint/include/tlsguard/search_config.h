/* Where libraries are searched for: the root (--sysroot), the extra and
 * LD_LIBRARY_PATH directories, the ld.so cache, $PLATFORM, glibc-hwcaps
 * and LD_PRELOAD. The command line fills one in; the run searches with it
 * (resolve/search_path.c) the way the loader does. */
#ifndef TLSGUARD_SEARCH_CONFIG_H
#define TLSGUARD_SEARCH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "tlsguard/loader_kind.h"

struct ldso_cache;

struct search_config {
  char *root;          /* NULL or "/": the host */
  char **library_path; /* --library-path DIRs, searched with LD_LIBRARY_PATH */
  size_t n_library_path;
  char **ld_library_path; /* LD_LIBRARY_PATH entries */
  size_t n_ld_library_path;
  char *platform; /* $PLATFORM; NULL: the architecture's usual value */
  struct ldso_cache *cache; /* of the root; loaded by search_config_finish */
  /* Whose search: glibc's (also used for FreeBSD) or musl's. A copy of the
   * run's config with another loader shares its lists and cache. */
  enum loader_kind loader;
  /* glibc-hwcaps subdirectories searched in each directory before it,
   * in priority order ("x86-64-v3"); none when n_hwcaps is 0. */
  char **hwcaps;
  size_t n_hwcaps;
  bool hwcaps_set; /* --hwcaps given: no default from this machine's CPU */
  /* LD_PRELOAD entries: start-up modules after the program itself. */
  char **preload;
  size_t n_preload;
};

/* How the search found a library: the step of the loader's order that
 * named its directory. */
enum resolved_how {
  RESOLVED_PATHNAME, /* the name had a slash */
  RESOLVED_RPATH,
  RESOLVED_LD_LIBRARY_PATH,
  RESOLVED_LIBRARY_PATH,
  RESOLVED_RUNPATH,
  RESOLVED_CACHE,
  RESOLVED_CONF,
  RESOLVED_DEFAULT,
  RESOLVED_PACKAGE,   /* another member of the same package */
  RESOLVED_LOADER,    /* musl: libc.so and friends are the loader itself */
  RESOLVED_MUSL_PATH, /* musl: /etc/ld-musl-ARCH.path or its default */
  RESOLVED_PRELOAD,   /* LD_PRELOAD */
};
/* Its name in reports: "ld.so.cache", "DT_RUNPATH", ... */
const char *resolved_how_name(enum resolved_how how);

/* --hwcaps=LIST: glibc-hwcaps subdirectories, best first, or "none". Without
 * it, search_config_finish takes this machine's x86-64 ISA levels (as ld.so
 * --help lists them "supported, searched") unless there is a --sysroot. */
void search_config_set_hwcaps(struct search_config *cfg, const char *list);

/* LD_PRELOAD (or --preload): split on spaces and colons, as glibc and musl
 * split it. */
void search_config_set_preload(struct search_config *cfg, const char *list);

void search_config_init(struct search_config *cfg);
/* Split a colon-separated list into cfg->ld_library_path. */
void search_config_set_ld_library_path(struct search_config *cfg,
                                       const char *value);
void search_config_add_library_path(struct search_config *cfg, const char *dir);
void search_config_finish(struct search_config *cfg);
void search_config_free(struct search_config *cfg);

#endif
