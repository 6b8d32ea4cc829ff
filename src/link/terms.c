/* terms.c — term statistics: document frequencies, idf and the weighted
 * vector of an article.
 *
 * The feature record (src/analyze/features.c) gives each distinct term
 * of an article its weight by zone and kind. Here counts are saturated
 * BM25-style, so a long article does not drown its rare terms, and
 * multiplied by an inverse document frequency that the stream updates as
 * it goes. Only the top terms are kept: an article costs a fixed amount
 * of memory and time whatever its length. Each term also keeps its
 * weight in the title zone and in the lead zone, so that the join model
 * can compare headlines with headlines and leads with leads.
 *
 * Entities (keys with PX__ENT_BIT set) are normalised apart from the
 * content terms; numbers carry PX__NUM_BIT. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define TF_K1 1.2f   /* saturation of repeated terms */
#define PRIOR_DOCS 3000.0 /* background documents without the stream's words */
#define KNOWN_FLOOR 0.7 /* share of the full norm kept at least */

void px__terms_free(px__terms *t) {
  px__hmap_free(&t->df);
  free(t->raw);
  memset(t, 0, sizeof *t);
}

/* A term of the article being read: its saturated weights (all zones,
 * title, lead) times idf, and its document frequency. */
typedef struct px__raw {
  uint64_t key;
  float w, t, l;
  uint32_t df;
} px__raw;

static float idf_compute(uint64_t n_docs, uint32_t df) {
  /* The stream is counted as if it sat in PRIOR_DOCS documents that hold
   * none of its words: in a small collection a story that fills a quarter
   * of it keeps the weight of the words its articles share, and two
   * articles alone still share "Putin"; in a stream of millions the
   * background no longer counts. */
  double n = (double)n_docs + PRIOR_DOCS, d = df;
  if (d > n) d = n;
  return (float)log(1.0 + (n - d + 0.5) / (d + 0.5));
}

/* The idf of a term in df documents. Logs are memoised by df until the
 * next document is counted: most terms are rare and share a few small
 * frequencies, and a sweep reweighs the same common words in every
 * story. */
static float idf_of_df(px__terms *t, uint32_t df) {
  px__idf_memo *m = &t->idf_memo[df % PX__IDF_MEMO];
  if (m->n != t->n_docs + 1 || m->df != df) {
    m->n = t->n_docs + 1;
    m->df = df;
    m->idf = idf_compute(t->n_docs, df);
  }
  return m->idf;
}

/* Is a heavier than b (ties by key, for determinism)? */
static int heavier(const px__raw *a, const px__raw *b) {
  return a->w > b->w || (a->w == b->w && a->key < b->key);
}

/* Restores the min-heap (lightest at the root) below node i of h[0..n). */
static void sift_down(px__raw *h, uint32_t n, uint32_t i) {
  for (;;) {
    uint32_t m = i, l = 2 * i + 1, r = l + 1;
    if (l < n && heavier(&h[m], &h[l])) m = l;
    if (r < n && heavier(&h[m], &h[r])) m = r;
    if (m == i) return;
    px__raw tmp = h[i];
    h[i] = h[m];
    h[m] = tmp;
    i = m;
  }
}

/* Moves the k heaviest of v[0..n) to v[0..k) (any order) with a min-heap
 * of k: O(n log k), instead of sorting every term of a long article. */
static void top_k(px__raw *v, uint32_t n, uint32_t k) {
  if (n <= k) return;
  for (uint32_t i = k / 2; i-- > 0;) sift_down(v, k, i);
  for (uint32_t i = k; i < n; i++) {
    if (!heavier(&v[i], &v[0])) continue;
    px__raw tmp = v[0];
    v[0] = v[i];
    v[i] = tmp;
    sift_down(v, k, 0);
  }
}

/* Sorts v[0..n) by key (distinct keys): insertion sorts of short runs,
 * then merges through tmp. No qsort: no call per comparison. */
