/* hmap.c — what the hash map of hmap.h does out of line: freeing,
 * clearing and doubling. Lookups are inline in hmap.h. */
#include <stdlib.h>
#include <string.h>
#include "hmap.h"

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
