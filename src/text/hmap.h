/* hmap.h — the one hash map of the library: open addressing from nonzero
 * 64-bit keys (already hashes, px__hash) to 32-bit values, linear probing,
 * load kept under 1/2. Key and value share a slot, so a lookup in a map
 * larger than the cache costs one miss. Get and put are inline: the
 * feature extractor and the linker make several per word. */
#ifndef PX_HMAP_H
#define PX_HMAP_H
#include <stddef.h>
#include <stdint.h>

typedef struct px__hslot {
  uint64_t key; /* 0 marks an empty slot; key 0 is stored as 1 */
  uint32_t val;
} px__hslot;

typedef struct px__hmap {
  px__hslot *slots; /* key and value side by side: one cache miss */
  size_t cap, n;
} px__hmap;

void px__hmap_free(px__hmap *m);
void px__hmap_clear(px__hmap *m);
/* Doubles the capacity; -1 when out of memory (hmap.c). */
int px__hmap_grow(px__hmap *m);

/* Get and put are inline: the linker makes several per word. Keys are
 * hashes already; the low bits index the table. */
static inline size_t px__hmap_home(const px__hmap *m, uint64_t key) {
  return (size_t)(key ^ (key >> 29)) & (m->cap - 1);
}

/* The slot of key, or the empty slot where it would go. */
static inline px__hslot *px__hmap_slot(const px__hmap *m, uint64_t key) {
  size_t mask = m->cap - 1, i = px__hmap_home(m, key);
  while (m->slots[i].key && m->slots[i].key != key) i = (i + 1) & mask;
  return &m->slots[i];
}

/* The value of key, or NULL when absent. Borrowed until the next put. */
static inline uint32_t *px__hmap_get(const px__hmap *m, uint64_t key) {
  if (!m->n) return NULL;
  px__hslot *s = px__hmap_slot(m, key ? key : 1);
  return s->key ? &s->val : NULL;
}

/* The value of key, inserted as init when absent (*created says which).
 * NULL when out of memory. Borrowed until the next put. */
static inline uint32_t *px__hmap_put(px__hmap *m, uint64_t key,
                                     uint32_t init, int *created) {
  if (!key) key = 1;
  if ((m->n + 1) * 2 > m->cap && px__hmap_grow(m)) return NULL;
  px__hslot *s = px__hmap_slot(m, key);
  if (created) *created = !s->key;
  if (!s->key) {
    s->key = key;
    s->val = init;
    m->n++;
  }
  return &s->val;
}

/* Where key's search starts (NULL in an empty map). */
static inline const void *px__hmap_where(const px__hmap *m, uint64_t key) {
  return m->cap ? &m->slots[px__hmap_home(m, key ? key : 1)] : NULL;
}

/* Starts loading key's slot into the cache, so that the misses of a batch
 * of lookups in a large map overlap. A macro: GCC finds a function around
 * the builtin free of side effects and drops the calls. A prefetch never
 * faults, even on NULL. */
#if defined(__GNUC__) || defined(__clang__)
#define px__hmap_prefetch(m, key) __builtin_prefetch(px__hmap_where((m), (key)))
#else
#define px__hmap_prefetch(m, key) ((void)px__hmap_where((m), (key)))
#endif

#endif
