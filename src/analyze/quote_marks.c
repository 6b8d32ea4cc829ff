/* quote_marks.c — pairs double quotation marks into quoted spans.
 *
 * Straight, typographic, '' `` and guillemet marks all arrive from the
 * tokenizer folded to '"' with flags saying whether each can open or close.
 * Single marks are left alone: they are apostrophes far more often than
 * quotes (O'Brien, rock 'n' roll, the 1990s'), and inside a quotation they
 * only nest. A mark that can only open, met inside a quotation, opens an
 * inner quotation with the same marks (the seed's "bring this "inglorious"
 * War"); the next closing mark ends that first. A paragraph that ends
 * inside a quotation continues it when the next paragraph opens with a
 * mark (the newspaper convention for quotations over several paragraphs);
 * otherwise the quotation is cut at the paragraph's end and marked
 * unclosed. One pass, constant state: linear in the tokens whatever the
 * input. */
#include "quote_internal.h"

/* Inner quotations deeper than this are taken as stray marks. */
enum { MAX_DEPTH = 2 };

static int is_double_mark(const px_token *t) {
  return t->type == PX_TOK_QUOTE && t->quote == '"';
}

static size_t para_first_tok(const px_doc *d, size_t p) {
  const px_paragraph *pa = &d->paras[p];
  return pa->sent_begin < pa->sent_end ? d->sents[pa->sent_begin].tok_begin
                                       : 0;
}

static size_t para_end_tok(const px_doc *d, size_t p) {
  const px_paragraph *pa = &d->paras[p];
  return pa->sent_begin < pa->sent_end ? d->sents[pa->sent_end - 1].tok_end
                                       : 0;
}

/* Does paragraph p start with a mark that can open? */
static int para_reopens(const px_doc *d, size_t p) {
  if (p >= d->n_paras) return 0;
  size_t b = para_first_tok(d, p), e = para_end_tok(d, p);
  return b < e && is_double_mark(&d->toks[b]) &&
         (d->toks[b].flags & PX_TF_OPEN);
}

typedef struct {
  px__qspan *out;
  size_t cap, n;
  int open;          /* inside a quotation */
  uint32_t open_tok; /* its opening mark */
  int depth;         /* inner quotations open */
  int multi;         /* it crossed a paragraph break */
} pairing;

static void emit(pairing *s, uint32_t close, int unclosed) {
  if (s->n < s->cap) {
    px__qspan *q = &s->out[s->n];
    q->open = s->open_tok;
    q->close = close;
    q->unclosed = (uint8_t)unclosed;
    q->multi_para = (uint8_t)s->multi;
  }
  s->n++;
  s->open = 0;
}

/* A mark that looks like an opening one but ends a quoted sentence: a
 * stop or comma before it and a space after it ("doing this, " Trump
 * said", "“Apparently not,“ he said"). A real inner opening mark is
 * followed by its first word. */
static int stray_close(const px_doc *d, uint32_t i) {
  if (i == 0 || i + 1 >= d->n_toks) return 0;
  const px_token *t = &d->toks[i], *n = &d->toks[i + 1];
  if (n->start == t->end) return 0;
  return px__tok_punct(d, i - 1, ',') || px__tok_punct(d, i - 1, '.') ||
         px__tok_punct(d, i - 1, '?') || px__tok_punct(d, i - 1, '!');
}

static void on_mark(pairing *s, const px_doc *d, const px_token *t,
                    uint32_t i) {
  int can_open = (t->flags & PX_TF_OPEN) != 0;
  int can_close = (t->flags & PX_TF_CLOSE) != 0;
  if (s->open && can_open && !can_close && s->depth == 0 && stray_close(d, i))
    can_close = 1, can_open = 0;
  if (!s->open) {
    if (can_open) {
      s->open = 1;
      s->open_tok = i;
      s->depth = 0;
      s->multi = 0;
    }
    return;
  }
  if (can_open && !can_close) {
    if (s->depth < MAX_DEPTH) s->depth++;
    return;
  }
  if (s->depth > 0) {
    s->depth--;
    return;
  }
  emit(s, i, 0);
}

/* At a paragraph's end inside a quotation: continue into the next
 * paragraph when it reopens, else cut here. Returns the token to resume
 * from (past the reopening mark when continuing). */
static size_t at_para_end(pairing *s, const px_doc *d, size_t p, size_t e) {
  if (!s->open || e == 0) return e;
  if (para_reopens(d, p + 1)) {
    s->multi = 1;
    s->depth = 0;
    return para_first_tok(d, p + 1) + 1;
  }
  emit(s, (uint32_t)(e - 1), 1);
  return e;
}

size_t px__quote_spans(const px_doc *d, px__qspan *out, size_t cap) {
  pairing s = {out, cap, 0, 0, 0, 0, 0};
  size_t resume = 0;
  for (size_t p = 0; p < d->n_paras; p++) {
    size_t b = para_first_tok(d, p), e = para_end_tok(d, p);
    if (b < resume) b = resume;
    for (size_t i = b; i < e; i++)
      if (is_double_mark(&d->toks[i])) on_mark(&s, d, &d->toks[i], (uint32_t)i);
    resume = at_para_end(&s, d, p, e);
  }
  return s.n;
}
