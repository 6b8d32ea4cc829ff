/* dupes.c — exact and near-duplicate articles (reprints, wire copy).
 *
 * Exact: a hash of the folded words, kept for every article seen.
 * Near: LSH over MinHash signatures, PX__BANDS bands of PX__ROWS values; a
 * pair sharing a band is verified by its estimated Jaccard. Signatures are
 * kept only while their story is active.
 *
 * The band tables are chains of nodes, one node per indexed article. When
 * a story goes dormant its signatures are freed and its nodes are skipped
 * from then on; the tables are compacted once half their nodes are dead.
 * An article thus costs a bounded number of table touches in all, where
 * rebuilding the tables at every sweep cost the whole active set each time
 * (most of the linker's time on a long stream).
 *
 * Up to MAX_VERIFY distinct candidates are verified, in the order the
 * rebuilt tables used to give: articles added since the last sweep newest
 * first, then the others in reverse order of the active stories and their
 * members. Below that many candidates the order cannot change the best
 * one, so only a long candidate list is put in that order (lsh_rank). */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define MAX_VERIFY 256     /* candidates verified per article */
#define MIN_FORCE_WORDS 6  /* shorter texts do not pull a story along */
#define COMPACT_MIN 4096   /* dead nodes tolerated whatever the live ones */

/* A candidate of one chain and its place in the verification order. */
typedef struct px__lsh_ord {
  uint64_t ord; /* larger first */
  uint32_t art;
} px__lsh_ord;

static uint32_t canonical(const px_linker *l, uint32_t j) {
  return l->arts[j].dup_of != PX__NONE ? l->arts[j].dup_of : j;
}

/* 64-bit key of band b of a signature (never 0). */
static uint64_t band_key(const uint32_t *sig, int b) {
  uint64_t h = px__hash_seeded(sig + b * PX__ROWS, PX__ROWS * sizeof *sig,
                               (uint64_t)b + 1);
  return h ? h : 1;
}

/* The band keys of sig, their slots on their way into the cache. */
static void band_keys(const px_linker *l, const uint32_t *sig,
                      uint64_t *keys) {
  for (int b = 0; b < PX__BANDS; b++) {
    keys[b] = band_key(sig, b);
    px__hmap_prefetch(&l->lsh, keys[b]);
  }
}

/* Verifies candidate j (unless seen); 1 when it is one candidate too many. */
static int verify(const px_linker *l, const uint32_t *sig, uint32_t j,
                  uint32_t *seen, uint32_t *n_seen, uint32_t *best,
                  double *best_j) {
  for (uint32_t k = 0; k < *n_seen; k++)
    if (seen[k] == j) return 0;
  if (*n_seen == MAX_VERIFY) return 1;
  seen[(*n_seen)++] = j;
  double jac = px_minhash_jaccard(sig, l->arts[j].sig);
  if (jac > *best_j || (jac == *best_j && j < *best)) {
    *best_j = jac;
    *best = j;
  }
  return 0;
}

/* Sets lsh_rank of the articles indexed before the last sweep to their
 * place among the active stories' members. Stories and members only
 * grow at the end between sweeps, so leaving out later articles gives the
 * order the sweep saw. */
static void rank_members(px_linker *l) {
  uint32_t pos = 0;
  for (uint32_t k = 0; k < l->n_active; k++) {
    const px__story *s = &l->stories[l->active[k]];
    for (uint32_t i = 0; i < s->n_members; i++) {
      px__art *a = &l->arts[s->members[i]];
      if (s->members[i] < l->arts_at_sweep && a->sig) a->lsh_rank = pos++;
    }
  }
  l->lsh_ranked = 1;
}

static uint64_t lsh_order(const px_linker *l, uint32_t j) {
  return j >= l->arts_at_sweep ? (1ULL << 32) + j : l->arts[j].lsh_rank;
}

static int by_ord_desc(const void *x, const void *y) {
  const px__lsh_ord *a = x, *b = y;
  return a->ord < b->ord ? 1 : a->ord > b->ord ? -1 : 0;
}

/* The live articles of chain b in verification order into l->lsh_buf;
 * returns how many (fewer when out of memory). */
static uint32_t chain_in_order(px_linker *l, int b) {
  const uint32_t *head = px__hmap_get(&l->lsh, l->band_keys[b]);
  uint32_t n = 0;
  for (uint32_t p = head ? *head : 0; p;
       p = l->lsh_next[(size_t)(p - 1) * PX__BANDS + b]) {
    uint32_t j = l->lsh_art[p - 1];
    if (!l->arts[j].sig) continue;
    if (px__grow((void **)&l->lsh_buf, &l->cap_lsh_buf, n + 1,
                      sizeof *l->lsh_buf))
      break;
    l->lsh_buf[n].ord = lsh_order(l, j);
    l->lsh_buf[n++].art = j;
  }
  qsort(l->lsh_buf, n, sizeof *l->lsh_buf, by_ord_desc);
  return n;
}

/* lsh_best when there are more than MAX_VERIFY candidates: the first
 * MAX_VERIFY in verification order. */