static void sort_by_key(px__tw *v, uint32_t n, px__tw *tmp) {
  enum { RUN = 8 };
  for (uint32_t s = 0; s < n; s += RUN) {
    uint32_t e = s + RUN < n ? s + RUN : n;
    for (uint32_t i = s + 1; i < e; i++) {
      px__tw x = v[i];
      uint32_t j = i;
      for (; j > s && v[j - 1].key > x.key; j--) v[j] = v[j - 1];
      v[j] = x;
    }
  }
  for (uint32_t w = RUN; w < n; w *= 2) {
    for (uint32_t s = 0; s < n; s += 2 * w) {
      uint32_t m = s + w < n ? s + w : n, e = s + 2 * w < n ? s + 2 * w : n;
      uint32_t i = s, j = m, k = s;
      while (i < m && j < e) { /* no branch on the keys: they are random */
        int left = v[i].key < v[j].key;
        tmp[k++] = *(left ? &v[i] : &v[j]);
        i += left;
        j += !left;
      }
      while (i < m) tmp[k++] = v[i++];
      while (j < e) tmp[k++] = v[j++];
    }
    memcpy(v, tmp, n * sizeof *v);
  }
}

/* Sets each raw term's df, counting the document first when count is set:
 * one lookup per term, each slot asked for DF_AHEAD terms ahead so that
 * the cache misses of a large table overlap. */
#define DF_AHEAD 16
static int count_terms(px__terms *t, uint32_t n, int count) {
  if (count) t->n_docs++;
  for (uint32_t i = 0; i < n && i < DF_AHEAD; i++)
    px__hmap_prefetch(&t->df, t->raw[i].key);
  for (uint32_t i = 0; i < n; i++) {
    if (i + DF_AHEAD < n) px__hmap_prefetch(&t->df, t->raw[i + DF_AHEAD].key);
    uint32_t *df = count ? px__hmap_put(&t->df, t->raw[i].key, 0, NULL)
                         : px__hmap_get(&t->df, t->raw[i].key);
    if (count && !df) return -1;
    t->raw[i].df = df ? (count ? ++*df : *df) : 0;
  }
  return 0;
}

/* Scales the w of v[0..n) to unit norm. Content terms that no other
 * article has used yet cannot tie this one to a story, so they are left
 * out of the norm (but not below KNOWN_FLOOR of it, or one shared common
 * word would carry an article made of new names); entities keep the full
 * norm, as a name only this article has is evidence against a match. */
static void normalise(px__raw *v, uint32_t n, int ent) {
  double norm = 0, all = 0, nt = 0, nl = 0;
  for (uint32_t i = 0; i < n; i++) {
    double w2 = (double)v[i].w * v[i].w;
    all += w2;
    if (!ent && v[i].df > 1) norm += w2;
    nt += (double)v[i].t * v[i].t;
    nl += (double)v[i].l * v[i].l;
  }
  double floor = ent ? all : all * KNOWN_FLOOR * KNOWN_FLOOR;
  if (norm < floor) norm = floor;
  norm = norm > 0 ? sqrt(norm) : 1;
  nt = nt > 0 ? sqrt(nt) : 1;
  nl = nl > 0 ? sqrt(nl) : 1;
  for (uint32_t i = 0; i < n; i++) {
    v[i].w = (float)(v[i].w / norm);
    v[i].t = (float)(v[i].t / nt);
    v[i].l = (float)(v[i].l / nl);
  }
}

static float saturate(float r) { return r * (TF_K1 + 1) / (r + TF_K1); }

static uint16_t fixed(float x) {
  return x <= 0 ? 0 : x >= 1 ? (uint16_t)PX__ZONE_ONE
                             : (uint16_t)(x * PX__ZONE_ONE + 0.5f);
}

