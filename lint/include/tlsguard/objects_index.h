/* --objects=PATH: the objects and archives a shared object was linked from
 * (a build tree, a cargo target/ directory), indexed by the TLS symbols they
 * reach with initial-exec or local-exec, so a finding can name the member
 * that brought static TLS in. */
#ifndef TLSGUARD_OBJECTS_INDEX_H
#define TLSGUARD_OBJECTS_INDEX_H

#include <stddef.h>

#include "tlsguard/tls_abi.h"

struct object_origin {
  char *object; /* "libfoo.a(tsd.o)" or "build/tsd.o" */
  char *symbol;
  enum tls_model model;
  const char *type_name;
  char *functions; /* "je_tsd_fetch, je_malloc" */
  unsigned count;
};

struct objects_index {
  struct object_origin *items;
  size_t n, cap;
  size_t objects_read;
  char **errors;
  size_t n_errors;
};

/* Add a file (.o, .a, .rlib) or a directory walked for them (by magic). */
void objects_index_add(struct objects_index *ix, const char *path);
void objects_index_free(struct objects_index *ix);

#endif
