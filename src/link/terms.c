/* terms.c — document frequencies and the term vector of an article for
 * story clustering.
 *
 * The feature record (src/analyze/features.c) gives each distinct term
 * of an article its weight by zone and kind. Here counts are saturated
 * BM25-style, so a long article does not drown its rare terms, and
 * multiplied by an inverse document frequency that the stream updates as
 * it goes. Only the top terms are kept: an article costs a fixed amount
 * of memory and time whatever its length.
 *
 * Entities (keys with PX__ENT_BIT set) are normalised apart: two stories
 * of one kind share their topic words but not their places, people, dates
 * and tolls, and the entity part says so (see px__combine). */
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

/* A term of the article being read: its summed weight, then its tf-idf
 * weight, and its document frequency once counted. */
typedef struct px__raw {
  uint64_t key;
  float w;
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

static px__key_memo *key_memo_of(px__terms *t, uint64_t key) {
  return &t->key_memo[(key ^ (key >> 29)) >> 1 & (PX__KEY_MEMO - 1)];
}

/* Remembers the idf of a term of the current article: stories.c asks for
 * each of them again when the article joins a story. */
static void key_memo_set(px__terms *t, uint64_t key, float idf) {
  px__key_memo *m = key_memo_of(t, key);
  m->key = key;
  m->n = t->n_docs + 1;
  m->idf = idf;
}

float px__idf(px__terms *t, uint64_t key) {
  const px__key_memo *m = key_memo_of(t, key);
  if (m->key == key && m->n == t->n_docs + 1) return m->idf;
  const uint32_t *df = px__hmap_get(&t->df, key);
  return idf_of_df(t, df ? *df : 0);
}

/* Starts the vector of an article from its feature record: its terms,
 * in the record's order (first occurrence), with their raw weights. */
px_status px__vector_begin(px__terms *t, px__features *v,
                           const px_features *f) {
  if (px__grow((void **)&t->raw, &t->raw_cap, f->n_terms + 1, sizeof *t->raw))
    return PX_NOMEM;
  for (size_t i = 0; i < f->n_terms; i++)
    t->raw[i] = (px__raw){f->terms[i].key, f->terms[i].weight, 0};
  t->n_raw = (uint32_t)f->n_terms;
  v->n_vec = 0;
  v->n_ent = 0;
  v->n_words = f->n_words;
  v->content = f->content;
  return PX_OK;
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

/* Scales v[0..n) to unit norm. Content terms that no other article has
 * used yet cannot tie this one to a story, so they are left out of the
 * norm (but not below KNOWN_FLOOR of it, or one shared common word would
 * carry an article made of new names); entities keep the full norm, as a
 * name only this article has is evidence against a match. */
static void normalise(px__raw *v, uint32_t n, int ent) {
  double norm = 0, all = 0;
  for (uint32_t i = 0; i < n; i++) {
    double w2 = (double)v[i].w * v[i].w;
    all += w2;
    if (!ent && v[i].df > 1) norm += w2;
  }
  double floor = ent ? all : all * KNOWN_FLOOR * KNOWN_FLOOR;
  if (norm < floor) norm = floor;
  norm = norm > 0 ? sqrt(norm) : 1;
  for (uint32_t i = 0; i < n; i++) v[i].w = (float)(v[i].w / norm);
}

/* Sets each raw term's df, counting the document first when count is set:
 * one lookup per term, each slot asked for DF_AHEAD terms ahead so that
 * the cache misses of a large table overlap. */
#define DF_AHEAD 16
static int count_terms(px__terms *t, int count) {
  if (count) t->n_docs++;
  for (uint32_t i = 0; i < t->n_raw && i < DF_AHEAD; i++)
    px__hmap_prefetch(&t->df, t->raw[i].key);
  for (uint32_t i = 0; i < t->n_raw; i++) {
    if (i + DF_AHEAD < t->n_raw)
      px__hmap_prefetch(&t->df, t->raw[i + DF_AHEAD].key);
    uint32_t *df = count ? px__hmap_put(&t->df, t->raw[i].key, 0, NULL)
                         : px__hmap_get(&t->df, t->raw[i].key);
    if (count && !df) return -1;
    t->raw[i].df = df ? (count ? ++*df : *df) : 0;
  }
  return 0;
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

/* Saturates, weighs by idf (counting the document first when count is
 * set), keeps the top terms of each kind, normalises each kind and sorts
 * them together by key. */
px_status px__vector_end(px__terms *t, px__features *f, int count) {
  if (count_terms(t, count)) return PX_NOMEM;
  /* content terms first, entities after */
  uint32_t nc = 0;
  for (uint32_t i = 0; i < t->n_raw; i++) {
    float r = t->raw[i].w;
    float idf = idf_of_df(t, t->raw[i].df);
    key_memo_set(t, t->raw[i].key, idf);
    t->raw[i].w = r * (TF_K1 + 1) / (r + TF_K1) * idf;
    if (!(t->raw[i].key & PX__ENT_BIT)) {
      px__raw tmp = t->raw[nc];
      t->raw[nc++] = t->raw[i];
      t->raw[i] = tmp;
    }
  }
  uint32_t ne = t->n_raw - nc;
  top_k(t->raw, nc, PX__TOPK);
  top_k(t->raw + nc, ne, PX__TOPE);
  uint32_t kc = nc < PX__TOPK ? nc : PX__TOPK, ke = ne < PX__TOPE ? ne : PX__TOPE;
  normalise(t->raw, kc, 0);
  normalise(t->raw + nc, ke, 1);
  /* room for the vector and, behind it, the sort's buffer */
  if (px__grow((void **)&f->vec, &f->cap_vec, 2 * (kc + ke) + 1,
                    sizeof *f->vec))
    return PX_NOMEM;
  for (uint32_t i = 0; i < kc + ke; i++) {
    const px__raw *r = &t->raw[i < kc ? i : nc + (i - kc)];
    f->vec[i] = (px__tw){r->key, r->w};
  }
  sort_by_key(f->vec, kc + ke, f->vec + kc + ke);
  f->n_vec = kc + ke;
  f->n_ent = ke;
  return PX_OK;
}

void px__features_free(px__features *f) {
  free(f->vec);
  memset(f, 0, sizeof *f);
}

double px__combine(double cos_terms, double cos_ent, uint32_t n_ent_a,
                   uint32_t n_ent_b) {
  /* The entity part can only lower the similarity, and only as far as
   * both sides have entities to compare: a headline with one name says
   * little against a story, a full report with twenty says a lot. */
  uint32_t m = n_ent_a < n_ent_b ? n_ent_a : n_ent_b;
  double conf = m >= PX__ENT_FULL ? 1.0 : (double)m / PX__ENT_FULL;
  double agree = cos_ent >= PX__ENT_AGREE ? 1.0 : cos_ent / PX__ENT_AGREE;
  return cos_terms * (1.0 - PX__ENT_GATE * conf * (1.0 - agree));
}

double px__cosine(const px__tw *a, uint32_t na, const px__tw *b,
                  uint32_t nb) {
  double dot[2] = {0, 0};
  uint32_t i = 0, j = 0, ea = 0, eb = 0;
  for (uint32_t k = 0; k < na; k++) ea += (a[k].key & PX__ENT_BIT) != 0;
  for (uint32_t k = 0; k < nb; k++) eb += (b[k].key & PX__ENT_BIT) != 0;
  while (i < na && j < nb) {
    if (a[i].key < b[j].key) i++;
    else if (a[i].key > b[j].key) j++;
    else {
      dot[a[i].key & PX__ENT_BIT] += (double)a[i].w * b[j].w;
      i++, j++;
    }
  }
  return px__combine(dot[0], dot[1], ea, eb);
}
