/* features_json.c — the feature record as one line of JSON and back, so
 * that analysis and linking can run as separate processes (the map and
 * reduce steps of a distributed run). Lossless: 64-bit keys and hashes
 * are written in hexadecimal, float weights with nine significant digits
 * (enough to read back the same float), every array in order. The fields
 * are listed in docs/FORMATS.md. */
#include <float.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "features_internal.h"

static json_t *str_or_null(const char *s) {
  return s ? json_string(s) : json_null();
}

static json_t *hex64(uint64_t v) {
  char b[17];
  snprintf(b, sizeof b, "%016" PRIx64, v);
  return json_string(b);
}

static json_t *span_json(px_span s) {
  return json_pack("[I,I]", (json_int_t)s.start, (json_int_t)s.end);
}

/* Spans as one string, "start-end start-end ...": one JSON value for a
 * list that runs to hundreds (sentences, names). */
static json_t *spans_json(const px_span *s, size_t n) {
  char *b = malloc(22 * n + 1);
  if (!b) return NULL;
  size_t at = 0;
  for (size_t i = 0; i < n; i++)
    at += (size_t)sprintf(b + at, i ? " %" PRIu32 "-%" PRIu32 : "%" PRIu32 "-%" PRIu32,
                          s[i].start, s[i].end);
  json_t *j = json_stringn(b, at);
  free(b);
  return j;
}

/* Hexadecimal digits of v, most significant first, into out[0..2*bytes). */
static void put_hex(char *out, uint64_t v, int digits) {
  static const char hex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; i--, v >>= 4) out[i] = hex[v & 15];
}

static uint32_t float_bits(float x) {
  uint32_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

/* The terms as parallel columns (docs/FORMATS.md): their texts joined by
 * spaces (a stem or folded number holds none), keys as 16 hexadecimal
 * digits each, weights as the 8 hexadecimal digits of their IEEE-754
 * bits. A few strings instead of six JSON values a term: records are
 * written and read by the million, and a float's bits read back exactly. */
static json_t *terms_json(const px_features *f) {
  size_t n = f->n_terms, text_len = 0;
  for (size_t i = 0; i < n; i++) text_len += strlen(f->terms[i].text) + 1;
  char *text = malloc(text_len + 1), *key = malloc(16 * n + 1),
       *w[1 + PX_ZONE_COUNT];
  int ok = text && key;
  for (int z = 0; z <= PX_ZONE_COUNT; z++)
    ok &= (w[z] = malloc(8 * n + 1)) != NULL;
  json_t *o = NULL;
  if (ok) {
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
      const px_term *t = &f->terms[i];
      size_t k = strlen(t->text);
      if (i) text[at++] = ' ';
      /* words and numbers never hold a space; should one, it must not
       * split the column */
      for (size_t c = 0; c < k; c++)
        text[at++] = t->text[c] == ' ' ? '_' : t->text[c];
      put_hex(key + 16 * i, t->key, 16);
      put_hex(w[0] + 8 * i, float_bits(t->weight), 8);
      for (int z = 0; z < PX_ZONE_COUNT; z++)
        put_hex(w[1 + z] + 8 * i, float_bits(t->zone[z]), 8);
    }
    o = json_pack("{s:I,s:s#,s:s#,s:s#,s:s#,s:s#,s:s#}", "n", (json_int_t)n,
                  "text", text, at, "key", key, 16 * n, "weight", w[0], 8 * n,
                  "title", w[1], 8 * n, "lead", w[2], 8 * n, "body", w[3],
                  8 * n);
  }
  free(text);
  free(key);
  for (int z = 0; z <= PX_ZONE_COUNT; z++) free(w[z]);
  return o;
}

static json_t *quote_json(const px_features *f, size_t i) {
  const px_quote *q = &f->quotes[i];
  json_t *pieces = json_array();
  for (uint32_t k = 0; k < q->n_pieces; k++) {
    size_t p = q->piece_begin + k;
    json_array_append_new(pieces, json_pack("[I,I,s]",
                                            (json_int_t)f->pieces[p].start,
                                            (json_int_t)f->pieces[p].end,
                                            f->piece_texts[p]));
  }
  return json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:b,s:f}", "kind",
                   px_quote_kind_name(q->kind), "content",
                   span_json(q->content), "pieces", pieces, "cue",
                   span_json(q->cue), "mention", span_json(q->mention),
                   "speaker", span_json(q->speaker), "speaker_name",
                   str_or_null(f->speakers[i]), "role", span_json(q->role),
                   "how", px_speaker_how_name(q->how), "unclosed",
                   q->unclosed, "confidence", (double)q->confidence);
}

