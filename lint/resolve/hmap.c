#include "hmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tlsguard/report.h"

/* Eight bytes a step (a path is hashed every time a closure node is
 * added); multiply and fold, with the length mixed in first. */
size_t hash_string(const char *s) {
  size_t n = strlen(s);
  uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
  for (; n >= 8; s += 8, n -= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  uint64_t w = 0;
  memcpy(&w, s, n);
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 29;
  return (size_t)h;
}

/* murmur3's finalizer: the table index is the low bits, where the string
 * hash's product and heap addresses vary least. */
static size_t hash_key(const struct hmap *m, const void *key) {
  uint64_t h = m->by_pointer ? (uint64_t)(uintptr_t)key : hash_string(key);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return (size_t)h;
}

static bool same(const struct hmap *m, const struct hmap_slot *s,
                 const void *key, size_t hash) {
  return m->by_pointer ? s->key == key
                       : s->hash == hash && !strcmp(s->key, key);
}

static struct hmap_slot *find(const struct hmap *m, const void *key,
                              size_t hash) {
  for (size_t i = hash & (m->cap - 1);; i = (i + 1) & (m->cap - 1))
    if (!m->slots[i].key || same(m, &m->slots[i], key, hash))
      return &m->slots[i];
}

void hmap_put_first(struct hmap *m, const void *key, int value) {
  if ((m->n + 1) * 2 > m->cap) {
    struct hmap old = *m;
    m->cap = m->cap ? m->cap * 2 : 32;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    m->n = 0;
    for (size_t i = 0; i < old.cap; i++)
      if (old.slots[i].key)
        *find(m, old.slots[i].key, old.slots[i].hash) = old.slots[i], m->n++;
    free(old.slots);
  }
  size_t hash = hash_key(m, key);
  struct hmap_slot *s = find(m, key, hash);
  if (s->key)
    return;
  *s = (struct hmap_slot){key, value, hash};
  m->n++;
}

int hmap_get(const struct hmap *m, const void *key) {
  if (!m->n)
    return -1;
  const struct hmap_slot *s = find(m, key, hash_key(m, key));
  return s->key ? s->value : -1;
}

void hmap_free(struct hmap *m) {
  free(m->slots);
  m->slots = NULL;
  m->cap = m->n = 0;
}
