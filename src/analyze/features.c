/* features.c — the feature record of one article: everything the link
 * stage needs, computed once, as a pure function of the article.
 *
 * Terms are Snowball stems of content words and numbers. Each occurrence
 * weighs more in the headline and lead (where news says what happened) and
 * when it is a name (capitalised away from a sentence start). Names,
 * two-name runs and numbers are also kept a second time as entities (keys
 * with PX_TERM_ENTITY set): two stories of one kind (two earthquakes, two
 * jewel heists) share their topic words but not their places, people,
 * dates and tolls. The weights here are before any document frequency:
 * link (src/link/terms.c) saturates them and multiplies by an idf that the
 * stream updates. The tokenizer's hash of each folded word (px_token.hash)
 * keys the terms, the exact duplicate key and the MinHash signature
 * (minhash.c), and the entity lexicon: no word is hashed twice. */
#include <stdlib.h>
#include <string.h>
#include "features_internal.h"
#include "text/hmap.h"
#include "entity_internal.h"

#define W_TITLE 3.0f /* headline words */
#define W_LEAD 1.6f  /* the first sentences of the body */
#define W_NAME 3.0f  /* capitalised inside a sentence: names */
#define W_NUM 2.0f   /* numbers: amounts, scores, death tolls */
#define LEAD_SENTS 3
#define LABEL_MAX 160 /* bytes of a headline */
/* A scratch map past this many slots, and 8 times what the last article
 * used, is given back: one unusually long article must not make every
 * later one clear a large table. */
#define SCRATCH_KEEP 4096

struct px_featurizer {
  unsigned flags;
  px_analyzer *an;
  px_quoter *qt;
  px_entity_finder *ef;
  px__hmap scratch;   /* term key -> index into the record's terms */
  px_doc body;        /* the last article's text */
  int has_body;
};

px_featurizer *px_featurizer_new(unsigned flags) {
  px_featurizer *fz = calloc(1, sizeof *fz);
  if (!fz) return NULL;
  fz->flags = flags;
  fz->an = px_analyzer_new();
  fz->qt = flags & PX_FEAT_QUOTES ? px_quoter_new() : NULL;
  fz->ef = flags & PX_FEAT_ENTITIES ? px_entity_finder_new() : NULL;
  if (!fz->an || ((flags & PX_FEAT_QUOTES) && !fz->qt) ||
      ((flags & PX_FEAT_ENTITIES) && !fz->ef)) {
    px_featurizer_free(fz);
    return NULL;
  }
  return fz;
}

void px_featurizer_free(px_featurizer *fz) {
  if (!fz) return;
  px_analyzer_free(fz->an);
  px_quoter_free(fz->qt);
  px_entity_finder_free(fz->ef);
  px__hmap_free(&fz->scratch);
  free(fz);
}

const px_doc *px_featurizer_doc(const px_featurizer *fz) {
  return fz->has_body ? &fz->body : NULL;
}

/* How a text is read: a headline alone; a body whose headline was given
 * apart (or is its first title_bytes bytes); a body whose first sentence
 * is taken as its headline. */
enum zone_mode { Z_TITLE, Z_BODY, Z_BODY_HEADLINE };

/* The running state of one record's terms. */
typedef struct reading {
  px_featurizer *fz;
  px_features *f;
  const px_doc *doc;
  size_t title_bytes;
  int names;        /* record name mentions (body only) */
} reading;