px_status px__vector(px__terms *t, const px_features *f, int count,
                     px__vec *v) {
  uint32_t n = (uint32_t)f->n_terms;
  if (px__grow((void **)&t->raw, &t->raw_cap, (size_t)n + 1, sizeof *t->raw))
    return PX_NOMEM;
  for (uint32_t i = 0; i < n; i++) {
    const px_term *x = &f->terms[i];
    t->raw[i] = (px__raw){x->key, x->weight, x->zone[PX_ZONE_TITLE],
                          x->zone[PX_ZONE_LEAD], 0};
  }
  if (count_terms(t, n, count)) return PX_NOMEM;
  /* content terms first, entities after */
  uint32_t nc = 0;
  for (uint32_t i = 0; i < n; i++) {
    px__raw *r = &t->raw[i];
    float idf = idf_of_df(t, r->df);
    r->w = saturate(r->w) * idf;
    int ent = (r->key & PX__ENT_BIT) != 0;
    r->t = ent ? 0 : saturate(r->t) * idf;
    r->l = ent ? 0 : saturate(r->l) * idf;
    /* numbers are marked in the key (the stream's df stays by the
     * analyzer's key); bit 1 of other keys is cleared */
    const char *tx = f->terms[i].text;
    int num = tx && *tx >= '0' && *tx <= '9';
    r->key = (r->key & ~PX__NUM_BIT) | (num ? PX__NUM_BIT : 0);
    if (!ent) {
      px__raw tmp = t->raw[nc];
      t->raw[nc++] = *r;
      *r = tmp;
    }
  }
  uint32_t ne = n - nc;
  top_k(t->raw, nc, PX__TOPK);
  top_k(t->raw + nc, ne, PX__TOPE);
  uint32_t kc = nc < PX__TOPK ? nc : PX__TOPK, ke = ne < PX__TOPE ? ne : PX__TOPE;
  normalise(t->raw, kc, 0);
  normalise(t->raw + nc, ke, 1);
  /* room for the vector and, behind it, the sort's buffer */
  if (px__grow((void **)&v->v, &v->cap, 2 * (size_t)(kc + ke) + 1,
               sizeof *v->v))
    return PX_NOMEM;
  uint32_t nn = 0;
  for (uint32_t i = 0; i < kc + ke; i++) {
    const px__raw *r = &t->raw[i < kc ? i : nc + (i - kc)];
    v->v[i] = (px__tw){r->key, r->w, fixed(r->t), fixed(r->l)};
    nn += (r->key & (PX__NUM_BIT | PX__ENT_BIT)) == PX__NUM_BIT;
  }
  /* the key terms of each kind: the heaviest of the top ones */
  for (int kind = 0; kind < 2; kind++) {
    px__raw *r = kind ? t->raw + nc : t->raw;
    uint32_t k = kind ? ke : kc, cap = kind ? PX__KEY_NAMES : PX__KEY_TERMS;
    top_k(r, k, cap);
    uint32_t m = k < cap ? k : cap;
    float lo = m ? r[0].w : 0;
    double n2 = 0;
    for (uint32_t i = 0; i < m; i++) {
      if (r[i].w < lo) lo = r[i].w;
      n2 += (double)r[i].w * r[i].w;
    }
    v->kmin[kind] = m ? lo : 1e30f;
    v->kn[kind] = n2 > 0 ? (float)sqrt(n2) : 1;
  }
  sort_by_key(v->v, kc + ke, v->v + kc + ke);
  v->n = kc + ke;
  v->n_ent = ke;
  v->n_num = nn;
  v->n_words = f->n_words;
  return PX_OK;
}

void px__vec_free(px__vec *v) {
  free(v->v);
  memset(v, 0, sizeof *v);
}

int px__vec_copy(px__vec *dst, const px__vec *src) {
  if (px__grow((void **)&dst->v, &dst->cap, (size_t)src->n + 1,
               sizeof *dst->v))
    return -1;
  memcpy(dst->v, src->v, src->n * sizeof *src->v);
  dst->n = src->n;
  dst->n_ent = src->n_ent;
  dst->n_num = src->n_num;
  dst->n_words = src->n_words;
  memcpy(dst->kmin, src->kmin, sizeof dst->kmin);
  memcpy(dst->kn, src->kn, sizeof dst->kn);
  return 0;
}
