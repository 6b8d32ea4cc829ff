/* minhash.c — MinHash signatures of word shingles for near-duplicates.
 *
 * One-permutation hashing (Li, Owen & Zhang 2012): each shingle is hashed
 * once; the top bits choose one of PX_MINHASH_K bins and the low 32 bits
 * compete for that bin's minimum. Empty bins are filled by optimal
 * densification (Shrivastava 2017): bin i borrows from the first non-empty
 * bin in a probe sequence that depends only on i, so two documents borrow
 * alike and the estimate stays unbiased. Cost: one hash per shingle
 * instead of one per shingle and permutation. */
#include <string.h>
#include "features_internal.h"

/* A strong 64-bit finaliser (murmur3 fmix64): the shingle hash is built by
 * cheap combination, this spreads it over every bit. */
static uint64_t mix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

static void add_shingle(uint32_t *sig, uint64_t h) {
  h = mix64(h);
  unsigned bin = (unsigned)(h >> 57); /* 7 bits: PX_MINHASH_K == 128 */
  uint32_t v = (uint32_t)h;
  if (v < sig[bin]) sig[bin] = v;
}

static void densify(uint32_t *sig) {
  uint32_t filled[PX_MINHASH_K];
  int any = 0;
  memcpy(filled, sig, sizeof filled);
  for (int i = 0; i < PX_MINHASH_K; i++) any |= filled[i] != UINT32_MAX;
  if (!any) return;
  for (int i = 0; i < PX_MINHASH_K; i++) {
    if (filled[i] != UINT32_MAX) continue;
    for (uint64_t attempt = 1;; attempt++) {
      unsigned j = (unsigned)(mix64(((uint64_t)i << 32) | attempt) >> 57);
      if (filled[j] != UINT32_MAX) {
        sig[i] = filled[j];
        break;
      }
    }
  }
}

/* Shingle size: short texts (headlines) use shorter shingles so that one
 * changed word does not change every shingle. */
static size_t shingle_size(size_t n_words) {
  if (n_words >= 40) return PX_MINHASH_SHINGLE;
  if (n_words >= 12) return 3;
  return 2;
}

size_t px_minhash(const px_doc *doc, uint32_t sig[PX_MINHASH_K]) {
  for (int i = 0; i < PX_MINHASH_K; i++) sig[i] = UINT32_MAX;
  size_t n_words = 0;
  for (size_t i = 0; i < doc->n_toks; i++)
    n_words += doc->toks[i].type <= PX_TOK_NUMBER;
  if (!n_words) return 0;
  size_t k = shingle_size(n_words);
  if (k > n_words) k = n_words;
  /* the window twice over: win[pos..pos+k) is always the last k words,
   * oldest first, with no modulo per word */
  uint64_t win[2 * PX_MINHASH_SHINGLE];
  size_t seen = 0, n_sh = 0, pos = 0;
  for (size_t i = 0; i < doc->n_toks; i++) {
    const px_token *t = &doc->toks[i];
    if (t->type > PX_TOK_NUMBER) continue;
    win[pos] = win[pos + k] = t->hash; /* the folded word's, made once */
    pos = pos + 1 == k ? 0 : pos + 1;
    if (++seen < k) continue;
    /* combine the window in text order: the oldest word first */
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (size_t j = 0; j < k; j++)
      h = (h ^ win[pos + j]) * 0x100000001b3ULL + (h >> 31);
    add_shingle(sig, h);
    n_sh++;
  }
  densify(sig);
  return n_sh;
}

double px_minhash_jaccard(const uint32_t *a, const uint32_t *b) {
  int same = 0;
  for (int i = 0; i < PX_MINHASH_K; i++) same += a[i] == b[i];
  return (double)same / PX_MINHASH_K;
}
