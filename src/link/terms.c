/* terms.c — the term vector of an article for story clustering.
 *
 * Terms are Snowball stems of content words and numbers. Each occurrence
 * weighs more in the headline and lead (where news says what happened) and
 * when it is a name (capitalised away from a sentence start). Counts are
 * saturated BM25-style, so a long article does not drown its rare terms,
 * and multiplied by an inverse document frequency that the stream updates
 * as it goes. Only the top terms are kept: an article costs a fixed
 * amount of memory and time whatever its length.
 *
 * Names, two-name runs and numbers are also kept a second time as
 * entities (keys with PX__ENT_BIT set), normalised apart: two stories of
 * one kind (two earthquakes, two jewel heists) share their topic words
 * but not their places, people, dates and tolls, and the entity part says
 * so (see px__combine). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define W_TITLE 3.0f /* headline words */
#define W_LEAD 1.6f  /* the first sentences of the body */
#define W_NAME 3.0f  /* capitalised inside a sentence: names */
#define W_NUM 2.0f   /* numbers: amounts, scores, death tolls */
#define TF_K1 1.2f   /* saturation of repeated terms */
#define LEAD_SENTS 3
#define PRIOR_DOCS 3000.0 /* background documents without the stream's words */
#define KNOWN_FLOOR 0.7 /* share of the full norm kept at least */

