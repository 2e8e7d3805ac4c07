/* Which compiler family and major version the real compiler is, asked of
 * the compiler itself (its predefined macros: __clang_major__, __GNUC__),
 * so a wrapper script, a renamed binary or /usr/bin/cc all answer
 * truthfully. That costs a preprocessor run (10 to 30 ms), about as much as
 * a small compile, and a build runs the driver thousands of times: the
 * answer is cached per compiler, keyed by its resolved path and checked
 * against its device, inode, size and modification time, in
 * $TLSGUARD_CACHE_DIR, else $XDG_CACHE_HOME/tlsguard, else
 * ~/.cache/tlsguard. TLSGUARD_CACHE_DIR set but empty turns the cache off;
 * a cache that cannot be written is skipped silently. */
#ifndef TLSGUARD_DRIVER_COMPILER_IDENTITY_H
#define TLSGUARD_DRIVER_COMPILER_IDENTITY_H

#include <stdbool.h>

/* struct host and host_compiler_name(): the names the per-compiler plugin
 * builds carry (plugin/selector/host.h), shared so the two cannot differ. */
#include "host.h"

enum identity_source { IDENTITY_PROBED, IDENTITY_CACHED };

/* Fills *id (compiler HOST_UNKNOWN when the compiler is neither clang nor
 * gcc, or cannot be run). *source says whether the cache answered. */
void compiler_identity(const char *compiler_path, struct host *id,
                       enum identity_source *source);

#endif
