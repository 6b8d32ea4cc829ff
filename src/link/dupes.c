/* dupes.c — exact and near-duplicate articles (reprints, wire copy).
 *
 * Exact: a hash of the folded words, mapped to the latest article with
 * it; found while that article is inside the window (the copy's canonical
 * is then the one that article has, or the article itself when that one
 * left the window); entries of articles that left are dropped when the
 * tables are compacted.
 * Near: LSH over MinHash signatures, PX__BANDS bands of PX__ROWS values; a
 * pair sharing a band is verified by its estimated Jaccard. Signatures
 * live in the article table (arts.c) while the article is inside the
 * window; an article outside it is skipped.
 *
 * The band tables are chains of nodes, one node per indexed article,
 * newest first. Nodes of expired articles are skipped and the tables are
 * rebuilt once a quarter of their nodes are dead, so an article costs a bounded
 * number of table touches in all. Up to MAX_VERIFY distinct candidates
 * are verified, band by band, newest first: the order is that of the
 * articles, so the result does not depend on anything else. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define MAX_VERIFY 256     /* candidates verified per article */
#define COMPACT_MIN 4096   /* dead nodes tolerated whatever the live ones */

/* 64-bit key of band b of a signature (never 0). */
static uint64_t band_key(const uint32_t *sig, int b) {
  uint64_t h = px__hash_seeded(sig + b * PX__ROWS, PX__ROWS * sizeof *sig,
                               (uint64_t)b + 1);
  return h ? h : 1;
}

static void band_keys(const px__dupes *d, const uint32_t *sig,
                      uint64_t *keys) {
  for (int b = 0; b < PX__BANDS; b++) {
    keys[b] = band_key(sig, b);
    px__hmap_prefetch(&d->lsh, keys[b]);
  }
}

uint32_t px__dupes_find(px__dupes *d, const px__arts *t, uint32_t i,
                        uint64_t content, uint32_t n_words, double min_jac,
                        double *jac, int *exact) {
  const px__live *me = px__art_at(t, i)->live;
  *jac = 0;
  *exact = 0;
  px__hmap_prefetch(&d->exact, content);
  if (me->n_shingles) band_keys(d, me->sig, d->keys);
  const uint32_t *ex = n_words ? px__hmap_get(&d->exact, content) : NULL;
  if (ex && *ex >= t->first_window && *ex != i) {
    *exact = 1;
    *jac = 1;
    return *ex;
  }
  if (!me->n_shingles) return PX__NONE;
  uint32_t seen[MAX_VERIFY], n_seen = 0, best = PX__NONE;
  double best_j = 0;
  for (int b = 0; b < PX__BANDS && n_seen < MAX_VERIFY; b++) {
    const uint32_t *head = px__hmap_get(&d->lsh, d->keys[b]);
    for (uint32_t p = head ? *head : 0; p && n_seen < MAX_VERIFY;
         p = d->next[(size_t)(p - 1) * PX__BANDS + b]) {
      uint32_t j = d->node_art[p - 1];
      if (j < t->first_window) continue;
      const px__live *o = px__art_at(t, j)->live;
      if (!o || !o->n_shingles) continue;
      uint32_t k = 0;
      while (k < n_seen && seen[k] != j) k++;
      if (k < n_seen) continue;
      seen[n_seen++] = j;
      double x = px_minhash_jaccard(me->sig, o->sig);
      if (x > best_j || (x == best_j && j < best)) {
        best_j = x;
        best = j;
      }
    }
  }
  if (best == PX__NONE || best_j < min_jac) return PX__NONE;
  *jac = best_j;
  return best;
}

/* Adds a node for article art, whose band keys are keys, at the head of
 * its chains. */
static int lsh_insert(px__dupes *d, uint32_t art, const uint64_t *keys) {
  uint32_t node = d->n_nodes;
  if (px__grow((void **)&d->node_art, &d->cap_node_art, (size_t)node + 1,
               sizeof *d->node_art) ||
      px__grow((void **)&d->next, &d->cap_next,
               ((size_t)node + 1) * PX__BANDS, sizeof *d->next))
    return -1;
  d->node_art[node] = art;
  d->n_nodes++;
  uint32_t *next = d->next + (size_t)node * PX__BANDS;
  for (int b = 0; b < PX__BANDS; b++) {
    uint32_t *head = px__hmap_put(&d->lsh, keys[b], 0, NULL);
    if (!head) { /* out of memory: this band will not find it */
      next[b] = 0;
      continue;
    }
    next[b] = *head;
    *head = node + 1;
  }
  return 0;
}

px_status px__dupes_add(px__dupes *d, const px__arts *t, uint32_t i,
                        uint64_t content, uint32_t n_words) {
  if (n_words) {
    uint32_t *v = px__hmap_put(&d->exact, content, i, NULL);
    if (!v) return PX_NOMEM;
    *v = i; /* the latest */
  }
  if (!px__art_at(t, i)->live->n_shingles) return PX_OK;
  return lsh_insert(d, i, d->keys) ? PX_NOMEM : PX_OK;
}

/* Keeps the exact entries of the articles inside the window. */
static void exact_compact(px__dupes *d, const px__arts *t) {
  size_t live = (size_t)(t->n - t->first_window);
  if (d->exact.n < 2 * live + COMPACT_MIN) return;
  px__hmap keep = {0};
  for (size_t k = 0; k < d->exact.cap; k++) {
    const px__hslot *e = &d->exact.slots[k];
    if (!e->key || e->val < t->first_window) continue;
    if (!px__hmap_put(&keep, e->key, e->val, NULL)) { /* out of memory */
      px__hmap_free(&keep);
      return;
    }
  }
  px__hmap_free(&d->exact);
  d->exact = keep;
}

void px__dupes_compact(px__dupes *d, const px__arts *t) {
  exact_compact(d, t);
  /* a quarter dead: the band table holds 32 keys a node, the largest
   * part of the linker's memory */
  if (d->n_nodes < (size_t)d->compacted + d->compacted / 4 + COMPACT_MIN)
    return;
  uint32_t n_old = d->n_nodes, *old = d->node_art;
  d->node_art = NULL;
  d->cap_node_art = 0;
  d->n_nodes = 0;
  uint32_t live = 0;
  for (uint32_t k = 0; k < n_old; k++)
    live += old[k] >= t->first_window && px__art_at(t, old[k])->live;
  /* emptied, or made again at the live nodes' size when far larger */
  if (d->lsh.cap > (size_t)8 * PX__BANDS * (live + COMPACT_MIN))
    px__hmap_free(&d->lsh);
  else
    px__hmap_clear(&d->lsh);
  uint64_t keys[PX__BANDS];
  for (uint32_t k = 0; k < n_old; k++) {
    if (old[k] < t->first_window) continue;
    const px__live *o = px__art_at(t, old[k])->live;
    if (!o) continue;
    band_keys(d, o->sig, keys);
    if (lsh_insert(d, old[k], keys)) break; /* out of memory */
  }
  free(old);
  d->compacted = d->n_nodes;
}

void px__dupes_free(px__dupes *d) {
  px__hmap_free(&d->exact);
  px__hmap_free(&d->lsh);
  free(d->next);
  free(d->node_art);
  memset(d, 0, sizeof *d);
}
