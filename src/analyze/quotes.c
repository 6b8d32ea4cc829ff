/* quotes.c — px_quotes_find: the quotations of one analysed article.
 *
 * First a view of the doc whose sentences and paragraphs are also cut at
 * line breaks that end paragraphs (outlets that separate paragraphs with
 * one newline). Then three passes over the tokens, each linear:
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
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include "quote_internal.h"
#include "entity_internal.h"
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
  free(q->vsents);
  free(q->vparas);
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

static int bad_span(const px_doc *d, uint32_t start, uint32_t end,
                    px_span *out, const char *where) {
#ifdef PX_CHECKED
  fprintf(stderr, "%s: bad span [%u, %u) of a %zu-byte text\n", where,
          (unsigned)start, (unsigned)end, d->len);
  abort();
#else
  (void)d, (void)start, (void)end, (void)where;
  out->start = out->end = 0;
  return 0;
#endif
}

int px__span_at(const px_doc *d, uint32_t start, uint32_t end, px_span *out,
                const char *where) {
  if (start > end || end > d->len) return bad_span(d, start, end, out, where);
  out->start = start;
  out->end = end;
  return 1;
}

int px__tok_span_at(const px_doc *d, size_t a, size_t b, px_span *out,
                    const char *where) {
  if (a > b || b >= d->n_toks)
    return bad_span(d, a < d->n_toks ? d->toks[a].start : UINT32_MAX,
                    b < d->n_toks ? d->toks[b].end : 0, out, where);
  return px__span_at(d, d->toks[a].start, d->toks[b].end, out, where);
}

/* Does a single line break stand before token t, one that ends a
 * paragraph? Some outlets separate paragraphs with one newline, which the
 * text layer keeps inside a paragraph; a quotation must not run across
 * it. A break counts after a stop, a mark or a bracket (not in the middle
 * of a wrapped sentence), or before an opening mark. */
static int line_break_before(const px_doc *d, size_t t) {
  if (t == 0) return 0;
  const px_token *a = &d->toks[t - 1], *b = &d->toks[t];
  if (!memchr(d->text + a->end, '\n', b->start - a->end)) return 0;
  if (b->type == PX_TOK_QUOTE && (b->flags & PX_TF_OPEN)) return 1;
  if (a->type == PX_TOK_WORD || a->type == PX_TOK_NUMBER) return 0;
  return !(b->type == PX_TOK_WORD && !(b->flags & PX_TF_CAP));
}

static void view_sentence(px_quoter *q, const px_doc *d, size_t a, size_t b,
                          size_t para) {
  px_sentence *s = &q->vsents[q->view.n_sents++];
  s->tok_begin = (uint32_t)a;
  s->tok_end = (uint32_t)b;
  s->start = d->toks[a].start;
  s->end = d->toks[b - 1].end;
  s->para = (uint32_t)para;
}

static void view_para_end(px_quoter *q, size_t sent_begin) {
  px_paragraph *p = &q->vparas[q->view.n_paras++];
  p->sent_begin = (uint32_t)sent_begin;
  p->sent_end = (uint32_t)q->view.n_sents;
  p->start = q->vsents[sent_begin].start;
  p->end = q->vsents[q->view.n_sents - 1].end;
}

/* Builds q->view: doc with sentences and paragraphs also cut at the line
 * breaks that end paragraphs. One pass over the tokens. */
static px_status build_view(px_quoter *q, const px_doc *d) {
  size_t breaks = 0; /* each adds at most one sentence and one paragraph */
  for (size_t t = 1; t < d->n_toks; t++) breaks += line_break_before(d, t);
  size_t cap = q->vsent_cap;
  if (px__grow((void **)&q->vsents, &cap, d->n_sents + breaks + 1,
                sizeof *q->vsents))
    return PX_NOMEM;
  q->vsent_cap = cap;
  cap = q->vpara_cap;
  if (px__grow((void **)&q->vparas, &cap, d->n_paras + breaks + 1,
                sizeof *q->vparas))
    return PX_NOMEM;
  q->vpara_cap = cap;
  q->view = *d;
  q->view.sents = q->vsents;
  q->view.paras = q->vparas;
  q->view.n_sents = q->view.n_paras = 0;
  for (size_t p = 0; p < d->n_paras; p++) {
    const px_paragraph *pa = &d->paras[p];
    if (pa->sent_begin >= pa->sent_end) continue;
    size_t para_first = q->view.n_sents;
    for (size_t s = pa->sent_begin; s < pa->sent_end; s++) {
      size_t a = d->sents[s].tok_begin, e = d->sents[s].tok_end;
      if (a >= e) continue;
      for (size_t t = a + (s == pa->sent_begin); t < e; t++) {
        if (!line_break_before(d, t)) continue;
        if (t > a) view_sentence(q, d, a, t, q->view.n_paras);
        if (q->view.n_sents > para_first) view_para_end(q, para_first);
        para_first = q->view.n_sents;
        a = t;
      }
      view_sentence(q, d, a, e, q->view.n_paras);
    }
    if (q->view.n_sents > para_first) view_para_end(q, para_first);
  }
  return PX_OK;
}

static px_status find_spans(px_quoter *q, const px_doc *d) {
  size_t n = px__quote_spans(d, q->spans, q->span_cap);
  if (n > q->span_cap) {
    if (px__grow((void **)&q->spans, &q->span_cap, n, sizeof *q->spans))
      return PX_NOMEM;
    n = px__quote_spans(d, q->spans, q->span_cap);
  }
  q->n_spans = n;
  return PX_OK;
}

