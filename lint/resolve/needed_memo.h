/* A module's DT_NEEDED entries as resolve_needed found them, kept in the
 * module cache: an input's closure is then a walk over cached edges, not a
 * search (a stat of every candidate path) per module per input. Valid only
 * where the search does not depend on who loaded the module (no DT_RPATH
 * inherited from the modules above it) and only for the search config it
 * was made with. */
#ifndef TLSGUARD_NEEDED_MEMO_H
#define TLSGUARD_NEEDED_MEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "closure.h" /* the module cache and search config it names */

struct resolved_needed {
  bool found;
  struct resolve_result rr; /* rr.problem owned by the memo */
};

struct needed_memo {
  struct search_config search; /* the search it holds for (lists shared) */
  struct needed_memo *next;
  size_t n;                       /* the module's n_needed */
  struct resolved_needed edges[]; /* in DT_NEEDED order */
};

/* Whether two configs search alike: the same lists (a config and its
 * search_config_for copies share them) and the same loader. */
bool search_config_same(const struct search_config *a,
                        const struct search_config *b);

/* Whether cm is one of c's entries (a package member is not): only those
 * have memos. */
bool module_cache_owns(struct module_cache *c, const struct cached_module *cm);

/* cm's memo for cfg's search, or NULL. cm must be one of a module cache's
 * entries. Thread-safe. */
const struct needed_memo *module_cache_memo(const struct cached_module *cm,
                                            const struct search_config *cfg);

/* Keep memo for cm (the cache takes it over); returns the memo that is
 * kept: another thread's, when it got there first (memo is then freed). */
const struct needed_memo *module_cache_memo_add(const struct cached_module *cm,
                                                struct needed_memo *memo);

void needed_memo_free(struct needed_memo *memo);

/* A DT_NEEDED name's resolution for every requester that searches alike:
 * one without DT_RPATH or DT_RUNPATH, whose search depends only on its
 * ELF class, machine, byte order and DF_1_NODEFLIB (key says those and the
 * name). Only resolutions without a problem to report are kept (a problem
 * names its requester). false when there is none for key. */
bool module_cache_name_get(struct module_cache *c,
                           const struct search_config *cfg, const char *key,
                           bool *found, struct resolve_result *rr);
void module_cache_name_put(struct module_cache *c,
                           const struct search_config *cfg, const char *key,
                           bool found, const struct resolve_result *rr);

#endif