static json_t *entities_json(const px_features *f) {
  if (!f->has_entities) return json_null();
  json_t *a = json_array();
  for (size_t i = 0; i < f->n_entities; i++) {
    const px_entity *e = &f->entities[i];
    json_array_append_new(
        a, json_pack("[s,I,I,I,I,I,s,o]", px_entity_type_name(e->type),
                     (json_int_t)e->text.start, (json_int_t)e->text.end,
                     (json_int_t)e->role.start, (json_int_t)e->role.end,
                     (json_int_t)e->group, e->canonical,
                     str_or_null(e->unit)));
  }
  return a;
}

char *px_features_to_json(const px_features *f) {
  char sig[PX_MINHASH_K * 8 + 1];
  for (int i = 0; i < PX_MINHASH_K; i++)
    snprintf(sig + 8 * i, 9, "%08" PRIx32, f->minhash[i]);
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(f->id));
  json_object_set_new(o, "date", json_string(f->date));
  json_object_set_new(o, "time", str_or_null(f->time));
  json_object_set_new(o, "outlet", str_or_null(f->outlet));
  json_object_set_new(o, "outlet_from_text", json_boolean(f->outlet_from_text));
  json_object_set_new(o, "author", str_or_null(f->author));
  json_object_set_new(o, "author_from_text", json_boolean(f->author_from_text));
  json_object_set_new(o, "title", str_or_null(f->title));
  json_object_set_new(o, "url", str_or_null(f->url));
  json_object_set_new(o, "timestamp", json_integer(f->timestamp));
  json_object_set_new(o, "text_len", json_integer((json_int_t)f->text_len));
  json_object_set_new(o, "text_hash", hex64(f->text_hash));
  json_object_set_new(o, "headline", json_string(f->headline));
  json_object_set_new(o, "paragraphs", spans_json(f->paras, f->n_paras));
  json_object_set_new(o, "sentences", spans_json(f->sents, f->n_sents));
  json_object_set_new(o, "n_words", json_integer(f->n_words));
  json_object_set_new(o, "content", hex64(f->content));
  json_object_set_new(o, "shingles", json_integer(f->n_shingles));
  json_object_set_new(o, "minhash", json_string(sig));
  json_object_set_new(o, "terms", terms_json(f));
  json_object_set_new(o, "names", spans_json(f->names, f->n_names));
  json_t *quotes = f->has_quotes ? json_array() : json_null();
  for (size_t i = 0; f->has_quotes && i < f->n_quotes; i++)
    json_array_append_new(quotes, quote_json(f, i));
  json_object_set_new(o, "quotes", quotes);
  json_object_set_new(o, "entities", entities_json(f));
  if (f->text)
    json_object_set_new(o, "text", json_stringn(f->text, (size_t)f->text_len));
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
                              JSON_REAL_PRECISION(9));
  json_decref(o);
  return s;
}

/* ---- reading back ---- */

typedef struct rd {
  px_features *f;
  char *err;
  size_t errlen;
} rd;

static int fail(rd *r, const char *what) {
  snprintf(r->err, r->errlen, "feature record: %s", what);
  return -1;
}

static int get_str(rd *r, json_t *o, const char *key, int nullable,
                   uint32_t *off) {
  json_t *v = json_object_get(o, key);
  if (nullable && (!v || json_is_null(v))) {
    *off = PX__NO_STR;
    return 0;
  }
  if (!json_is_string(v)) {
    snprintf(r->err, r->errlen, "feature record: \"%s\" is not a string", key);
    return -1;
  }
  if (px__fmem_str(r->f->mem_, json_string_value(v), json_string_length(v),
                   off))
    return fail(r, "out of memory");
  return 0;
}

static int get_int(rd *r, json_t *o, const char *key, json_int_t lo,
                   json_int_t hi, json_int_t *out) {
  json_t *v = json_object_get(o, key);
  if (!json_is_integer(v) || json_integer_value(v) < lo ||
      json_integer_value(v) > hi) {
    snprintf(r->err, r->errlen,
             "feature record: \"%s\" is not an integer in range", key);
    return -1;
  }
  *out = json_integer_value(v);
  return 0;
}

static int hex_value(const char *s, size_t n, uint64_t *out) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    int d = c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                   : -1;
    if (d < 0) return -1;
    v = v << 4 | (uint64_t)d;
  }
  *out = v;
  return 0;
}

static int get_hex64(rd *r, json_t *v, const char *what, uint64_t *out) {
  if (!json_is_string(v) || json_string_length(v) != 16 ||
      hex_value(json_string_value(v), 16, out))
    return fail(r, what);
  return 0;
}

