/* Looking a symbol up in the --objects index (the findings' ORIGIN
 * notes). The public part, building the index, is tlsguard/objects_index.h. */
#ifndef TLSGUARD_SOURCES_OBJECTS_INDEX_H
#define TLSGUARD_SOURCES_OBJECTS_INDEX_H

#include "tlsguard/objects_index.h"

/* Every origin reaching symbol; fn is called for each. */
typedef void (*object_origin_fn)(void *ctx, const struct object_origin *o);
size_t objects_index_lookup(const struct objects_index *ix, const char *symbol,
                            object_origin_fn fn, void *ctx);

#endif