static uint32_t lsh_best_ordered(px_linker *l, const uint32_t *sig,
                                 double *best_j) {
  uint32_t seen[MAX_VERIFY], n_seen = 0, best = PX__NONE;
  *best_j = 0;
  if (!l->lsh_ranked) rank_members(l);
  for (int b = 0; b < PX__BANDS && n_seen < MAX_VERIFY; b++) {
    uint32_t n = chain_in_order(l, b);
    for (uint32_t i = 0; i < n && n_seen < MAX_VERIFY; i++)
      verify(l, sig, l->lsh_buf[i].art, seen, &n_seen, &best, best_j);
  }
  return best;
}

/* Near-duplicate candidates of sig through the band tables; returns the
 * best verified one or PX__NONE, with its Jaccard in *best_j. The chains
 * are read in any order, as long as the candidates are few enough. */
static uint32_t lsh_best(px_linker *l, const uint32_t *sig, double *best_j) {
  uint32_t seen[MAX_VERIFY], n_seen = 0, best = PX__NONE;
  *best_j = 0;
  for (int b = 0; b < PX__BANDS; b++) {
    const uint32_t *head = px__hmap_get(&l->lsh, l->band_keys[b]);
    for (uint32_t p = head ? *head : 0; p;
         p = l->lsh_next[(size_t)(p - 1) * PX__BANDS + b]) {
      uint32_t j = l->lsh_art[p - 1];
      if (l->arts[j].sig &&
          verify(l, sig, j, seen, &n_seen, &best, best_j))
        return lsh_best_ordered(l, sig, best_j);
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
  px__hmap_prefetch(&l->exact, f->content);
  if (f->n_shingles) band_keys(l, f->sig, l->band_keys);
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

/* Adds a node for art, whose band keys are keys, at the head of its
 * chains. */
static int lsh_insert(px_linker *l, uint32_t art, const uint64_t *keys) {
  uint32_t node = l->n_lsh;
  if (px__grow((void **)&l->lsh_art, &l->cap_lsh_art, (size_t)node + 1,
                    sizeof *l->lsh_art) ||
      px__grow((void **)&l->lsh_next, &l->cap_lsh_next,
                    ((size_t)node + 1) * PX__BANDS, sizeof *l->lsh_next))
    return -1;
  l->lsh_art[node] = art;
  l->n_lsh++;
  uint32_t *next = l->lsh_next + (size_t)node * PX__BANDS;
  for (int b = 0; b < PX__BANDS; b++) {
    uint32_t *head = px__hmap_put(&l->lsh, keys[b], 0, NULL);
    if (!head) { /* out of memory: this band will not find it */
      next[b] = 0;
      continue;
    }
    next[b] = *head;
    *head = node + 1;
  }
  return 0;
}

px_status px__dupes_index(px_linker *l, uint32_t art) {
  const px__features *f = &l->feat;
  if (f->n_words && !px__hmap_put(&l->exact, f->content, art, NULL))
    return PX_NOMEM;
  if (!f->n_shingles) return PX_OK;
  px__art *a = &l->arts[art];
  a->sig = malloc(PX_MINHASH_K * sizeof *a->sig);
  if (!a->sig) return PX_NOMEM;
  memcpy(a->sig, f->sig, PX_MINHASH_K * sizeof *a->sig);
  return lsh_insert(l, art, l->band_keys) ? PX_NOMEM : PX_OK;
}

/* Rebuilds the tables from the nodes of live articles. */
static void lsh_compact(px_linker *l) {
  uint32_t n_old = l->n_lsh, *old_art = l->lsh_art;
  l->lsh_art = NULL;
  l->cap_lsh_art = 0;
  l->n_lsh = 0;
  px__hmap_clear(&l->lsh);
  uint64_t keys[PX__BANDS];
  for (uint32_t i = 0; i < n_old; i++) {
    const px__art *a = &l->arts[old_art[i]];
    if (!a->sig) continue;
    band_keys(l, a->sig, keys);
    if (lsh_insert(l, old_art[i], keys)) break; /* out of memory */
  }
  free(old_art);
  l->lsh_compacted = l->n_lsh;
}

/* The band tables of the live signatures, in article order (a linker
 * loaded from a saved state, linker_state.c). Which candidates a chain
 * gives does not depend on the order of its nodes: below MAX_VERIFY the
 * best is the most similar (ties: the earliest), above it lsh_rank
 * orders them. */
int px__dupes_reindex(px_linker *l) {
  l->n_lsh = 0;
  px__hmap_clear(&l->lsh);
  uint64_t keys[PX__BANDS];
  for (uint32_t i = 0; i < l->n_arts; i++) {
    if (!l->arts[i].sig) continue;
    band_keys(l, l->arts[i].sig, keys);
    if (lsh_insert(l, i, keys)) return -1;
  }
  l->lsh_compacted = l->n_lsh;
  return 0;
}

void px__dupes_rebuild(px_linker *l) {
  l->arts_at_sweep = l->n_arts;
  l->lsh_ranked = 0;
  if (l->n_lsh >= 2 * (size_t)l->lsh_compacted + COMPACT_MIN) lsh_compact(l);
}

void px__dupes_free(px_linker *l) {
  px__hmap_free(&l->lsh);
  free(l->lsh_next);
  free(l->lsh_art);
  free(l->lsh_buf);
}