static int span_of(json_t *v, px_span *s) {
  json_t *a = json_array_get(v, 0), *b = json_array_get(v, 1);
  if (!json_is_integer(a) || !json_is_integer(b) ||
      json_integer_value(a) < 0 || json_integer_value(b) < 0 ||
      json_integer_value(a) > UINT32_MAX || json_integer_value(b) > UINT32_MAX)
    return -1;
  s->start = (uint32_t)json_integer_value(a);
  s->end = (uint32_t)json_integer_value(b);
  return 0;
}

/* A decimal below 2^32 at *p, which moves past it; -1 when there is none. */
static int get_u32(const char **p, const char *end, uint32_t *out) {
  const char *s = *p;
  uint64_t v = 0;
  if (s == end || *s < '0' || *s > '9') return -1;
  for (; s < end && *s >= '0' && *s <= '9'; s++)
    if ((v = v * 10 + (uint64_t)(*s - '0')) > UINT32_MAX) return -1;
  *out = (uint32_t)v;
  *p = s;
  return 0;
}

static int get_spans(rd *r, json_t *o, const char *key, px_span **a,
                     size_t *cap, size_t *n) {
  json_t *v = json_object_get(o, key);
  if (!json_is_string(v)) return fail(r, key);
  const char *p = json_string_value(v), *end = p + json_string_length(v);
  while (p < end) {
    px_span s;
    if ((*n && *p++ != ' ') || get_u32(&p, end, &s.start) || p == end ||
        *p++ != '-' || get_u32(&p, end, &s.end))
      return fail(r, key);
    if (px__fmem_span(a, cap, n, s)) return fail(r, "out of memory");
  }
  return 0;
}

static int get_float(json_t *v, float *out) {
  if (!json_is_number(v)) return -1;
  double d = json_number_value(v);
  if (!(d >= -FLT_MAX && d <= FLT_MAX)) return -1;
  *out = (float)d;
  return 0;
}

/* A column of the terms: a string of n values of digits hex digits. */
static const char *column(json_t *o, const char *key, size_t n, int digits) {
  json_t *v = json_object_get(o, key);
  if (!json_is_string(v) || json_string_length(v) != n * (size_t)digits)
    return NULL;
  return json_string_value(v);
}

/* A float from its 8 hexadecimal digits; finite, or the linker's sums
 * would not be. */
static int float_at(const char *s, float *out) {
  uint64_t u;
  if (hex_value(s, 8, &u)) return -1;
  uint32_t b = (uint32_t)u;
  float x;
  memcpy(&x, &b, sizeof x);
  if (!(x >= -FLT_MAX && x <= FLT_MAX)) return -1;
  *out = x;
  return 0;
}

static int read_terms(rd *r, json_t *o) {
  json_t *t = json_object_get(o, "terms");
  json_int_t n;
  if (!json_is_object(t) || get_int(r, t, "n", 0, PX__GROW_MAX, &n))
    return fail(r, "terms");
  const char *key = column(t, "key", (size_t)n, 16),
             *w[1 + PX_ZONE_COUNT] = {column(t, "weight", (size_t)n, 8),
                                      column(t, "title", (size_t)n, 8),
                                      column(t, "lead", (size_t)n, 8),
                                      column(t, "body", (size_t)n, 8)};
  json_t *tv = json_object_get(t, "text");
  if (!key || !w[0] || !w[1] || !w[2] || !w[3] || !json_is_string(tv))
    return fail(r, "terms");
  const char *text = json_string_value(tv), *end = text + json_string_length(tv);
  if (!n && text != end) return fail(r, "terms");
  for (size_t i = 0; i < (size_t)n; i++) {
    px_term term = {0, 0, {0, 0, 0}, NULL};
    const char *sp = memchr(text, ' ', (size_t)(end - text));
    const char *stop = sp ? sp : end;
    if ((i + 1 < (size_t)n) != (sp != NULL) || memchr(text, '\0', (size_t)(stop - text)) ||
        hex_value(key + 16 * i, 16, &term.key) ||
        float_at(w[0] + 8 * i, &term.weight))
      return fail(r, "terms");
    for (int z = 0; z < PX_ZONE_COUNT; z++)
      if (float_at(w[1 + z] + 8 * i, &term.zone[z])) return fail(r, "terms");
    uint32_t off;
    if (px__fmem_str(r->f->mem_, text, (size_t)(stop - text), &off) ||
        px__fmem_term(r->f, &term, off))
      return fail(r, "out of memory");
    text = sp ? sp + 1 : end;
  }
  return 0;
}

