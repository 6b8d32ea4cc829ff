/* base.h — the two tools every layer of the library shares: one growable
 * array and one hash function. It sits in src/text/, the lowest layer, so
 * that ingest, analyze and link can all include it without pointing up.
 * Internal (px__ names); the public API is include/parallax.h. */
#ifndef PX_BASE_H
#define PX_BASE_H
#include <stddef.h>
#include <stdint.h>
#include <xxhash.h>

/* The most elements any growable array holds: news input can be hostile,
 * and every index in the library fits 32 bits. */
#define PX__GROW_MAX ((size_t)UINT32_MAX / 2)

/* Grows *p (an array of elsize-byte elements, capacity *cap) to hold at
 * least need elements, doubling from 8. Returns 0 on success, -1 when out
 * of memory or past PX__GROW_MAX (*p and *cap are then unchanged). */
int px__grow_slow(void **p, size_t *cap, size_t need, size_t elsize);

/* Inline: most calls find the room already there. */
static inline int px__grow(void **p, size_t *cap, size_t need,
                           size_t elsize) {
  return need <= *cap ? 0 : px__grow_slow(p, cap, need, elsize);
}

/* The one hash of the library (XXH3, 64 bits): term keys, the stem cache,
 * the exact-duplicate key, table indices. Stable across runs and
 * machines, so anything derived from it is deterministic. */
static inline uint64_t px__hash(const void *p, size_t n) {
  return XXH3_64bits(p, n);
}

/* The same hash with a seed: independent hash functions from one. */
static inline uint64_t px__hash_seeded(const void *p, size_t n,
                                       uint64_t seed) {
  return XXH3_64bits_withSeed(p, n, seed);
}
#endif
