/* Finding a DT_NEEDED library the way glibc's ld.so does (elf/dl-load.c
 * _dl_map_object): a name with a slash as given; else DT_RPATH of the
 * requester and of each module up its loader chain (only when the requester
 * has no DT_RUNPATH), LD_LIBRARY_PATH, the requester's DT_RUNPATH, the
 * ld.so cache, the default directories. $ORIGIN, $LIB and $PLATFORM are
 * expanded. A candidate with the wrong ELF class or machine is skipped, as
 * the loader skips it. */
#ifndef TLSGUARD_SEARCH_PATH_H
#define TLSGUARD_SEARCH_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "tlsguard/ldso_cache.h"
#include "tlsguard/module_cache.h"
#include "tlsguard/loader_model.h"

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

/* --hwcaps=LIST: glibc-hwcaps subdirectories, best first, or "none". Without
 * it, search_config_finish takes this machine's x86-64 ISA levels (as ld.so
 * --help lists them "supported, searched") unless there is a --sysroot. */
void search_config_set_hwcaps(struct search_config *cfg, const char *list);

/* LD_PRELOAD (or --preload): split on spaces and colons, as glibc and musl
 * split it. */
void search_config_set_preload(struct search_config *cfg, const char *list);

/* The same config searching the way another loader does (shares cfg's
 * lists: never freed on its own). */
struct search_config search_config_for(const struct search_config *cfg,
                                       enum loader_kind loader);

void search_config_init(struct search_config *cfg);
/* Split a colon-separated list into cfg->ld_library_path. */
void search_config_set_ld_library_path(struct search_config *cfg,
                                       const char *value);
void search_config_add_library_path(struct search_config *cfg, const char *dir);
void search_config_finish(struct search_config *cfg);
void search_config_free(struct search_config *cfg);

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
const char *resolved_how_name(enum resolved_how how);

/* The module that asks for a library, and the ones that loaded it: DT_RPATH
 * is inherited up this chain. */
struct requester {
  const struct elf_module *module;
  const char *path; /* canonical host path */
  const struct requester *loader;
};

struct resolve_result {
  const struct cached_module *found; /* NULL when not found */
  enum resolved_how how;
  char *problem; /* a reportable oddity met on the way (malloc'd), or NULL */
};

bool resolve_needed(const struct search_config *cfg, struct module_cache *mc,
                    const struct requester *req, const char *name,
                    struct resolve_result *out);

/* Open a path the user gave: an input (a host path) or, with inside_root,
 * a path inside the root (--host=/usr/bin/python3 with --sysroot). */
const struct cached_module *resolve_input(const struct search_config *cfg,
                                          struct module_cache *mc,
                                          const char *path, bool inside_root);

/* Why resolve_input(cfg, mc, path, true) finds nothing: where it looked and
 * why, and whether the path exists on this machine outside the sysroot
 * (malloc'd); NULL when it does resolve. */
char *explain_path_in_root(const struct search_config *cfg, const char *path);

#endif