static int kind_of(const char *s, int *out) {
  for (int k = PX_QUOTE_DIRECT; k <= PX_QUOTE_INDIRECT; k++)
    if (!strcmp(s, px_quote_kind_name((px_quote_kind)k))) return *out = k, 0;
  return -1;
}

static int how_of(const char *s, int *out) {
  for (int h = PX_SPEAKER_NONE; h <= PX_SPEAKER_CONTINUED; h++)
    if (!strcmp(s, px_speaker_how_name((px_speaker_how)h))) return *out = h, 0;
  return -1;
}

static int read_quote(rd *r, json_t *v) {
  px_quote q;
  memset(&q, 0, sizeof q);
  int kind, how;
  json_t *pieces = json_object_get(v, "pieces"), *p;
  const char *ks = json_string_value(json_object_get(v, "kind"));
  const char *hs = json_string_value(json_object_get(v, "how"));
  json_t *unclosed = json_object_get(v, "unclosed");
  if (!ks || kind_of(ks, &kind) || !hs || how_of(hs, &how) ||
      !json_is_array(pieces) || !json_is_boolean(unclosed) ||
      span_of(json_object_get(v, "content"), &q.content) ||
      span_of(json_object_get(v, "cue"), &q.cue) ||
      span_of(json_object_get(v, "mention"), &q.mention) ||
      span_of(json_object_get(v, "speaker"), &q.speaker) ||
      span_of(json_object_get(v, "role"), &q.role) ||
      get_float(json_object_get(v, "confidence"), &q.confidence))
    return fail(r, "quotes");
  q.kind = (px_quote_kind)kind;
  q.how = (uint8_t)how;
  q.unclosed = json_is_true(unclosed);
  q.piece_begin = (uint32_t)r->f->n_pieces;
  size_t i;
  json_array_foreach(pieces, i, p) {
    px_span s;
    json_t *text = json_array_get(p, 2);
    uint32_t off;
    if (span_of(p, &s) || !json_is_string(text)) return fail(r, "quote pieces");
    if (px__fmem_str(r->f->mem_, json_string_value(text),
                     json_string_length(text), &off) ||
        px__fmem_piece(r->f, s, off))
      return fail(r, "out of memory");
  }
  q.n_pieces = (uint32_t)json_array_size(pieces);
  uint32_t spk;
  if (get_str(r, v, "speaker_name", 1, &spk)) return -1;
  if (px__fmem_quote(r->f, &q, spk)) return fail(r, "out of memory");
  return 0;
}

static int read_entity(rd *r, json_t *v) {
  px_entity e;
  memset(&e, 0, sizeof e);
  const char *ts = json_string_value(json_array_get(v, 0));
  json_t *canon = json_array_get(v, 6), *unit = json_array_get(v, 7);
  int type = -1;
  for (int t = 0; ts && t < PX_ENT_COUNT; t++)
    if (!strcmp(ts, px_entity_type_name((px_entity_type)t))) type = t;
  json_t *x[5];
  for (int k = 0; k < 5; k++) {
    x[k] = json_array_get(v, (size_t)k + 1);
    if (!json_is_integer(x[k]) || json_integer_value(x[k]) < 0 ||
        json_integer_value(x[k]) > UINT32_MAX)
      return fail(r, "entities");
  }
  if (json_array_size(v) != 8 || type < 0 || !json_is_string(canon) ||
      !(json_is_string(unit) || json_is_null(unit)))
    return fail(r, "entities");
  e.type = (uint8_t)type;
  e.text.start = (uint32_t)json_integer_value(x[0]);
  e.text.end = (uint32_t)json_integer_value(x[1]);
  e.role.start = (uint32_t)json_integer_value(x[2]);
  e.role.end = (uint32_t)json_integer_value(x[3]);
  e.group = (uint32_t)json_integer_value(x[4]);
  uint32_t c, u = PX__NO_STR;
  if (px__fmem_str(r->f->mem_, json_string_value(canon),
                   json_string_length(canon), &c) ||
      (json_is_string(unit) &&
       px__fmem_str(r->f->mem_, json_string_value(unit),
                    json_string_length(unit), &u)) ||
      px__fmem_entity(r->f, &e, c, u))
    return fail(r, "out of memory");
  return 0;
}

