/* explain.c — why two articles are, or are not, in one story: their
 * cosine with the final document frequencies against the threshold the
 * linker applies, the shared terms that carry the cosine, the time gap and
 * the near-duplicate Jaccard. Recomputed from the two feature records, so
 * it works for articles whose story has long gone dormant. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

typedef struct side {
  px__tw *vec;
  uint32_t n;
  uint32_t n_words;
  uint32_t sig[PX_MINHASH_K];
  size_t n_shingles;
  uint64_t content;
} side;

static px_status side_make(px_linker *l, const px_features *a, side *s) {
  px_status st = px__linker_features(l, a);
  if (st != PX_OK) return st;
  s->n = l->feat.n_vec;
  s->vec = malloc((s->n + 1) * sizeof *s->vec);
  if (!s->vec) return PX_NOMEM;
  memcpy(s->vec, l->feat.vec, s->n * sizeof *s->vec);
  memcpy(s->sig, l->feat.sig, sizeof s->sig);
  s->n_words = l->feat.n_words;
  s->n_shingles = l->feat.n_shingles;
  s->content = l->feat.content;
  return PX_OK;
}

/* Writes the stem behind key, as first read in a, to out. */
static void stem_of(const px_features *a, uint64_t key, char *out,
                    size_t cap) {
  /* an entity pair ("Mark Felt") has no single term behind it */
  snprintf(out, cap, "%s", key & PX__ENT_BIT ? "(a two-word name)" : "(a term)");
  for (size_t i = 0; i < a->n_terms; i++) {
    if (a->terms[i].key != (key & ~PX__ENT_BIT)) continue;
    snprintf(out, cap, "%s%s", a->terms[i].text,
             key & PX__ENT_BIT ? " (name)" : "");
    return;
  }
}

/* The shared terms by their part of the cosine, largest first. */
static void shared_terms(const px_features *a, const side *x,
                         const side *y, px_explanation *out) {
  out->n_shared = 0;
  uint32_t i = 0, j = 0;
  while (i < x->n && j < y->n) {
    if (x->vec[i].key < y->vec[j].key) { i++; continue; }
    if (x->vec[i].key > y->vec[j].key) { j++; continue; }
    double part = (double)x->vec[i].w * y->vec[j].w;
    uint64_t key = x->vec[i].key;
    i++, j++;
    size_t k = out->n_shared < PX_EXPLAIN_TERMS ? out->n_shared++
                                                : PX_EXPLAIN_TERMS;
    if (k == PX_EXPLAIN_TERMS) {
      if (part <= out->shared[k - 1].weight) continue;
      k--;
    }
    while (k > 0 && out->shared[k - 1].weight < part) {
      out->shared[k] = out->shared[k - 1];
      k--;
    }
    out->shared[k].weight = part;
    /* the term is filled in below: key kept in the text for now */
    snprintf(out->shared[k].term, sizeof out->shared[k].term, "%016llx",
             (unsigned long long)key);
  }
  for (size_t k = 0; k < out->n_shared; k++) {
    uint64_t key = strtoull(out->shared[k].term, NULL, 16);
    stem_of(a, key, out->shared[k].term, sizeof out->shared[k].term);
  }
}

static uint32_t public_story(const px_linker *l, size_t i) {
  if (i >= l->n_arts || !l->finished) return 0;
  return l->final_id[l->arts[i].story];
}

px_status px_linker_explain(px_linker *l, const px_features *a, size_t ia,
                            const px_features *b, size_t ib,
                            px_explanation *out) {
  memset(out, 0, sizeof *out);
  side x = {0}, y = {0};
  px_status st = side_make(l, a, &x);
  if (st == PX_OK) st = side_make(l, b, &y);
  if (st == PX_OK) {
    out->similarity = px__cosine(x.vec, x.n, y.vec, y.n);
    out->threshold = px__threshold(l, x.n_words < y.n_words ? x.n_words
                                                            : y.n_words);
    out->story_a = public_story(l, ia);
    out->story_b = public_story(l, ib);
    out->story_sim_ab = -1;
    if (ib < l->n_arts && l->stories[l->arts[ib].story].cent)
      out->story_sim_ab =
          px__story_similarity(l, l->arts[ib].story, x.vec, x.n);
    out->exact_dup = x.n_words && x.content == y.content;
    out->jaccard = out->exact_dup ? 1
                   : x.n_shingles && y.n_shingles
                       ? px_minhash_jaccard(x.sig, y.sig)
                       : 0;
    out->time_gap = b->timestamp - a->timestamp;
    shared_terms(a, &x, &y, out);
  }
  free(x.vec);
  free(y.vec);
  return st;
}
