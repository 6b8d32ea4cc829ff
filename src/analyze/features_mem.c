/* features_mem.c — the storage of a feature record: growable arrays and
 * one string pool, reused from article to article, so that computing a
 * record costs no allocation once the arrays have grown to the largest
 * article seen. */
#include <stdlib.h>
#include <string.h>
#include "features_internal.h"

void px_features_clear(px_features *f) {
  px__fmem *m = f->mem_;
  if (m) {
    free(m->terms);
    free(m->term_text);
    free(m->names);
    free(m->paras);
    free(m->sents);
    free(m->pieces);
    free(m->quotes);
    free(m->speaker_off);
    free(m->piece_off);
    free(m->speakers);
    free(m->piece_texts);
    free(m->ents);
    free(m->ent_canon);
    free(m->ent_unit);
    free(m->pool);
    free(m);
  }
  memset(f, 0, sizeof *f);
}

int px__fmem_begin(px_features *f) {
  px__fmem *m = f->mem_;
  if (!m && !(m = calloc(1, sizeof *m))) return -1;
  memset(f, 0, sizeof *f);
  f->mem_ = m;
  m->pool_len = 0;
  for (int i = 0; i < PX__M_COUNT; i++) m->meta[i] = PX__NO_STR;
  return 0;
}

int px__fmem_str(px__fmem *m, const char *s, size_t n, uint32_t *off) {
  if (m->pool_len + n + 1 > PX__GROW_MAX ||
      px__grow((void **)&m->pool, &m->cap_pool, m->pool_len + n + 1, 1))
    return -1;
  memcpy(m->pool + m->pool_len, s, n);
  m->pool[m->pool_len + n] = '\0';
  *off = (uint32_t)m->pool_len;
  m->pool_len += n + 1;
  return 0;
}

int px__fmem_cstr(px__fmem *m, const char *s, uint32_t *off) {
  if (!s) {
    *off = PX__NO_STR;
    return 0;
  }
  return px__fmem_str(m, s, strlen(s), off);
}

int px__fmem_span(px_span **a, size_t *cap, size_t *n, px_span s) {
  if (px__grow((void **)a, cap, *n + 1, sizeof **a)) return -1;
  (*a)[(*n)++] = s;
  return 0;
}

int px__fmem_term(px_features *f, const px_term *t, uint32_t text_off) {
  px__fmem *m = f->mem_;
  size_t n = f->n_terms;
  if (px__grow((void **)&m->terms, &m->cap_terms, n + 1, sizeof *m->terms) ||
      px__grow((void **)&m->term_text, &m->cap_term_text, n + 1,
               sizeof *m->term_text))
    return -1;
  m->terms[n] = *t;
  m->term_text[n] = text_off;
  f->n_terms = n + 1;
  return 0;
}

int px__fmem_quote(px_features *f, const px_quote *q, uint32_t speaker) {
  px__fmem *m = f->mem_;
  size_t n = f->n_quotes;
  if (px__grow((void **)&m->quotes, &m->cap_quotes, n + 1,
               sizeof *m->quotes) ||
      px__grow((void **)&m->speaker_off, &m->cap_speaker_off, n + 1,
               sizeof *m->speaker_off))
    return -1;
  m->quotes[n] = *q;
  m->speaker_off[n] = speaker;
  f->n_quotes = n + 1;
  return 0;
}

int px__fmem_piece(px_features *f, px_span s, uint32_t text_off) {
  px__fmem *m = f->mem_;
  size_t n = f->n_pieces;
  if (px__grow((void **)&m->piece_off, &m->cap_piece_off, n + 1,
               sizeof *m->piece_off) ||
      px__fmem_span(&m->pieces, &m->cap_pieces, &f->n_pieces, s))
    return -1;
  m->piece_off[n] = text_off;
  return 0;
}

int px__fmem_entity(px_features *f, const px_entity *e, uint32_t canon,
                    uint32_t unit) {
  px__fmem *m = f->mem_;
  size_t n = f->n_entities;
  if (px__grow((void **)&m->ents, &m->cap_ents, n + 1, sizeof *m->ents) ||
      px__grow((void **)&m->ent_canon, &m->cap_ent_canon, n + 1,
               sizeof *m->ent_canon) ||
      px__grow((void **)&m->ent_unit, &m->cap_ent_unit, n + 1,
               sizeof *m->ent_unit))
    return -1;
  m->ents[n] = *e;
  m->ent_canon[n] = canon;
  m->ent_unit[n] = unit;
  f->n_entities = n + 1;
  return 0;
}

/* A copy of n elements of size sz at p into *out (NULL for none); -1 when
 * out of memory. */
static int dup_n(void *out, const void *p, size_t n, size_t sz) {
  void **o = out;
  *o = NULL;
  if (!n) return 0;
  if (!(*o = malloc(n * sz))) return -1;
  memcpy(*o, p, n * sz);
  return 0;
}

