/* terms.c — the term vector of an article for story clustering.
 *
 * Terms are Snowball stems of content words and numbers. Each occurrence
 * weighs more in the headline and lead (where news says what happened) and
 * when it is a name (capitalised away from a sentence start). Counts are
 * saturated BM25-style, so a long article does not drown its rare terms,
 * and multiplied by an inverse document frequency that the stream updates
 * as it goes. Only the top terms are kept: an article costs a fixed
 * amount of memory and time whatever its length. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include "link_internal.h"

#define W_TITLE 3.0f /* headline words */
#define W_LEAD 1.6f  /* the first sentences of the body */
#define W_NAME 3.0f  /* capitalised inside a sentence: names */
#define W_NUM 2.0f   /* numbers: amounts, scores, death tolls */
#define TF_K1 1.2f   /* saturation of repeated terms */
#define LEAD_SENTS 3
#define PRIOR_DOCS 20.0
#define KNOWN_FLOOR 0.7 /* share of the full norm kept at least */

void px__terms_free(px__terms *t) {
  px__hmap_free(&t->df);
  px__hmap_free(&t->scratch);
  free(t->raw);
  memset(t, 0, sizeof *t);
}

float px__idf(const px__terms *t, uint64_t key) {
  const uint32_t *df = px__hmap_get(&t->df, key);
  /* PRIOR_DOCS unseen documents keep a small stream's idf from calling
   * every shared word common: two articles alone still share "Putin". */
  double n = (double)t->n_docs + PRIOR_DOCS, d = df ? *df : 0;
  if (d > n) d = n;
  return (float)log(1.0 + (n - d + 0.5) / (d + 0.5));
}

void px__features_begin(px__terms *t, px__features *f) {
  px__hmap_clear(&t->scratch);
  t->n_raw = 0;
  f->n_vec = 0;
  f->n_words = 0;
  f->content = 0;
}

static int add_term(px__terms *t, uint64_t key, float w) {
  int created;
  uint32_t *ix = px__hmap_put(&t->scratch, key, t->n_raw, &created);
  if (!ix) return -1;
  if (created) {
    if (px__link_grow((void **)&t->raw, &t->raw_cap, t->n_raw + 1, sizeof *t->raw))
      return -1;
    t->raw[t->n_raw].key = key ? key : 1;
    t->raw[t->n_raw++].w = 0;
  }
  t->raw[*ix].w += w;
  return 0;
}

/* Is token i the first word of its sentence? Capitals there say nothing. */
static int sentence_initial(const px_doc *doc, size_t i, size_t first_word) {
  return i == first_word;
}

static size_t first_word_of(const px_doc *doc, const px_sentence *s) {
  for (size_t i = s->tok_begin; i < s->tok_end; i++)
    if (doc->toks[i].type <= PX_TOK_NUMBER) return i;
  return s->tok_end;
}

static float token_weight(const px_token *tk, int initial) {
  if (tk->type == PX_TOK_WORD && (tk->flags & (PX_TF_CAP | PX_TF_ALLCAP)) &&
      !initial)
    return W_NAME;
  if (tk->type == PX_TOK_NUMBER) return W_NUM;
  return 1.0f;
}

static int content_token(const px_doc *doc, const px_token *tk) {
  if (tk->type == PX_TOK_NUMBER) return tk->norm_len >= 2;
  return tk->type == PX_TOK_WORD && !(tk->flags & PX_TF_STOP) &&
         tk->norm_len >= 2;
}

uint64_t px__term_key(const px_doc *doc, const px_token *tk) {
  if (!content_token(doc, tk)) return 0;
  uint64_t key = tk->type == PX_TOK_NUMBER
                     ? XXH3_64bits(doc->pool + tk->norm, tk->norm_len)
                     : XXH3_64bits(doc->pool + tk->stem, tk->stem_len);
  return key ? key : 1;
}

/* The weight of sentence s's zone: headline, lead or the rest. */
static float zone_weight(enum px__zone zone, size_t s) {
  if (zone == PX__Z_TITLE) return W_TITLE;
  if (zone == PX__Z_BODY_HEADLINE && s == 0) return W_TITLE;
  return s < LEAD_SENTS ? W_LEAD : 1.0f;
}

