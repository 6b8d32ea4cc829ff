/* stem.c — Snowball English stems (libstemmer) behind a cache. News text
 * repeats a small vocabulary, so most words are stemmed once per analyzer;
 * the cache is an open-addressing table keyed by a hash of the word, and is
 * simply emptied when full, which bounds its memory. In front of it, a
 * small direct-mapped table holds the words met last with their stems in
 * the slot itself: the frequent words are found there without the two
 * cache misses (slot, bytes) of the large table, which is several MB. */
#include <stdlib.h>
#include <string.h>
#include <libstemmer.h>
#include "text_internal.h"

#define CACHE_SLOTS (1u << 16)          /* power of two */
#define CACHE_MAX_FILL (CACHE_SLOTS / 2)
#define CACHE_BYTES ((size_t)4 << 20)   /* words and stems */
#define MAX_STEM_WORD 64                /* longer words are not stemmed */

#define HOT_SLOTS 4096                  /* power of two; 128 KB */
#define HOT_BYTES 26                    /* word and stem, in the slot */

typedef struct {
  uint32_t tag;    /* the hash's high half, odd; 0: empty */
  uint8_t word_len, stem_len;
  char b[HOT_BYTES]; /* word then stem */
} hot_slot;

typedef struct {
  uint64_t hash;   /* 0: empty slot */
  uint32_t word;   /* offset in bytes: word then stem */
  uint16_t word_len, stem_len;
  uint8_t stop;    /* the word is a stopword */
} slot;

struct px__stem_cache {
  struct sb_stemmer *stemmer;
  hot_slot *hot;   /* stop flag: bit 7 of stem_len */
  slot *slots;
  size_t fill;
  char *bytes;
  size_t used;
};

px__stem_cache *px__stem_cache_new(void) {
  px__stem_cache *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->stemmer = sb_stemmer_new("english", "UTF_8");
  c->hot = calloc(HOT_SLOTS, sizeof *c->hot);
  c->slots = calloc(CACHE_SLOTS, sizeof *c->slots);
  c->bytes = malloc(CACHE_BYTES);
  if (!c->stemmer || !c->hot || !c->slots || !c->bytes) {
    px__stem_cache_free(c);
    return NULL;
  }
  return c;
}

void px__stem_cache_free(px__stem_cache *c) {
  if (!c) return;
  if (c->stemmer) sb_stemmer_delete(c->stemmer);
  free(c->hot);
  free(c->slots);
  free(c->bytes);
  free(c);
}

/* Words are short: a loop beats a call to memcmp here. */
static int same_bytes(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* Puts a word and its stem in the hot slot hs when they fit; returns the
 * stem (borrowed until the next call either way). */
static const char *hot_put(hot_slot *hs, uint32_t tag, const char *w,
                           size_t n, const char *st, size_t sl, int stop) {
  if (n + sl > HOT_BYTES || sl > 0x7f) return st;
  hs->tag = tag;
  hs->word_len = (uint8_t)n;
  hs->stem_len = (uint8_t)(sl | (stop ? 0x80 : 0));
  memcpy(hs->b, w, n);
  memcpy(hs->b + n, st, sl);
  return hs->b + n;
}

static void cache_clear(px__stem_cache *c) {
  memset(c->slots, 0, CACHE_SLOTS * sizeof *c->slots);
  c->fill = 0;
  c->used = 0;
}

const char *px__stem_cached(px__stem_cache *c, const char *w, size_t n,
                            uint64_t hash, size_t *out_len, int *stop) {
  *stop = 0;
  if (n == 0 || n > MAX_STEM_WORD) {
    *out_len = n;
    return w;
  }
  uint64_t h = hash | 1; /* 0 marks an empty slot */
  hot_slot *hs = &c->hot[(h >> 20) & (HOT_SLOTS - 1)];
  uint32_t tag = (uint32_t)(h >> 32) | 1;
  if (hs->tag == tag && hs->word_len == n && same_bytes(hs->b, w, n)) {
    *out_len = hs->stem_len & 0x7f;
    *stop = hs->stem_len >> 7;
    return hs->b + n;
  }
  size_t i = (size_t)h & (CACHE_SLOTS - 1);
  for (; c->slots[i].hash; i = (i + 1) & (CACHE_SLOTS - 1)) {
    slot *s = &c->slots[i];
    if (s->hash == h && s->word_len == n && same_bytes(c->bytes + s->word, w, n)) {
      *out_len = s->stem_len;
      *stop = s->stop;
      return hot_put(hs, tag, w, n, c->bytes + s->word + n, s->stem_len,
                     s->stop);
    }
  }
  const sb_symbol *st = sb_stemmer_stem(c->stemmer, (const sb_symbol *)w, (int)n);
  if (!st) {
    *out_len = n;
    return w;
  }
  size_t sl = (size_t)sb_stemmer_length(c->stemmer);
  if (c->fill >= CACHE_MAX_FILL || c->used + n + sl > CACHE_BYTES) {
    cache_clear(c);
    i = (size_t)h & (CACHE_SLOTS - 1);
  }
  slot *s = &c->slots[i];
  s->hash = h;
  s->word = (uint32_t)c->used;
  s->word_len = (uint16_t)n;
  s->stem_len = (uint16_t)sl;
  s->stop = (uint8_t)px_is_stopword(w, n);
  *stop = s->stop;
  memcpy(c->bytes + c->used, w, n);
  memcpy(c->bytes + c->used + n, st, sl);
  c->used += n + sl;
  c->fill++;
  *out_len = sl;
  return hot_put(hs, tag, w, n, c->bytes + s->word + n, sl, s->stop);
}

const char *px_stem(px_analyzer *a, const char *w, size_t n, size_t *out_len) {
  int stop;
  return px__stem_cached(a->stems, w, n, px__hash(w, n), out_len, &stop);
}
