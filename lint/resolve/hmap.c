#include "hmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tlsguard/report.h"

size_t hash_string(const char *s) {
  size_t h = 14695981039346656037ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* murmur3's finalizer: the table index is the low bits, where FNV's
 * product and heap addresses vary least. */
static size_t hash_key(const struct hmap *m, const void *key) {
  uint64_t h = m->by_pointer ? (uint64_t)(uintptr_t)key : hash_string(key);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return (size_t)h;
}

static bool same(const struct hmap *m, const void *a, const void *b) {
  return m->by_pointer ? a == b : !strcmp(a, b);
}

static struct hmap_slot *find(const struct hmap *m, const void *key) {
  for (size_t i = hash_key(m, key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1))
    if (!m->slots[i].key || same(m, m->slots[i].key, key))
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
        *find(m, old.slots[i].key) = old.slots[i], m->n++;
    free(old.slots);
  }
  struct hmap_slot *s = find(m, key);
  if (s->key)
    return;
  *s = (struct hmap_slot){key, value};
  m->n++;
}

int hmap_get(const struct hmap *m, const void *key) {
  if (!m->n)
    return -1;
  const struct hmap_slot *s = find(m, key);
  return s->key ? s->value : -1;
}

void hmap_free(struct hmap *m) {
  free(m->slots);
  m->slots = NULL;
  m->cap = m->n = 0;
}