int px__fmem_copy(px_features *dst, const px_features *src) {
  const px__fmem *a = src->mem_;
  px_features_clear(dst);
  px__fmem *m = calloc(1, sizeof *m);
  if (!m) return -1;
  *dst = *src;
  dst->mem_ = m;
  memcpy(m->meta, a->meta, sizeof m->meta);
  int bad =
      dup_n(&m->terms, a->terms, src->n_terms, sizeof *a->terms) ||
      dup_n(&m->term_text, a->term_text, src->n_terms, sizeof *a->term_text) ||
      dup_n(&m->names, a->names, src->n_names, sizeof *a->names) ||
      dup_n(&m->paras, a->paras, src->n_paras, sizeof *a->paras) ||
      dup_n(&m->sents, a->sents, src->n_sents, sizeof *a->sents) ||
      dup_n(&m->pieces, a->pieces, src->n_pieces, sizeof *a->pieces) ||
      dup_n(&m->piece_off, a->piece_off, src->n_pieces, sizeof *a->piece_off) ||
      dup_n(&m->quotes, a->quotes, src->n_quotes, sizeof *a->quotes) ||
      dup_n(&m->speaker_off, a->speaker_off, src->n_quotes, sizeof *a->speaker_off) ||
      dup_n(&m->ents, a->ents, src->n_entities, sizeof *a->ents) ||
      dup_n(&m->ent_canon, a->ent_canon, src->n_entities, sizeof *a->ent_canon) ||
      dup_n(&m->ent_unit, a->ent_unit, src->n_entities, sizeof *a->ent_unit) ||
      dup_n(&m->pool, a->pool, a->pool_len, 1);
  m->cap_terms = m->cap_term_text = src->n_terms;
  m->cap_names = src->n_names;
  m->cap_paras = src->n_paras;
  m->cap_sents = src->n_sents;
  m->cap_pieces = m->cap_piece_off = src->n_pieces;
  m->cap_quotes = m->cap_speaker_off = src->n_quotes;
  m->cap_ents = m->cap_ent_canon = m->cap_ent_unit = src->n_entities;
  m->pool_len = m->cap_pool = a->pool_len;
  if (bad || px__fmem_finish(dst)) {
    px_features_clear(dst);
    return -1;
  }
  return 0;
}

static const char *str_at(const px__fmem *m, uint32_t off) {
  return off == PX__NO_STR ? NULL : m->pool + off;
}

int px__fmem_finish(px_features *f) {
  px__fmem *m = f->mem_;
  /* the pointer arrays only grow here, once the counts are known */
  if (px__grow((void **)&m->speakers, &m->cap_speakers, f->n_quotes + 1,
               sizeof *m->speakers) ||
      px__grow((void **)&m->piece_texts, &m->cap_piece_texts,
               f->n_pieces + 1, sizeof *m->piece_texts))
    return -1;
  f->id = str_at(m, m->meta[PX__M_ID]);
  f->date = str_at(m, m->meta[PX__M_DATE]);
  f->time = str_at(m, m->meta[PX__M_TIME]);
  f->outlet = str_at(m, m->meta[PX__M_OUTLET]);
  f->author = str_at(m, m->meta[PX__M_AUTHOR]);
  f->title = str_at(m, m->meta[PX__M_TITLE]);
  f->url = str_at(m, m->meta[PX__M_URL]);
  f->headline = str_at(m, m->meta[PX__M_HEADLINE]);
  f->text = str_at(m, m->meta[PX__M_TEXT]);
  if (!f->id) f->id = "";
  if (!f->date) f->date = "";
  if (!f->headline) f->headline = "";
  for (size_t i = 0; i < f->n_terms; i++)
    m->terms[i].text = m->pool + m->term_text[i];
  for (size_t i = 0; i < f->n_quotes; i++)
    m->speakers[i] = str_at(m, m->speaker_off[i]);
  for (size_t i = 0; i < f->n_pieces; i++)
    m->piece_texts[i] = m->pool + m->piece_off[i];
  for (size_t i = 0; i < f->n_entities; i++) {
    m->ents[i].canonical = m->pool + m->ent_canon[i];
    m->ents[i].unit = str_at(m, m->ent_unit[i]);
  }
  f->entities = m->ents;
  f->terms = m->terms;
  f->names = m->names;
  f->paras = m->paras;
  f->sents = m->sents;
  f->quotes = m->quotes;
  f->pieces = m->pieces;
  f->speakers = m->speakers;
  f->piece_texts = m->piece_texts;
  return 0;
}

/* strcmp with NULL (an absent field) first. */
static int cmp_field(const char *x, const char *y) {
  if (!x || !y) return (x != NULL) - (y != NULL);
  return strcmp(x, y);
}

int px_features_order(const px_features *a, const px_features *b) {
  if (a->timestamp != b->timestamp) return a->timestamp < b->timestamp ? -1 : 1;
  if (a->text_hash != b->text_hash) return a->text_hash < b->text_hash ? -1 : 1;
  int c = strcmp(a->id, b->id);
  if (c) return c;
  /* one id twice (a reprint under the same id, two shards): any fixed
   * order will do, the pipeline keeps the first */
  if (a->text_len != b->text_len) return a->text_len < b->text_len ? -1 : 1;
  if (a->content != b->content) return a->content < b->content ? -1 : 1;
  const char *fa[] = {a->title, a->outlet, a->author, a->url, a->time};
  const char *fb[] = {b->title, b->outlet, b->author, b->url, b->time};
  for (size_t i = 0; !c && i < sizeof fa / sizeof *fa; i++)
    c = cmp_field(fa[i], fb[i]);
  return c;
}