static int add_term(reading *r, uint64_t key, float w, int zone,
                    const char *text, size_t len) {
  int created;
  uint32_t *ix =
      px__hmap_put(&r->fz->scratch, key, (uint32_t)r->f->n_terms, &created);
  if (!ix) return -1;
  if (created) {
    uint32_t off;
    px_term t = {key, 0, {0, 0, 0}, NULL};
    if (px__fmem_str(r->f->mem_, text, len, &off) ||
        px__fmem_term(r->f, &t, off))
      return -1;
  }
  px_term *t = &r->f->mem_->terms[*ix];
  t->weight += w;
  t->zone[zone] += w;
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

/* The term key of a content token given the hash of its folded form nh:
 * the stem's hash for words, nh for numbers; 0 for other tokens. */
static inline uint64_t term_key_of(const px_doc *doc, const px_token *tk,
                                   uint64_t nh) {
  if (!content_token(tk)) return 0;
  uint64_t key = tk->type == PX_TOK_NUMBER
                     ? nh
                     : px__hash(doc->pool + tk->stem, tk->stem_len);
  key &= ~(uint64_t)PX_TERM_ENTITY;
  return key ? key : 2;
}

/* The weight of sentence s's zone: headline, lead or the rest. */
static float zone_weight(enum zone_mode mode, size_t s) {
  if (mode == Z_TITLE) return W_TITLE;
  if (mode == Z_BODY_HEADLINE && s == 0) return W_TITLE;
  return s < LEAD_SENTS ? W_LEAD : 1.0f;
}

static int zone_of(float w) {
  return w == W_TITLE ? PX_ZONE_TITLE : w == W_LEAD ? PX_ZONE_LEAD
                                                    : PX_ZONE_BODY;
}

/* Adds an entity occurrence: the entity itself and, after another name,
 * the pair ("Mark Felt"), which is rarer than either word. */
static int add_entity(reading *r, uint64_t key, uint64_t prev, float w,
                      int zone, const char *text, size_t len) {
  if (add_term(r, key | PX_TERM_ENTITY, w, zone, text, len)) return -1;
  if (!prev) return 0;
  uint64_t pair = (prev * 0x9e3779b97f4a7c15ULL) ^ (key >> 1);
  return add_term(r, pair | PX_TERM_ENTITY, w, zone, "", 0);
}

/* Extends the last name mention to token tk, or starts one. */
static int add_name(reading *r, const px_token *tk, int continues) {
  px__fmem *m = r->f->mem_;
  if (continues && r->f->n_names) {
    m->names[r->f->n_names - 1].end = tk->end;
    return 0;
  }
  return px__fmem_span(&m->names, &m->cap_names, &r->f->n_names,
                       (px_span){tk->start, tk->end});
}

/* Adds the terms of one sentence of zone weight zw. */
static int add_sentence(reading *r, const px_sentence *se, float zw) {
  const px_doc *doc = r->doc;
  px_features *f = r->f;
  size_t fw = first_word_of(doc, se);
  int tc = title_case(doc, se);
  uint64_t prev = 0; /* key of the previous token when it was a name */
  for (size_t i = se->tok_begin; i < se->tok_end; i++) {
    const px_token *tk = &doc->toks[i];
    if (tk->type > PX_TOK_NUMBER) {
      prev = 0;
      continue;
    }
    uint64_t nh = tk->hash;
    f->content = (f->content ^ nh) * 0x100000001b3ULL + (f->content >> 29);
    uint64_t key = term_key_of(doc, tk, nh);
    int ent = key && entity_token(doc, i, fw, tc);
    if (key) {
      f->n_words++;
      float w = tk->start < r->title_bytes ? W_TITLE : zw;
      float tw = !ent ? 1.0f : tk->type == PX_TOK_NUMBER ? W_NUM : W_NAME;
      int zone = zone_of(w);
      const char *text = doc->pool + (tk->type == PX_TOK_NUMBER ? tk->norm
                                                                : tk->stem);
      size_t len = tk->type == PX_TOK_NUMBER ? tk->norm_len : tk->stem_len;
      if (add_term(r, key, w * tw, zone, text, len)) return -1;
      if (ent && add_entity(r, key, prev, w, zone, text, len)) return -1;
      if (ent && r->names && tk->type == PX_TOK_WORD &&
          add_name(r, tk, prev != 0))
        return -1;
    }
    prev = ent && tk->type == PX_TOK_WORD ? key : 0;
  }
  return 0;
}

/* Adds the content words of doc; in a body, the first title_bytes bytes
 * are the headline. */
static px_status add_doc(reading *r, const px_doc *doc, enum zone_mode mode,
                         size_t title_bytes) {
  r->doc = doc;
  r->title_bytes = title_bytes;
  r->names = mode != Z_TITLE;
  for (size_t s = 0; s < doc->n_sents; s++)
    if (add_sentence(r, &doc->sents[s], zone_weight(mode, s)))
      return PX_NOMEM;
  return PX_OK;
}

/* Does text start (after spaces) with the title? Then the title's words
 * are the text's first bytes and are weighed there. */
static size_t title_prefix(const px_article *a) {
  if (!a->title || !*a->title) return 0;
  size_t skip = 0, n = strlen(a->title);
  while (skip < a->text_len && (a->text[skip] == ' ' || a->text[skip] == '\n'))
    skip++;
  if (a->text_len - skip >= n && !memcmp(a->text + skip, a->title, n))
    return skip + n;
  return 0;
}

/* Skips a credit or dateline that opens a first sentence: "(Jane Roe,
 * Outlet) ..." or "CITY, May 1 (Wire) - ...". */
static const char *skip_credit(const char *s, size_t *n) {
  size_t lim = *n < 100 ? *n : 100;
  const char *close = memchr(s, ')', lim);
  if (!close) return s;
  const char *p = close + 1;
  while (p < s + *n && *p == ' ') p++;
  if (s[0] != '(') { /* a dateline needs a dash after the parenthesis */
    if (p < s + *n && *p == '-') p++;
    else if (s + *n - p >= 3 && !memcmp(p, "\xE2\x80", 2)) p += 3;
    else return s;
    while (p < s + *n && *p == ' ') p++;
  }
  *n -= (size_t)(p - s);
  return p;
}

/* The article's headline: its title, else its first sentence without a
 * credit, on one line and at most LABEL_MAX bytes, cut at a space. */
static size_t headline(const px_article *a, const px_doc *doc, char *out) {
  const char *s = a->title;
  size_t n = s ? strlen(s) : 0;
  if (!n && doc->n_sents) {
    n = doc->sents[0].end - doc->sents[0].start;
    s = skip_credit(doc->text + doc->sents[0].start, &n);
  }
  if (n > LABEL_MAX) {
    size_t cut = LABEL_MAX;
    while (cut > LABEL_MAX / 2 && s[cut] != ' ') cut--;
    n = cut;
    while (n > 0 && (s[n - 1] & 0xC0) == 0x80) n--; /* keep UTF-8 whole */
  }
  for (size_t i = 0; i < n; i++)
    out[i] = (s[i] == '\n' || s[i] == '\t' || s[i] == '\r') ? ' ' : s[i];
  return n;
}

/* The metadata, with an outlet or author the input did not give taken
 * from the text's byline or credits. */
static int copy_meta(px_features *f, const px_article *a) {
  px__fmem *m = f->mem_;
  char *outlet = NULL, *author = NULL;
  if (!a->outlet || !a->author)
    px_byline_find(a->text, a->text_len, &outlet, &author);
  f->outlet_from_text = !a->outlet && outlet;
  f->author_from_text = !a->author && author;
  const char *s[] = {a->id ? a->id : "",
                     a->date ? a->date : "",
                     a->time,
                     a->outlet ? a->outlet : outlet,
                     a->author ? a->author : author,
                     a->title,
                     a->url};
  int rc = 0;
  for (int i = 0; !rc && i < PX__M_HEADLINE; i++)
    rc = px__fmem_cstr(m, s[i], &m->meta[i]);
  free(outlet);
  free(author);
  if (rc) return -1;
  f->timestamp = a->timestamp;
  f->text_len = a->text_len;
  f->text_hash = px_text_hash(a->text, a->text_len);
  return 0;
}

static int copy_structure(px_features *f, const px_doc *d) {
  px__fmem *m = f->mem_;
  for (size_t i = 0; i < d->n_paras; i++)
    if (px__fmem_span(&m->paras, &m->cap_paras, &f->n_paras,
                      (px_span){d->paras[i].start, d->paras[i].end}))
      return -1;
  for (size_t i = 0; i < d->n_sents; i++)
    if (px__fmem_span(&m->sents, &m->cap_sents, &f->n_sents,
                      (px_span){d->sents[i].start, d->sents[i].end}))
      return -1;
  return 0;
}

/* The quotations, their pieces packed quote by quote, with the speaker's
 * name and each piece's text copied: link never reads the article text. */
static px_status copy_quotes(px_featurizer *fz, px_features *f,
                             const px_doc *d) {
  px_quote_list ql;
  px_status st = px_quotes_find(fz->qt, d, &ql);
  if (st != PX_OK) return st;
  f->has_quotes = 1;
  for (size_t i = 0; i < ql.n; i++) {
    px_quote q = ql.quotes[i];
    uint32_t spk = PX__NO_STR, begin = (uint32_t)f->n_pieces;
    if (q.speaker.end > q.speaker.start &&
        px__fmem_str(f->mem_, d->text + q.speaker.start,
                     q.speaker.end - q.speaker.start, &spk))
      return PX_NOMEM;
    for (uint32_t k = 0; k < q.n_pieces; k++) {
      px_span s = ql.pieces[q.piece_begin + k];
      uint32_t off;
      if (px__fmem_str(f->mem_, d->text + s.start, s.end - s.start, &off) ||
          px__fmem_piece(f, s, off))
        return PX_NOMEM;
    }
    q.piece_begin = begin;
    if (px__fmem_quote(f, &q, spk)) return PX_NOMEM;
  }
  return PX_OK;
}

/* The entities. The finder's string pool is copied whole: the names are
 * then offsets from its base. */
static px_status copy_entities(px_featurizer *fz, px_features *f,
                               const px_doc *d) {
  px_entity_list el;
  px_status st = px_entities_find(fz->ef, d, &el);
  if (st != PX_OK) return st;
  f->has_entities = 1;
  size_t len;
  const char *pool = px__entities_pool(fz->ef, &len);
  uint32_t base;
  if (len && px__fmem_str(f->mem_, pool, len, &base)) return PX_NOMEM;
  for (size_t i = 0; i < el.n; i++) {
    const px_entity *e = &el.ents[i];
    uint32_t canon = base + (uint32_t)(e->canonical - pool);
    uint32_t unit = e->unit ? base + (uint32_t)(e->unit - pool) : PX__NO_STR;
    if (px__fmem_entity(f, e, canon, unit)) return PX_NOMEM;
  }
  return PX_OK;
}

px_status px_features_compute(px_featurizer *fz, const px_article *a,
                              px_features *f) {
  fz->has_body = 0;
  if (px__fmem_begin(f) || copy_meta(f, a)) return PX_NOMEM;
  if (fz->scratch.cap > SCRATCH_KEEP && fz->scratch.cap > 8 * fz->scratch.n)
    px__hmap_free(&fz->scratch);
  px__hmap_clear(&fz->scratch);
  reading r = {fz, f, NULL, 0, 0};
  size_t tb = title_prefix(a);
  int has_title = a->title && *a->title;
  px_status st = PX_OK;
  if (has_title && !tb) {
    px_doc td;
    st = px_analyze(fz->an, a->title, strlen(a->title), &td);
    if (st == PX_OK) st = add_doc(&r, &td, Z_TITLE, 0);
  }
  if (st == PX_OK) st = px_analyze(fz->an, a->text, a->text_len, &fz->body);
  if (st != PX_OK) return st;
  fz->has_body = 1;
  st = add_doc(&r, &fz->body, has_title ? Z_BODY : Z_BODY_HEADLINE, tb);
  if (st != PX_OK) return st;
  f->n_shingles = (uint32_t)px_minhash(&fz->body, f->minhash);
  char head[LABEL_MAX + 1];
  size_t hn = headline(a, &fz->body, head);
  if (px__fmem_str(f->mem_, head, hn, &f->mem_->meta[PX__M_HEADLINE]) ||
      copy_structure(f, &fz->body))
    return PX_NOMEM;
  /* the record is worth linking without its quotations: when only they
   * fail, it is complete but for them and their status is returned */
  if ((fz->flags & PX_FEAT_TEXT) &&
      px__fmem_str(f->mem_, a->text, a->text_len, &f->mem_->meta[PX__M_TEXT]))
    return PX_NOMEM;
  if (fz->ef && copy_entities(fz, f, &fz->body))
    return PX_NOMEM;
  px_status qst = fz->qt ? copy_quotes(fz, f, &fz->body) : PX_OK;
  if (qst != PX_OK) f->has_quotes = 0, f->n_quotes = f->n_pieces = 0;
  return px__fmem_finish(f) ? PX_NOMEM : qst;
}
