/* quotes.c — px_quotes_find: the quotations of one analysed article.
 *
 * Three passes over the tokens, each linear:
 *   1. quoted spans (quote_marks.c) become direct quotations when they
 *      stand as sentences, attributed to the cue after them (",” Trump
 *      wrote."), else the cue before them ("He said: “..."); a quotation
 *      interrupted by its cue ("X," he said, "Y.") is one quotation of two
 *      pieces; a quotation with no cue continues the previous speaker.
 *   2. sentences with a speech cue and a subject outside quotation marks
 *      give reported speech: the clause after the cue ("said (that) ..."),
 *      or before it ("..., X said."), or around "according to X". When that
 *      clause carries quoted words it is a partial quotation.
 *   3. quoted words inside a sentence with no such cue are partial
 *      quotations of the verb before them ("labelled "a very productive
 *      one""), or scare quotes, which are left out.
 * Speakers are then resolved in text order (speaker.c). */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include "quote_internal.h"
#include "quote_find.h"

const char *px_quote_kind_name(px_quote_kind k) {
  switch (k) {
  case PX_QUOTE_DIRECT: return "direct";
  case PX_QUOTE_PARTIAL: return "partial";
  case PX_QUOTE_INDIRECT: return "indirect";
  }
  return "direct";
}

const char *px_speaker_how_name(px_speaker_how h) {
  static const char *const names[] = {"none", "name", "surname", "pronoun",
                                      "role", "nominal", "continued"};
  return (unsigned)h < sizeof names / sizeof names[0] ? names[h] : "none";
}

px_quoter *px_quoter_new(void) {
  px_quoter *q = calloc(1, sizeof *q);
  if (!q) return NULL;
  q->people = px__people_new();
  if (!q->people) { free(q); return NULL; }
  return q;
}

void px_quoter_free(px_quoter *q) {
  if (!q) return;
  px__people_free(q->people);
  free(q->spans);
  free(q->sent_of);
  free(q->tf);
  free(q->quotes);
  free(q->subjs);
  free(q->drop);
  free(q->pieces);
  free(q->order);
  free(q->out);
  free(q);
}

/* Grows *p to hold at least n elements of size sz. */
int px__grow(void **p, size_t *cap, size_t n, size_t sz) {
  if (n <= *cap) return 1;
  size_t c = *cap ? *cap : 64;
  while (c < n) c *= 2;
  void *np = realloc(*p, c * sz);
  if (!np) return 0;
  *p = np;
  *cap = c;
  return 1;
}

static px_status find_spans(px_quoter *q, const px_doc *d) {
  size_t n = px__quote_spans(d, q->spans, q->span_cap);
  if (n > q->span_cap) {
    if (!px__grow((void **)&q->spans, &q->span_cap, n, sizeof *q->spans))
      return PX_NOMEM;
    n = px__quote_spans(d, q->spans, q->span_cap);
  }
  q->n_spans = n;
  return PX_OK;
}

/* Token maps: the sentence of every token and the in-quotation flags. */
static px_status build_maps(px_quoter *q, const px_doc *d) {
  size_t cap = q->tok_cap;
  if (!px__grow((void **)&q->sent_of, &cap, d->n_toks + 1, sizeof *q->sent_of))
    return PX_NOMEM;
  cap = q->tok_cap;
  if (!px__grow((void **)&q->tf, &cap, d->n_toks + 1, sizeof *q->tf))
    return PX_NOMEM;
  q->tok_cap = cap;
  for (size_t s = 0; s < d->n_sents; s++)
    for (size_t t = d->sents[s].tok_begin; t < d->sents[s].tok_end; t++)
      q->sent_of[t] = (uint32_t)s;
  memset(q->tf, 0, d->n_toks + 1);
  for (size_t i = 0; i < q->n_spans; i++)
    for (size_t t = q->spans[i].open; t <= q->spans[i].close; t++)
      q->tf[t] |= PX__TF_INQ;
  return PX_OK;
}

/* Sort keys: content start, then the order found (stable). */
static int by_key(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Orders the quotes kept (not dropped) by where their content starts:
 * O(n log n), whatever order the passes found them in. The key packs start
 * and index. Returns how many are kept, or SIZE_MAX out of memory. */
static size_t sort_order(px_quoter *q) {
  uint64_t *keys = malloc((q->n_quotes + 1) * sizeof *keys);
  if (!keys) return SIZE_MAX;
  size_t n = 0;
  for (size_t i = 0; i < q->n_quotes; i++)
    if (!q->drop[i])
      keys[n++] = (uint64_t)q->quotes[i].content.start << 32 | (uint32_t)i;
  qsort(keys, n, sizeof *keys, by_key);
  for (size_t i = 0; i < n; i++) q->order[i] = (uint32_t)keys[i];
  free(keys);
  return n;
}

/* Resolves speakers in text order and writes the sorted output. */
static px_status finish(px_quoter *q, const px_doc *d, px_quote_list *out) {
  size_t cap = q->order_cap;
  if (!px__grow((void **)&q->order, &cap, q->n_quotes + 1, sizeof *q->order))
    return PX_NOMEM;
  q->order_cap = cap;
  cap = q->out_cap;
  if (!px__grow((void **)&q->out, &cap, q->n_quotes + 1, sizeof *q->out))
    return PX_NOMEM;
  q->out_cap = cap;
  size_t n = sort_order(q);
  if (n == SIZE_MAX) return PX_NOMEM;
  const px_quote *prev = NULL;
  for (size_t i = 0; i < n; i++) {
    uint32_t k = q->order[i];
    px_quote *o = &q->out[i];
    *o = q->quotes[k];
    if (o->how == PX_SPEAKER_CONTINUED) {
      if (prev && prev->speaker.end) {
        o->speaker = prev->speaker;
        o->role = prev->role;
      } else {
        o->how = PX_SPEAKER_NONE;
        o->confidence = 0.3f;
      }
    } else if (q->subjs[k].end) {
      px__people_resolve(q->people, d, &q->subjs[k], prev, o);
    }
    if (o->speaker.end) prev = o;
  }
  out->quotes = q->out;
  out->n = n;
  out->pieces = q->pieces;
  out->n_pieces = q->n_pieces;
  return PX_OK;
}

px_status px_quotes_find(px_quoter *q, const px_doc *d, px_quote_list *out) {
  memset(out, 0, sizeof *out);
  q->n_quotes = q->n_pieces = 0;
  px_status st = find_spans(q, d);
  if (st == PX_OK) st = build_maps(q, d);
  if (st == PX_OK) st = px__people_scan(q->people, d, q->spans, q->n_spans);
  if (st == PX_OK) st = px__direct_pass(q, d);
  if (st == PX_OK) st = px__reported_pass(q, d);
  if (st == PX_OK) st = px__partial_pass(q, d);
  if (st == PX_OK) st = finish(q, d, out);
  return st;
}