static int read_record(rd *r, json_t *o) {
  static const char *meta[] = {"id", "date", "time", "outlet",
                               "author", "title", "url", "headline"};
  px_features *f = r->f;
  px__fmem *m = f->mem_;
  for (int i = 0; i < PX__M_TEXT; i++) {
    int nullable = i != PX__M_ID && i != PX__M_DATE && i != PX__M_HEADLINE;
    if (get_str(r, o, meta[i], nullable, &m->meta[i])) return -1;
  }
  json_t *oft = json_object_get(o, "outlet_from_text"),
         *aft = json_object_get(o, "author_from_text");
  if (!json_is_boolean(oft) || !json_is_boolean(aft))
    return fail(r, "outlet_from_text or author_from_text");
  f->outlet_from_text = json_is_true(oft);
  f->author_from_text = json_is_true(aft);
  json_int_t ts, len, words, shingles;
  if (get_int(r, o, "timestamp", INT64_MIN, INT64_MAX, &ts) ||
      get_int(r, o, "text_len", 0, INT64_MAX, &len) ||
      get_int(r, o, "n_words", 0, UINT32_MAX, &words) ||
      get_int(r, o, "shingles", 0, UINT32_MAX, &shingles) ||
      get_hex64(r, json_object_get(o, "text_hash"), "text_hash",
                &f->text_hash) ||
      get_hex64(r, json_object_get(o, "content"), "content", &f->content))
    return -1;
  f->timestamp = ts;
  f->text_len = (uint64_t)len;
  f->n_words = (uint32_t)words;
  f->n_shingles = (uint32_t)shingles;
  json_t *sig = json_object_get(o, "minhash");
  if (!json_is_string(sig) || json_string_length(sig) != 8 * PX_MINHASH_K)
    return fail(r, "minhash");
  for (int i = 0; i < PX_MINHASH_K; i++) {
    uint64_t v;
    if (hex_value(json_string_value(sig) + 8 * i, 8, &v))
      return fail(r, "minhash");
    f->minhash[i] = (uint32_t)v;
  }
  if (get_spans(r, o, "paragraphs", &m->paras, &m->cap_paras, &f->n_paras) ||
      get_spans(r, o, "sentences", &m->sents, &m->cap_sents, &f->n_sents) ||
      get_spans(r, o, "names", &m->names, &m->cap_names, &f->n_names) ||
      read_terms(r, o))
    return -1;
  json_t *text = json_object_get(o, "text");
  if (text) {
    if (!json_is_string(text) || json_string_length(text) != f->text_len)
      return fail(r, "text");
    if (px__fmem_str(m, json_string_value(text), json_string_length(text),
                     &m->meta[PX__M_TEXT]))
      return fail(r, "out of memory");
  }
  json_t *ents = json_object_get(o, "entities"), *e;
  size_t k;
  if (ents && !json_is_null(ents)) {
    if (!json_is_array(ents)) return fail(r, "entities");
    f->has_entities = 1;
    json_array_foreach(ents, k, e) if (read_entity(r, e)) return -1;
  }
  json_t *quotes = json_object_get(o, "quotes"), *q;
  if (json_is_null(quotes)) return 0;
  if (!json_is_array(quotes)) return fail(r, "quotes");
  f->has_quotes = 1;
  size_t i;
  json_array_foreach(quotes, i, q) if (read_quote(r, q)) return -1;
  return 0;
}

px_status px_features_from_json(const char *json, size_t len,
                                px_features *out, char *err, size_t errlen) {
  char dummy[1];
  if (!err || !errlen) err = dummy, errlen = sizeof dummy;
  err[0] = '\0';
  if (px__fmem_begin(out)) return PX_NOMEM;
  json_error_t je;
  json_t *o = json_loadb(json, len, 0, &je);
  if (!json_is_object(o)) {
    snprintf(err, errlen, "feature record: %s (byte %d)",
             o ? "not an object" : je.text, o ? 0 : je.position);
    json_decref(o);
    return PX_BAD_JSON;
  }
  rd r = {out, err, errlen};
  int bad = read_record(&r, o);
  json_decref(o);
  if (!bad && px__fmem_finish(out)) return PX_NOMEM;
  if (bad) {
    /* an empty record rather than a half-read one */
    px__fmem_begin(out);
    px__fmem_finish(out);
    return strstr(err, "out of memory") ? PX_NOMEM : PX_BAD_JSON;
  }
  return PX_OK;
}

px_status px_features_copy(px_features *dst, const px_features *src) {
  /* a computed or read record: its storage copied; one made by hand
   * (no storage) goes through its JSON line */
  if (src->mem_) return px__fmem_copy(dst, src) ? PX_NOMEM : PX_OK;
  char *j = px_features_to_json(src);
  if (!j) return PX_NOMEM;
  px_status st = px_features_from_json(j, strlen(j), dst, NULL, 0);
  free(j);
  return st;
}
