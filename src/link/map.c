/* map.c — the small containers of the linker: a growable-array helper and
 * an open-addressing hash map from 64-bit keys (already hashes) to 32-bit
 * values, with linear probing and a load factor kept under 1/2. A key and
 * its value share a slot, so a lookup in a map larger than the cache
 * costs one miss, not two. Lookups are inline in link_internal.h; what is
 * here allocates. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

int px__link_grow_slow(void **p, uint32_t *cap, size_t need, size_t elsize) {
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
  free(m->slots);
  memset(m, 0, sizeof *m);
}

void px__hmap_clear(px__hmap *m) {
  if (m->slots) memset(m->slots, 0, m->cap * sizeof *m->slots);
  m->n = 0;
}

int px__hmap_grow(px__hmap *m) {
  size_t cap = m->cap ? m->cap * 2 : 64;
  px__hslot *slots = calloc(cap, sizeof *slots);
  if (!slots) return -1;
  px__hmap old = *m;
  m->slots = slots;
  m->cap = cap;
  for (size_t i = 0; i < old.cap; i++)
    if (old.slots[i].key) *px__hmap_slot(m, old.slots[i].key) = old.slots[i];
  free(old.slots);
  return 0;
}
