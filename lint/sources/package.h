/* The rest of sources/package.c, for the run's own use: telling a package
 * by its first bytes or its name, and reading one from a file. The public
 * part is tlsguard/package.h. */
#ifndef TLSGUARD_SOURCES_PACKAGE_H
#define TLSGUARD_SOURCES_PACKAGE_H

#include "tlsguard/package.h"

void package_limits_init(struct package_limits *l);

/* True when the first bytes look like something package_read reads (zip,
 * tar, compressed tar, a .deb). */
bool package_sniff(const unsigned char *head, size_t n);
/* Names a directory walk treats as packages. */
bool package_name(const char *path);

/* Read a package file, as package_read_memory reads one in memory. */
bool package_read(const char *path, const struct package_limits *limits,
                  struct package *out, char *err, size_t errlen);

#endif
