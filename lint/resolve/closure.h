/* The modules a dlopen of one library brings into a process: its DT_NEEDED
 * closure in the loader's breadth-first order, minus what the process has
 * already loaded (matched by soname, as ld.so matches them), plus what could
 * not be found. Loops are followed once and noted. */
#ifndef TLSGUARD_CLOSURE_H
#define TLSGUARD_CLOSURE_H

#include <stdbool.h>
#include <stddef.h>

#include "hmap.h"
#include "resolve/module_cache.h"
#include "resolve/search_path.h"
#include "tlsguard/loader_model.h"

struct closure_node {
  const struct cached_module *cm;
  int parent; /* node whose DT_NEEDED brought it; -1 for the root */
  const char *needed_name; /* the DT_NEEDED string that named it */
  enum resolved_how how;
  bool preloaded; /* already in the process: not loaded again */
};

enum closure_issue_kind { CLOSURE_UNRESOLVED, CLOSURE_LOOP };

struct closure_issue {
  enum closure_issue_kind kind;
  int requester; /* node index */
  char *name;    /* the DT_NEEDED string */
  /* CLOSURE_UNRESOLVED: the search's account of the candidates it
   * skipped (search_path.c), or NULL when there were none. */
  struct search_problem *search_problem;
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
/* The closure of root alone, its DT_NEEDED not followed (--no-deps). */
void closure_of_root(struct closure *c, const struct cached_module *root);
void closure_free(struct closure *c);

/* "libtest.so → libjemalloc.so.2": node names from the root down to node i.
 * Returns how many there are; names gets the first max of them. */
size_t closure_chain(const struct closure *c, size_t i, const char **names,
                     size_t max);

/* The module a relocation's symbol binds to, as the loader binds it for a
 * dlopened library: a local symbol, or (glibc) one of hidden, internal or
 * protected visibility, is the referencing module's own; a DT_SYMBOLIC
 * module (glibc, FreeBSD) looks in itself first; then the process's global
 * scope (start-up and preloaded modules), then the library's own
 * breadth-first closure. NULL when nothing defines it. */
struct tls_reloc;
const struct cached_module *
closure_find_definer(const struct closure *c, const struct loaded_set *global,
                     const struct cached_module *referrer,
                     const struct tls_reloc *rel, enum loader_kind loader);

const char *module_display_name(const struct cached_module *cm);

/* Whether ld.so takes a loaded module for a DT_NEEDED (or DT_VERNEED)
 * name: its soname, or its path (a name with a slash) or file name. */
bool module_name_matches(const struct cached_module *cm, const char *name);

#endif
