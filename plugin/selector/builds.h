/* The per-compiler builds that sit next to tlsguard.so:
 * tlsguard-clang-14.so, tlsguard-clang-22.so, ... (and, later,
 * tlsguard-gcc-12.so). */
#ifndef TLSGUARD_SELECTOR_BUILDS_H
#define TLSGUARD_SELECTOR_BUILDS_H

#include "host.h"

#include <stdbool.h>
#include <stddef.h>

/* The directory tlsguard.so was loaded from, symlinks resolved. */
bool selector_directory(char *out, size_t outlen);

/* "DIR/tlsguard-clang-22.so". Returns false when it does not fit. */
bool build_path(const char *dir, const struct host *h, char *out,
                size_t outlen);

/* "clang 14, clang 19, clang 22", or "none", for messages. */
void list_builds(const char *dir, char *out, size_t outlen);

#endif
