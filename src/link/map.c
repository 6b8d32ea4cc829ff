/* map.c — the small containers of the linker: a growable-array helper and
 * an open-addressing hash map from 64-bit keys (already hashes) to 32-bit
 * values, with linear probing and a load factor kept under 1/2. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

int px__link_grow(void **p, uint32_t *cap, size_t need, size_t elsize) {
  if (need <= *cap) return 0;
  if (need > UINT32_MAX / 2) return -1;
  size_t c = *cap ? *cap : 8;
  while (c < need) c *= 2;
  void *q = realloc(*p, c * elsize);
  if (!q) return -1;
  *p = q;
  *cap = (uint32_t)c;
  return 0;
}

void px__hmap_free(px__hmap *m) {
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

void px__hmap_clear(px__hmap *m) {
  if (m->keys) memset(m->keys, 0, m->cap * sizeof *m->keys);
  m->n = 0;
}

/* Keys are hashes already; the low bits index the table. */
static size_t slot_of(const px__hmap *m, uint64_t key) {
  size_t mask = m->cap - 1, i = (size_t)(key ^ (key >> 29)) & mask;
  while (m->keys[i] && m->keys[i] != key) i = (i + 1) & mask;
  return i;
}

uint32_t *px__hmap_get(const px__hmap *m, uint64_t key) {
  if (!m->n) return NULL;
  if (!key) key = 1;
  size_t i = slot_of(m, key);
  return m->keys[i] ? &m->vals[i] : NULL;
}

static int rehash(px__hmap *m, size_t cap) {
  uint64_t *keys = calloc(cap, sizeof *keys);
  uint32_t *vals = malloc(cap * sizeof *vals);
  if (!keys || !vals) {
    free(keys);
    free(vals);
    return -1;
  }
  px__hmap old = *m;
  m->keys = keys;
  m->vals = vals;
  m->cap = cap;
  for (size_t i = 0; i < old.cap; i++) {
    if (!old.keys[i]) continue;
    size_t j = slot_of(m, old.keys[i]);
    m->keys[j] = old.keys[i];
    m->vals[j] = old.vals[i];
  }
  free(old.keys);
  free(old.vals);
  return 0;
}

uint32_t *px__hmap_put(px__hmap *m, uint64_t key, uint32_t init, int *created) {
  if (!key) key = 1;
  if ((m->n + 1) * 2 > m->cap && rehash(m, m->cap ? m->cap * 2 : 64))
    return NULL;
  size_t i = slot_of(m, key);
  if (created) *created = !m->keys[i];
  if (!m->keys[i]) {
    m->keys[i] = key;
    m->vals[i] = init;
    m->n++;
  }
  return &m->vals[i];
}
