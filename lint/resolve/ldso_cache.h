/* Loading a root's cache and its ld.so.conf directories (the library
 * search). The public part, parsing and looking up, is
 * tlsguard/ldso_cache.h. */
#ifndef TLSGUARD_RESOLVE_LDSO_CACHE_H
#define TLSGUARD_RESOLVE_LDSO_CACHE_H

#include "tlsguard/ldso_cache.h"

/* Never NULL: a root without a cache or config gives an empty one. */
struct ldso_cache *ldso_cache_load(const char *root);
/* Whether the root has a cache file (else ld.so.conf is read). */
bool ldso_cache_present(const struct ldso_cache *c);
/* Directories from ld.so.conf (includes expanded), for roots with no cache. */
const char *const *ldso_conf_dirs(const struct ldso_cache *c, size_t *n);

#endif
