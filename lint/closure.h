/* The modules a dlopen of one library brings into a process: its DT_NEEDED
 * closure in the loader's breadth-first order, minus what the process has
 * already loaded (matched by soname, as ld.so matches them), plus what could
 * not be found. Loops are followed once and noted. */
#ifndef TLSGUARD_CLOSURE_H
#define TLSGUARD_CLOSURE_H

#include <stdbool.h>
#include <stddef.h>

#include "hmap.h"
#include "module_cache.h"
#include "search_path.h"

struct closure_node {
  const struct cached_module *cm;
  int parent; /* node whose DT_NEEDED brought it; -1 for the root */
  const char *needed_name; /* the DT_NEEDED string that named it */
  enum resolved_how how;
  bool preloaded; /* already in the process: not loaded again */
};

enum closure_issue_kind { CLOSURE_UNRESOLVED, CLOSURE_LOOP, CLOSURE_NOTE };

struct closure_issue {
  enum closure_issue_kind kind;
  int requester; /* node index */
  char *name;    /* the DT_NEEDED string */
  char *message;
};

struct closure {
  struct closure_node *nodes;
  size_t n, cap;
  struct closure_issue *issues;
  size_t n_issues, cap_issues;
  /* closure.c's indexes of the nodes: by every name ld.so matches a loaded
   * object under, and by module. */
  struct hmap by_name, by_module;
};

/* Modules already in the process, in load order. */
struct loaded_set {
  const struct cached_module **mods;
  size_t n;
};

void closure_build(struct closure *c, const struct search_config *cfg,
                   struct module_cache *mc, const struct cached_module *root,
                   const struct loaded_set *already);

struct package;
/* The same for a member of a package: its libraries are looked for in the
 * package first (package_resolve), then on the system. */
void closure_build_in(struct closure *c, const struct search_config *cfg,
                      struct module_cache *mc, const struct cached_module *root,
                      const struct loaded_set *already,
                      const struct package *pkg);
void closure_free(struct closure *c);

/* "libtest.so → libjemalloc.so.2": node names from the root down to node i.
 * Returns how many there are; names gets the first max of them. */
size_t closure_chain(const struct closure *c, size_t i, const char **names,
                     size_t max);

/* The module that defines a TLS symbol, searched as glibc searches a
 * dlopened library's relocations: the process's global scope (start-up
 * modules) first, then the library's own breadth-first closure. */
const struct cached_module *
closure_find_definer(const struct closure *c, const struct loaded_set *global,
                     const char *name, const char *version);

const char *module_display_name(const struct cached_module *cm);

#endif