/* Token maps: the sentence of every token and the in-quotation flags. */
static px_status build_maps(px_quoter *q, const px_doc *d) {
  size_t cap = q->tok_cap;
  if (px__grow((void **)&q->sent_of, &cap, d->n_toks + 1, sizeof *q->sent_of))
    return PX_NOMEM;
  cap = q->tok_cap;
  if (px__grow((void **)&q->tf, &cap, d->n_toks + 1, sizeof *q->tf))
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

/* The first token starting at or after byte b. */
static size_t tok_from(const px_doc *d, uint32_t b) {
  size_t lo = 0, hi = d->n_toks;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (d->toks[mid].start < b) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/* May quotation u, found with no cue, go on quotation r just before it?
 * r has a cue and u opens the sentence that follows the one ending r and
 * holding r's cue, in the same paragraph: "Bloomberg's "looks like a
 * vanity candidacy," says Jo Roe. "Who's asking him to run?"" The direct
 * pass joins such a sentence to a direct quotation; this does it for the
 * partial quotations found later (a lead-in, a reported clause). */
static int goes_on(const px_quoter *q, const px_doc *d, const px_quote *r,
                   const px_quote *u) {
  if (u->kind != PX_QUOTE_DIRECT || u->cue.end ||
      (u->how != PX_SPEAKER_CONTINUED && u->how != PX_SPEAKER_NONE))
    return 0;
  /* a reported clause without quoted words is the writer's: what
   * follows in marks is a new quotation */
  if (!r->cue.end || r->kind != PX_QUOTE_PARTIAL) return 0;
  size_t uo = tok_from(d, u->content.start);
  size_t re = tok_from(d, r->content.end);
  size_t rc = tok_from(d, r->cue.start);
  if (uo >= d->n_toks || re == 0 || re > uo || rc > uo) return 0;
  re--;
  size_t last = re > rc ? re : rc;
  if (d->sents[q->sent_of[uo]].tok_begin != uo ||
      q->sent_of[uo] != q->sent_of[last] + 1)
    return 0;
  return d->sents[q->sent_of[uo]].para == d->sents[q->sent_of[last]].para;
}

/* Joins each such u to r as more pieces (copied to the end of the piece
 * list, so a quotation's pieces stay together) and takes u out of the
 * order. A quotation that took pieces takes no more, so the copying stays
 * linear. Returns the new count, or SIZE_MAX out of memory. */
static size_t join_continued(px_quoter *q, const px_doc *d, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t k = q->order[i];
    if (w > 0) {
      uint32_t j = q->order[w - 1];
      px_quote *r = &q->quotes[j], *u = &q->quotes[k];
      if (q->drop[j] != 2 && goes_on(q, d, r, u)) {
        size_t np = r->n_pieces + u->n_pieces;
        if (px__grow((void **)&q->pieces, &q->piece_cap, q->n_pieces + np,
                      sizeof *q->pieces))
          return SIZE_MAX;
        px_span *to = &q->pieces[q->n_pieces];
        memcpy(to, &q->pieces[r->piece_begin], r->n_pieces * sizeof *to);
        memcpy(to + r->n_pieces, &q->pieces[u->piece_begin],
               u->n_pieces * sizeof *to);
        r->piece_begin = (uint32_t)q->n_pieces;
        r->n_pieces = (uint32_t)np;
        px__span(d, r->content.start, u->content.end, &r->content);
        q->n_pieces += np;
        q->drop[j] = 2; /* sort_order is done with drop: 2 marks "joined" */
        continue;
      }
    }
    q->order[w++] = k;
  }
  return w;
}

/* Resolves speakers in text order and writes the sorted output. */
static px_status finish(px_quoter *q, const px_doc *d, px_quote_list *out) {
  size_t cap = q->order_cap;
  if (px__grow((void **)&q->order, &cap, q->n_quotes + 1, sizeof *q->order))
    return PX_NOMEM;
  q->order_cap = cap;
  cap = q->out_cap;
  if (px__grow((void **)&q->out, &cap, q->n_quotes + 1, sizeof *q->out))
    return PX_NOMEM;
  q->out_cap = cap;
  size_t n = sort_order(q);
  if (n == SIZE_MAX) return PX_NOMEM;
  n = join_continued(q, d, n);
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
    /* a day, a dateline, a headline, a place: no one who speaks */
    int derived = o->how != PX_SPEAKER_NAME;
    if (o->speaker.end &&
        (px__not_a_person(d, o->speaker, derived) ||
         (derived && o->mention.end && o->mention.start != o->speaker.start &&
          px__not_a_person(d, o->mention, 0)))) {
      o->speaker = o->role = (px_span){0, 0};
      o->how = PX_SPEAKER_NONE;
      o->confidence = 0.3f;
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
  px_status st = build_view(q, d);
  if (st != PX_OK) return st;
  d = &q->view;
  st = find_spans(q, d);
  if (st == PX_OK) st = build_maps(q, d);
  if (st == PX_OK) st = px__people_scan(q->people, d, q->spans, q->n_spans);
  if (st == PX_OK) st = px__direct_pass(q, d);
  if (st == PX_OK) st = px__reported_pass(q, d);
  if (st == PX_OK) st = px__partial_pass(q, d);
  if (st == PX_OK) st = finish(q, d, out);
  return st;
}