void px__terms_free(px__terms *t) {
  px__hmap_free(&t->df);
  px__hmap_free(&t->scratch);
  free(t->raw);
  free(t->tok_hash);
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

/* A scratch map past this many slots, and 8 times what the last article
 * used, is given back: one unusually long article must not make every
 * later one clear a large table. */
#define SCRATCH_KEEP 4096

void px__features_begin(px__terms *t, px__features *f) {
  if (t->scratch.cap > SCRATCH_KEEP && t->scratch.cap > 8 * t->scratch.n)
    px__hmap_free(&t->scratch);
  px__hmap_clear(&t->scratch);
  t->n_raw = 0;
  t->hashed = NULL;
  f->n_vec = 0;
  f->n_ent = 0;
  f->n_words = 0;
  f->content = 0;
}

static int add_term(px__terms *t, uint64_t key, float w) {
  int created;
  uint32_t *ix = px__hmap_put(&t->scratch, key, t->n_raw, &created);
  if (!ix) return -1;
  if (created) {
    if (px__grow((void **)&t->raw, &t->raw_cap, t->n_raw + 1, sizeof *t->raw))
      return -1;
    t->raw[t->n_raw].key = key;
    t->raw[t->n_raw++].w = 0;
  }
  t->raw[*ix].w += w;
  return 0;
}

static size_t first_word_of(const px_doc *doc, const px_sentence *s) {
  for (size_t i = s->tok_begin; i < s->tok_end; i++)
    if (doc->toks[i].type <= PX_TOK_NUMBER) return i;
  return s->tok_end;
}

/* Is the sentence in Title Case (most words capitalised)? Then capitals
 * do not single out names: headlines like "Fed Sees Slower Growth". */
static int title_case(const px_doc *doc, const px_sentence *s) {
  size_t words = 0, caps = 0;
  for (size_t i = s->tok_begin; i < s->tok_end; i++) {
    const px_token *tk = &doc->toks[i];
    if (tk->type != PX_TOK_WORD) continue;
    words++;
    caps += (tk->flags & (PX_TF_CAP | PX_TF_ALLCAP)) != 0;
  }
  return words >= 3 && caps * 5 >= words * 3;
}

static int content_token(const px_token *tk) {
  if (tk->type == PX_TOK_NUMBER) return tk->norm_len >= 2;
  return tk->type == PX_TOK_WORD && !(tk->flags & PX_TF_STOP) &&
         tk->norm_len >= 2;
}

/* Is token i a name (capitalised, not first in its sentence, in a
 * sentence not in Title Case) or a number? */
static int entity_token(const px_doc *doc, size_t i, size_t first, int tc) {
  const px_token *tk = &doc->toks[i];
  if (tk->type == PX_TOK_NUMBER) return 1;
  return !tc && i != first && (tk->flags & (PX_TF_CAP | PX_TF_ALLCAP));
}

/* px__term_key given the hash of the token's folded form, nh. */
static inline uint64_t term_key_of(const px_doc *doc, const px_token *tk,
                                   uint64_t nh) {
  if (!content_token(tk)) return 0;
  uint64_t key = tk->type == PX_TOK_NUMBER
                     ? nh
                     : px__hash(doc->pool + tk->stem, tk->stem_len);
  key &= ~PX__ENT_BIT;
  return key ? key : 2;
}

uint64_t px__term_key(const px_doc *doc, const px_token *tk) {
  return term_key_of(doc, tk, px__hash(doc->pool + tk->norm, tk->norm_len));
}

/* The weight of sentence s's zone: headline, lead or the rest. */
static float zone_weight(enum px__zone zone, size_t s) {
  if (zone == PX__Z_TITLE) return W_TITLE;
  if (zone == PX__Z_BODY_HEADLINE && s == 0) return W_TITLE;
  return s < LEAD_SENTS ? W_LEAD : 1.0f;
}

/* Adds an entity occurrence: the entity itself and, after another name,
 * the pair ("Mark Felt"), which is rarer than either word. */
static int add_entity(px__terms *t, uint64_t key, uint64_t prev, float w) {
  if (add_term(t, key | PX__ENT_BIT, w)) return -1;
  if (!prev) return 0;
  uint64_t pair = (prev * 0x9e3779b97f4a7c15ULL) ^ (key >> 1);
  return add_term(t, pair | PX__ENT_BIT, w);
}

/* Adds the terms of one sentence of zone weight zw. */
static int add_sentence(px__terms *t, px__features *f, const px_doc *doc,
                        const px_sentence *se, float zw, size_t title_bytes,
                        uint64_t *hashes) {
  size_t fw = first_word_of(doc, se);
  int tc = title_case(doc, se);
  uint64_t prev = 0; /* key of the previous token when it was a name */
  for (size_t i = se->tok_begin; i < se->tok_end; i++) {
    const px_token *tk = &doc->toks[i];
    if (tk->type > PX_TOK_NUMBER) {
      prev = 0;
      continue;
    }
    uint64_t nh = px__hash(doc->pool + tk->norm, tk->norm_len);
    if (hashes) hashes[i] = nh;
    f->content = (f->content ^ nh) * 0x100000001b3ULL + (f->content >> 29);
    uint64_t key = term_key_of(doc, tk, nh);
    int ent = key && entity_token(doc, i, fw, tc);
    if (key) {
      f->n_words++;
      float w = tk->start < title_bytes ? W_TITLE : zw;
      float tw = !ent ? 1.0f : tk->type == PX_TOK_NUMBER ? W_NUM : W_NAME;
      if (add_term(t, key, w * tw)) return -1;
      if (ent && add_entity(t, key, prev, w)) return -1;
    }
    prev = ent && tk->type == PX_TOK_WORD ? key : 0;
  }
  return 0;
}

/* Do the sentences cover every token of doc once, in order? Then a pass
 * over the sentences has seen every word. */
static int sentences_tile(const px_doc *doc) {
  size_t next = 0;
  for (size_t s = 0; s < doc->n_sents; s++) {
    if (doc->sents[s].tok_begin != next) return 0;
    next = doc->sents[s].tok_end;
  }
  return next == doc->n_toks;
}

/* Adds the content words of doc; in a body, the first title_bytes bytes
 * are the headline. */
px_status px__features_add(px__terms *t, px__features *f, const px_doc *doc,
                           enum px__zone zone, size_t title_bytes) {
  /* a body's word hashes are kept for its MinHash */
  uint64_t *hashes = NULL;
  if (zone != PX__Z_TITLE &&
      !px__grow((void **)&t->tok_hash, &t->cap_tok_hash, doc->n_toks,
                     sizeof *t->tok_hash))
    hashes = t->tok_hash;
  for (size_t s = 0; s < doc->n_sents; s++)
    if (add_sentence(t, f, doc, &doc->sents[s], zone_weight(zone, s),
                     title_bytes, hashes))
      return PX_NOMEM;
  if (hashes && sentences_tile(doc)) t->hashed = doc;
  return PX_OK;
}

const uint64_t *px__terms_word_hashes(const px__terms *t, const px_doc *doc) {
  return doc && t->hashed == doc ? t->tok_hash : NULL;
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
px_status px__features_end(px__terms *t, px__features *f, int count) {
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
