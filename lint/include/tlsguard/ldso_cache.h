/* glibc's /etc/ld.so.cache (the "glibc-ld.so.cache1.1" format written by
 * ldconfig) and, for roots without a cache, the directories ld.so.conf
 * names. Read once per root; lookups are by soname. */
#ifndef TLSGUARD_LDSO_CACHE_H
#define TLSGUARD_LDSO_CACHE_H

#include <stdbool.h>
#include <stddef.h>

struct ldso_cache;

void ldso_cache_free(struct ldso_cache *c);

/* Parse a cache file's bytes (the fuzzer's entry point); the cache takes
 * ownership of data (malloc'd, size + 1 bytes with a trailing NUL). */
struct ldso_cache *ldso_cache_parse(char *data, size_t size);

/* Paths inside the root that the cache lists for a soname, in cache order
 * (the loader takes the first with the right ELF class and machine). */
const char *const *ldso_cache_lookup(const struct ldso_cache *c,
                                     const char *soname, size_t *n);

#endif
