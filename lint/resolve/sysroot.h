/* Paths inside a root directory (a cross sysroot, an unpacked wheel): every
 * absolute path and every absolute symlink target is taken relative to the
 * root, as if the loader ran chrooted there, and nothing may climb out. */
#ifndef TLSGUARD_RESOLVE_SYSROOT_H
#define TLSGUARD_RESOLVE_SYSROOT_H

#include <stdbool.h>

enum root_resolve {
  ROOT_RESOLVE_OK,
  ROOT_RESOLVE_MISSING, /* no such file (or a dangling link) */
  ROOT_RESOLVE_ESCAPES, /* ".." or a link would leave the root */
  ROOT_RESOLVE_LOOP,    /* too many symlinks */
};

/* Resolve path (absolute, meaning relative to root) to a host path of an
 * existing file with every symlink followed inside root. root "/" or NULL is
 * the host itself. On ROOT_RESOLVE_OK *out is malloc'd. */
enum root_resolve root_resolve(const char *root, const char *path, char **out);

/* The path inside root of a host path under it ("/usr/lib/x.so" for
 * "ROOT/usr/lib/x.so"); NULL when host_path is not under root. */
const char *root_relative(const char *root, const char *host_path);

#endif