/* Adds the content words of doc; in a body, the first title_bytes bytes
 * are the headline. */
px_status px__features_add(px__terms *t, px__features *f, const px_doc *doc,
                           enum px__zone zone, size_t title_bytes) {
  for (size_t s = 0; s < doc->n_sents; s++) {
    const px_sentence *se = &doc->sents[s];
    size_t fw = first_word_of(doc, se);
    float zw = zone_weight(zone, s);
    for (size_t i = se->tok_begin; i < se->tok_end; i++) {
      const px_token *tk = &doc->toks[i];
      if (tk->type > PX_TOK_NUMBER) continue;
      uint64_t nh = XXH3_64bits(doc->pool + tk->norm, tk->norm_len);
      f->content = (f->content ^ nh) * 0x100000001b3ULL + (f->content >> 29);
      if (!content_token(doc, tk)) continue;
      f->n_words++;
      float w = tk->start < title_bytes ? W_TITLE : zw;
      w *= token_weight(tk, sentence_initial(doc, i, fw));
      if (add_term(t, px__term_key(doc, tk), w)) return PX_NOMEM;
    }
  }
  return PX_OK;
}

static int by_weight_desc(const void *x, const void *y) {
  const px__tw *a = x, *b = y;
  if (a->w != b->w) return a->w < b->w ? 1 : -1;
  return a->key < b->key ? -1 : a->key > b->key;
}

static int by_key(const void *x, const void *y) {
  const px__tw *a = x, *b = y;
  return a->key < b->key ? -1 : a->key > b->key;
}

/* Saturates, weighs by idf (counting the document first when count is
 * set), keeps the top terms, sorts them by key and normalises. */
px_status px__features_end(px__terms *t, px__features *f, int count) {
  if (count) {
    t->n_docs++;
    for (uint32_t i = 0; i < t->n_raw; i++) {
      uint32_t *df = px__hmap_put(&t->df, t->raw[i].key, 0, NULL);
      if (!df) return PX_NOMEM;
      (*df)++;
    }
  }
  for (uint32_t i = 0; i < t->n_raw; i++) {
    float r = t->raw[i].w;
    t->raw[i].w = r * (TF_K1 + 1) / (r + TF_K1) * px__idf(t, t->raw[i].key);
  }
  qsort(t->raw, t->n_raw, sizeof *t->raw, by_weight_desc);
  uint32_t n = t->n_raw < PX__TOPK ? t->n_raw : PX__TOPK;
  if (px__link_grow((void **)&f->vec, &f->cap_vec, n + 1, sizeof *f->vec))
    return PX_NOMEM;
  /* A term no other article has used yet cannot tie this one to a story;
   * leaving it out of the norm keeps it from diluting the terms that can. */
  double norm = 0, all = 0;
  for (uint32_t i = 0; i < n; i++) {
    double w2 = (double)t->raw[i].w * t->raw[i].w;
    const uint32_t *df = px__hmap_get(&t->df, t->raw[i].key);
    all += w2;
    if (df && *df > 1) norm += w2;
  }
  /* ...but not below KNOWN_FLOOR of the full norm, or one shared common word would
   * carry an article made of new names. */
  if (norm < all * KNOWN_FLOOR * KNOWN_FLOOR) norm = all * KNOWN_FLOOR * KNOWN_FLOOR;
  norm = norm > 0 ? sqrt(norm) : 1;
  for (uint32_t i = 0; i < n; i++) {
    f->vec[i].key = t->raw[i].key;
    f->vec[i].w = (float)(t->raw[i].w / norm);
  }
  qsort(f->vec, n, sizeof *f->vec, by_key);
  f->n_vec = n;
  return PX_OK;
}

void px__features_free(px__features *f) {
  free(f->vec);
  memset(f, 0, sizeof *f);
}

double px__cosine(const px__tw *a, uint32_t na, const px__tw *b,
                  uint32_t nb) {
  double dot = 0;
  uint32_t i = 0, j = 0;
  while (i < na && j < nb) {
    if (a[i].key < b[j].key) i++;
    else if (a[i].key > b[j].key) j++;
    else dot += (double)a[i++].w * b[j++].w;
  }
  return dot;
}
