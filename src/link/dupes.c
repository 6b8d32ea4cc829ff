/* dupes.c — exact and near-duplicate articles (reprints, wire copy).
 *
 * Exact: a hash of the folded words, kept for every article seen.
 * Near: LSH over MinHash signatures, PX__BANDS bands of PX__ROWS values; a
 * pair sharing a band is verified by its estimated Jaccard. Signatures are
 * kept only while their story is active; the band tables are rebuilt from
 * them at each sweep, so they never hold more than the active articles. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define MAX_VERIFY 256     /* candidates verified per article */
#define MIN_FORCE_WORDS 6  /* shorter texts do not pull a story along */

static uint32_t canonical(const px_linker *l, uint32_t j) {
  return l->arts[j].dup_of != PX__NONE ? l->arts[j].dup_of : j;
}

/* Near-duplicate candidates of sig through the band tables; returns the
 * best verified one or PX__NONE, with its Jaccard in *best_j. */
static uint32_t lsh_best(const px_linker *l, const uint32_t *sig,
                         double *best_j) {
  uint32_t seen[MAX_VERIFY], n_seen = 0, best = PX__NONE;
  *best_j = 0;
  for (int b = 0; b < PX__BANDS && n_seen < MAX_VERIFY; b++) {
    const uint32_t *head = px__hmap_get(&l->lsh, px__band_key(sig, b));
    for (uint32_t p = head ? *head : 0; p && n_seen < MAX_VERIFY;
         p = l->arts[p - 1].lsh_next[b]) {
      uint32_t j = p - 1, dup = 0;
      for (uint32_t k = 0; k < n_seen && !dup; k++) dup = seen[k] == j;
      if (dup) continue;
      seen[n_seen++] = j;
      double jac = px_minhash_jaccard(sig, l->arts[j].sig);
      if (jac > *best_j || (jac == *best_j && j < best)) {
        *best_j = jac;
        best = j;
      }
    }
  }
  return best;
}

/* Sets the current article's dup_of; returns the story it should join
 * (PX__NONE: decide by similarity). */
uint32_t px__dupes_find(px_linker *l, uint32_t art) {
  px__art *a = &l->arts[art];
  const px__features *f = &l->feat;
  uint32_t j = PX__NONE;
  const uint32_t *ex = px__hmap_get(&l->exact, f->content);
  if (f->n_words && ex) {
    j = *ex;
    a->exact_dup = 1;
    a->dup_jaccard = 1;
  } else if (f->n_shingles) {
    double jac;
    j = lsh_best(l, f->sig, &jac);
    if (j != PX__NONE && jac >= l->opts.dup_jaccard) a->dup_jaccard = (float)jac;
    else j = PX__NONE;
  }
  if (j == PX__NONE) return PX__NONE;
  a->dup_of = canonical(l, j);
  if (f->n_words < MIN_FORCE_WORDS) return PX__NONE;
  return px__story_root(l, l->arts[j].story);
}

static void lsh_insert(px_linker *l, uint32_t art) {
  px__art *a = &l->arts[art];
  for (int b = 0; b < PX__BANDS; b++) {
    uint32_t *head = px__hmap_put(&l->lsh, px__band_key(a->sig, b), 0, NULL);
    if (!head) { /* out of memory: this band will not find it */
      a->lsh_next[b] = 0;
      continue;
    }
    a->lsh_next[b] = *head;
    *head = art + 1;
  }
}

px_status px__dupes_index(px_linker *l, uint32_t art) {
  const px__features *f = &l->feat;
  if (f->n_words && !px__hmap_put(&l->exact, f->content, art, NULL))
    return PX_NOMEM;
  if (!f->n_shingles) return PX_OK;
  px__art *a = &l->arts[art];
  a->sig = malloc((PX_MINHASH_K + PX__BANDS) * sizeof *a->sig);
  if (!a->sig) return PX_NOMEM;
  a->lsh_next = a->sig + PX_MINHASH_K;
  memcpy(a->sig, f->sig, PX_MINHASH_K * sizeof *a->sig);
  lsh_insert(l, art);
  return PX_OK;
}

void px__dupes_rebuild(px_linker *l) {
  px__hmap_clear(&l->lsh);
  for (uint32_t k = 0; k < l->n_active; k++) {
    const px__story *s = &l->stories[l->active[k]];
    for (uint32_t i = 0; i < s->n_members; i++)
      if (l->arts[s->members[i]].sig) lsh_insert(l, s->members[i]);
  }
}
