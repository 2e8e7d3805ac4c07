/* A small open-addressing map from a key (a string or a pointer, chosen
 * per map) to an int, for the per-closure lookups that were linear scans.
 * Keys are borrowed: they must outlive the map. */
#ifndef TLSGUARD_HMAP_H
#define TLSGUARD_HMAP_H

#include <stdbool.h>
#include <stddef.h>

struct hmap_slot {
  const void *key;
  int value;
  size_t hash; /* the key's, kept for growing and to skip most strcmps */
};

struct hmap {
  bool by_pointer; /* compare keys as pointers, not as strings */
  struct hmap_slot *slots;
  size_t cap, n;
};

/* Insert key unless it is there already: the first value put wins. */
void hmap_put_first(struct hmap *m, const void *key, int value);
/* The value for key, or -1. */
int hmap_get(const struct hmap *m, const void *key);
void hmap_free(struct hmap *m);

/* A string's hash: shared by every string-keyed table. */
size_t hash_string(const char *s);

#endif
