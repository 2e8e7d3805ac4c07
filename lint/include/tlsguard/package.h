/* Packages users ship — Python wheels, tarballs, .deb, conda packages —
 * read in memory with libarchive (one library for zip, tar with any
 * compression, and ar; libzip would cover wheels only). Nothing is written
 * to disk. ELF members are kept; archives inside (a .deb's data.tar.xz, a
 * .conda's pkg-*.tar.zst) are read in turn. Member sizes and the total are
 * bounded, and a member whose name climbs out of the package is refused. */
#ifndef TLSGUARD_PACKAGE_H
#define TLSGUARD_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tlsguard/elf_module.h"

struct package_limits {
  uint64_t max_member; /* bytes one member may decompress to */
  uint64_t max_total;  /* bytes of ELF members kept in memory */
  unsigned max_depth;  /* archives inside archives */
};

struct package_member {
  char *display;    /* "dist/x.whl!pkg/_ext.so" */
  char *inner;      /* "pkg/_ext.so": its path inside the package's file tree */
  const char *name; /* "pkg/_ext.so" as the archive names it: display's tail */
  struct cached_module cm; /* the parsed module (cm.path is display) */
  struct elf_module module;
  void *image;
  size_t size;
};

struct package_problem {
  char *where; /* the package or member it concerns */
  char *message;
};

/* A symbolic link in the package's file tree (tar, .deb, conda): followed
 * only to a member of the same package, never to a file on this system. */
struct package_link {
  char *inner;  /* its path in the tree */
  char *target; /* the tree-relative path it names, or NULL: outside */
};

struct package {
  char *path;
  struct package_member *
      *members; /* stable addresses: closures point at them */
  size_t n, cap;
  struct package_problem *problems;
  size_t n_problems, cap_problems;
  uint64_t kept;
  struct package_link *links;
  size_t n_links, cap_links;
};

/* Read a package from memory (nested archives, the fuzzer). Problems with
 * single members are recorded and reading goes on; false (with err) means
 * the package could not be read at all. */
bool package_read_memory(const char *path, const void *data, size_t size,
                         const struct package_limits *limits,
                         struct package *out, char *err, size_t errlen);
void package_free(struct package *p);

/* A library a package member needs, found inside the package: through the
 * member's $ORIGIN-relative DT_RUNPATH/DT_RPATH entries, else by soname or
 * file name anywhere in the package (auditwheel's <pkg>.libs/). A path or
 * name that is a symbolic link in the package is followed to the member it
 * names (a relative target from the link's directory, an absolute one from
 * the package's root, as installed), never out of the package. */
const struct cached_module *
package_resolve(const struct package *p, const struct cached_module *requester,
                const char *name, const char **how);

#endif
