/* Modules opened once per run and shared by every input's dependency
 * closure (libc.so.6 is read once, not once per library that needs it).
 * Thread-safe; entries live until the cache is freed. */
#ifndef TLSGUARD_RESOLVE_MODULE_CACHE_H
#define TLSGUARD_RESOLVE_MODULE_CACHE_H

#include "resolve/sysroot.h"
#include "tlsguard/elf_module.h"

struct module_cache;

struct module_cache *module_cache_new(void);
void module_cache_free(struct module_cache *c);

/* Open (once) the file at a canonical host path. */
const struct cached_module *module_cache_get(struct module_cache *c,
                                             const char *path);

/* root_resolve, remembered: every library's search tries the same
 * candidate paths (libc.so.6 in each system directory), and resolving one
 * is a realpath walk of system calls. *canonical, on ROOT_RESOLVE_OK, lives
 * as long as the cache. */
enum root_resolve module_cache_resolve(struct module_cache *c, const char *root,
                                       const char *path,
                                       const char **canonical);

#endif
