/* explain.c — why two articles are, or are not, in one story: the join
 * model's probability for the pair with every feature and its push on
 * the odds, the shared terms that carry the cosine, the time gap, the
 * near-duplicate Jaccard, and the revisions that moved either article.
 * Recomputed from the two feature records with the final document
 * frequencies, so it works for articles long out of the window. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

/* A stand-in article record with a live part, for the pair features. */
static px_status side_make(px_linker *l, const px_features *f, px__art *a,
                           px__live *live) {
  memset(a, 0, sizeof *a);
  memset(live, 0, sizeof *live);
  a->ts = f->timestamp;
  a->live = live;
  px_status st = px__vector(&l->terms, f, 0, &l->cur);
  if (st != PX_OK) return st;
  if (px__vec_copy(&live->vec, &l->cur)) return PX_NOMEM;
  memcpy(live->sig, f->minhash, sizeof live->sig);
  live->n_shingles = f->n_shingles;
  return PX_OK;
}

/* Writes the stem behind key, as first read in a, to out. */
static void stem_of(const px_features *a, uint64_t key, char *out,
                    size_t cap) {
  const uint64_t mask = ~(PX__ENT_BIT | PX__NUM_BIT);
  /* an entity pair ("Mark Felt") has no single term behind it */
  snprintf(out, cap, "%s", key & PX__ENT_BIT ? "(a two-word name)" : "(a term)");
  for (size_t i = 0; i < a->n_terms; i++) {
    if ((a->terms[i].key & mask) != (key & mask)) continue;
    snprintf(out, cap, "%s%s", a->terms[i].text,
             key & PX__ENT_BIT ? " (name)" : "");
    return;
  }
}

/* The shared terms by their part of the cosine, largest first. */
static void shared_terms(const px_features *f, const px__vec *x,
                         const px__vec *y, px_explanation *out) {
  uint64_t keys[PX_EXPLAIN_TERMS];
  out->n_shared = 0;
  uint32_t i = 0, j = 0;
  while (i < x->n && j < y->n) {
    if (x->v[i].key < y->v[j].key) { i++; continue; }
    if (x->v[i].key > y->v[j].key) { j++; continue; }
    double part = (double)x->v[i].w * y->v[j].w;
    uint64_t key = x->v[i].key;
    i++, j++;
    size_t k = out->n_shared < PX_EXPLAIN_TERMS ? out->n_shared++
                                                : PX_EXPLAIN_TERMS;
    if (k == PX_EXPLAIN_TERMS) {
      if (part <= out->shared[k - 1].weight) continue;
      k--;
    }
    while (k > 0 && out->shared[k - 1].weight < part) {
      out->shared[k] = out->shared[k - 1];
      keys[k] = keys[k - 1];
      k--;
    }
    out->shared[k].weight = part;
    keys[k] = key;
  }
  for (size_t k = 0; k < out->n_shared; k++)
    stem_of(f, keys[k], out->shared[k].term, sizeof out->shared[k].term);
}

static void revisions(const px_linker *l, size_t ia, int side,
                      px_explanation *out) {
  out->n_revisions[side] = 0;
  if (ia >= l->arts.n) return;
  for (uint32_t k = 0; k < l->st.n_rev; k++) {
    const px__revision *r = &l->st.rev[k];
    if (r->art != ia) continue;
    size_t n = out->n_revisions[side]++;
    if (n >= PX_EXPLAIN_REVISIONS) continue;
    out->revision[side][n].from = r->from;
    out->revision[side][n].to = r->to;
    out->revision[side][n].linkage = r->linkage;
    out->revision[side][n].at = r->at;
  }
}

static uint32_t public_story(const px_linker *l, size_t i) {
  return i < l->arts.n && l->finished ? px__art_at(&l->arts, i)->story : 0;
}

px_status px_linker_explain(px_linker *l, const px_features *a, size_t ia,
                            const px_features *b, size_t ib,
                            px_explanation *out) {
  memset(out, 0, sizeof *out);
  if (l->out.sink) return PX_USAGE; /* its articles are forgotten */
  px__art x, y;
  px__live lx, ly;
  px_status st = side_make(l, a, &x, &lx);
  if (st == PX_OK) st = side_make(l, b, &y, &ly);
  if (st == PX_OK) {
    float f[PX__N_FEATURES];
    px__pair_features(&x, &y, f);
    out->probability = px__model_prob(&l->model, f);
    out->threshold = l->st.tau;
    out->similarity = f[PX__F_cos_all];
    out->bias = l->model.bias;
    for (int k = 0; k < PX__N_FEATURES && k < PX_EXPLAIN_FEATURES; k++) {
      out->feature[k].name = px__feature_name(k);
      out->feature[k].value = f[k];
      out->feature[k].part = l->model.w[k] * f[k];
      out->n_features++;
    }
    out->story_a = public_story(l, ia);
    out->story_b = public_story(l, ib);
    out->exact_dup = a->n_words && a->content == b->content;
    out->jaccard = out->exact_dup ? 1 : f[PX__F_jaccard];
    out->time_gap = b->timestamp - a->timestamp;
    shared_terms(a, &lx.vec, &ly.vec, out);
    revisions(l, ia, 0, out);
    revisions(l, ib, 1, out);
  }
  px__vec_free(&lx.vec);
  px__vec_free(&ly.vec);
  return st;
}
