/* quote_direct.c — quoted spans to direct quotations: whether a span
 * stands as a sentence or sits inside one, where its cue is, whether the
 * next span is the same quotation resumed after the cue ("X," he said,
 * "Y."), and who speaks when there is no cue at all. */
#include <string.h>
#include "quote_find.h"

/* How far a cue may stand from the quotation it attributes, in tokens. */
enum { CUE_AFTER_WINDOW = 20, CUE_BEFORE_GAP = 10, ATTRIB_TAIL = 4,
       MIN_UNCUED_WORDS = 4, RESUME_GAP = 12, LEAD_IN_WORDS = 2,
       NEAR_BEFORE = 3, DASH_NAME = 6 };

size_t px__sent_lo(const px_quoter *q, const px_doc *d, size_t t) {
  return d->sents[q->sent_of[t]].tok_begin;
}

size_t px__sent_hi(const px_quoter *q, const px_doc *d, size_t t) {
  return d->sents[q->sent_of[t]].tok_end;
}

size_t px__para_hi(const px_quoter *q, const px_doc *d, size_t t) {
  const px_paragraph *p = &d->paras[d->sents[q->sent_of[t]].para];
  return d->sents[p->sent_end - 1].tok_end;
}

static size_t para_of(const px_quoter *q, const px_doc *d, size_t t) {
  return d->sents[q->sent_of[t]].para;
}

px_quote *px__add_quote(px_quoter *q, const px_doc *d, px_quote_kind kind,
                        size_t a, size_t b, const px__subject *subj) {
  size_t cap = q->quote_cap;
  if (px__grow((void **)&q->quotes, &cap, q->n_quotes + 1, sizeof *q->quotes))
    return NULL;
  cap = q->quote_cap;
  if (px__grow((void **)&q->subjs, &cap, q->n_quotes + 1, sizeof *q->subjs))
    return NULL;
  cap = q->quote_cap;
  if (px__grow((void **)&q->drop, &cap, q->n_quotes + 1, sizeof *q->drop))
    return NULL;
  q->quote_cap = cap;
  q->drop[q->n_quotes] = 0;
  px_quote *o = &q->quotes[q->n_quotes];
  memset(o, 0, sizeof *o);
  memset(&q->subjs[q->n_quotes], 0, sizeof q->subjs[0]);
  if (subj) q->subjs[q->n_quotes] = *subj;
  q->n_quotes++;
  o->kind = kind;
  o->piece_begin = (uint32_t)q->n_pieces;
  o->confidence = 0.3f;
  if (!px__add_piece(q, d, a, b)) return NULL;
  return o;
}

int px__add_piece(px_quoter *q, const px_doc *d, size_t a, size_t b) {
  if (px__grow((void **)&q->pieces, &q->piece_cap, q->n_pieces + 1,
                sizeof *q->pieces))
    return 0;
  px_span s;
  px_quote *o = &q->quotes[q->n_quotes - 1];
  if (!px__tok_span(d, a, b, &s)) {
    /* a release build goes on without the piece; a quotation left with
     * none is dropped */
    if (!o->n_pieces) q->drop[q->n_quotes - 1] = 1;
    return 1;
  }
  q->pieces[q->n_pieces++] = s;
  px__span(d, o->n_pieces ? o->content.start : s.start, s.end, &o->content);
  o->n_pieces++;
  return 1;
}

static int is_wordish(const px_doc *d, size_t i) {
  return d->toks[i].type == PX_TOK_WORD || d->toks[i].type == PX_TOK_NUMBER;
}

/* Are the quoted words part of the writer's sentence (a partial quote)
 * rather than a sentence of their own? */
static int is_embedded(const px_quoter *q, const px_doc *d, const px__qspan *s) {
  size_t o = s->open, c = s->close;
  size_t lo = px__sent_lo(q, d, o), hi = px__sent_hi(q, d, c);
  int ends_clause = c > o + 1 && !is_wordish(d, c - 1);
  if (o > lo && is_wordish(d, o - 1)) {
    const px_token *t = &d->toks[o - 1];
    unsigned f = px__cue_flags(d->pool + t->norm, t->norm_len);
    int to_end = c + 1 >= hi || (c + 2 == hi && !is_wordish(d, c + 1));
    if (!((f & PX__CUE_SPEECH) && ends_clause && to_end)) return 1;
  }
  if (!s->unclosed && c + 1 < hi && is_wordish(d, c + 1) && !ends_clause)
    return 1;
  return 0;
}

/* ",” California Rep. Duncan Hunter's chief of staff, Joe Kasper, told":
 * the subject finder gives up on such a long subject, but a name or
 * pronoun right after the quotation, with a cue further on, is the
 * speaker. */
static int aside_subject(const px_doc *d, size_t a, size_t wend, size_t *cue,
                         px__subject *subj) {
  size_t b = a;
  while (b < wend && px__tok_punct(d, b, ',')) b++;
  if (b >= wend || !(px__is_name_tok(d, b) || px__is_pronoun(d, b)))
    return 0;
  size_t k = b + 1;
  while (k < wend && !px__cue_ok(d, k, 1)) k++;
  if (k >= wend) return 0;
  *cue = k;
  return px__sentence_subject(d, b, k, subj);
}

/* "“We are not going back.” ― Jane Rowe": a dash and a name closing the
 * paragraph (or followed only by a comma and an aside) sign the
 * quotation, as under reader comments, tweets and epigraphs. */
static int dash_signed(const px_doc *d, size_t a, size_t para_hi, size_t *cue,
                       px__subject *subj) {
  if (a + 1 >= para_hi || !px__tok_dash(d, a) || !px__is_name_tok(d, a + 1))
    return 0;
  size_t e = a + 1;
  while (e + 1 < para_hi && e < a + DASH_NAME &&
         (px__is_name_tok(d, e + 1) || px__tok_punct(d, e + 1, '.')))
    e++;
  if (e + 1 < para_hi && d->toks[e + 1].type != PX_TOK_PUNCT) return 0;
  if (!px__sentence_subject(d, a + 1, e + 1, subj)) return 0;
  *cue = a;
  return 1;
}

/* The cue after the closing mark: ",” Trump wrote." In a new sentence only
 * when that sentence is just the attribution ("He added."). */
static int cue_after(const px_quoter *q, const px_doc *d, size_t c,
                     size_t next_open, size_t *cue, px__subject *subj) {
  size_t a = c + 1;
  if (a >= d->n_toks || a >= px__para_hi(q, d, c)) return 0;
  if (dash_signed(d, a, px__para_hi(q, d, c), cue, subj)) return 1;
  size_t hi = px__sent_hi(q, d, a);
  /* "“...” Of Carson, Levine said, “...”": a new sentence that runs on
   * into the next quotation introduces that one, whatever its cue */
  if (px__sent_lo(q, d, a) == a && hi > next_open) return 0;
  if (hi > next_open) hi = next_open;
  size_t wend = a + CUE_AFTER_WINDOW < hi ? a + CUE_AFTER_WINDOW : hi;
  if (!px__find_cue(d, a, wend, 1, 1, a, hi, cue, subj) &&
      !aside_subject(d, a, wend, cue, subj))
    return 0;
  if (q->tf[*cue] & PX__TF_INQ) return 0;
  int new_sentence = px__sent_lo(q, d, a) == a;
  if (new_sentence && hi - *cue > ATTRIB_TAIL + 3 &&
      !px__attribution_tail(d, *cue, subj))
    return 0;
  /* "Trump replied: “No, ...”": a sentence of its own that ends in a
   * colon before the next quotation introduces that one */
  if (new_sentence && hi == next_open && px__tok_punct(d, hi - 1, ':'))
    return 0;
  /* "“...,” Harry Bond, 30, of Raleigh, who was polled, said": the name
   * right after the quotation is the speaker, however long the aside */
  size_t b = a;
  while (b < *cue && px__tok_punct(d, b, ',')) b++;
  if (b + 1 < *cue && (px__is_name_tok(d, b) || px__is_pronoun(d, b))) {
    px__subject first;
    if (px__sentence_subject(d, b, *cue, &first) && first.start < subj->start)
      *subj = first;
  }
  return 1;
}

/* The cue before the opening mark: "Trump said: “..." or a previous
 * sentence ending with a colon. */
static int cue_before(const px_quoter *q, const px_doc *d, size_t o,
                      size_t prev_close, size_t *cue, px__subject *subj) {
  size_t lo = px__sent_lo(q, d, o);
  if (lo == o && o > 0 && px__tok_punct(d, o - 1, ':') &&
      q->sent_of[o - 1] + 1 == q->sent_of[o])
    lo = px__sent_lo(q, d, o - 1);
  if (lo <= prev_close) lo = prev_close + 1;
  if (lo >= o) return 0;
  size_t from = o > lo + CUE_BEFORE_GAP ? o - CUE_BEFORE_GAP : lo;
  if (px__find_cue(d, from, o, 0, 0, lo, o, cue, subj))
    return !(q->tf[*cue] & PX__TF_INQ);
  /* "Noah quipped, “...”": the verbs that only go with quotations count
   * when they stand right before the mark */
  size_t near = o > lo + NEAR_BEFORE ? o - NEAR_BEFORE : lo;
  if (px__find_cue(d, near, o, 0, 1, lo, o, cue, subj))
    return !(q->tf[*cue] & PX__TF_INQ);
  /* "Kasich resisted: "...", "Tom Ridge ... put it: "...": a colon
   * introduces the words of the sentence's subject, whatever the verb */
  if (!px__tok_punct(d, o - 1, ':') || (q->tf[o - 1] & PX__TF_INQ)) return 0;
  *cue = o - 1;
  return px__sentence_subject(d, lo, o - 1, subj);
}

/* After "X," he said, is the next span the rest of the same quotation? */
static int resumes(const px_quoter *q, const px_doc *d, size_t c,
                   const px__qspan *next) {
  if (para_of(q, d, next->open) != para_of(q, d, c)) return 0;
  if (next->open - c > RESUME_GAP) return 0;
  size_t before = next->open - 1;
  if (!px__tok_punct(d, before, ',') && !px__tok_punct(d, before, ':'))
    return 0;
  size_t cues = 0;
  for (size_t t = c + 1; t < before; t++) {
    if (d->toks[t].type == PX_TOK_PUNCT && !px__tok_punct(d, t, ','))
      if (!(px__tok_punct(d, t, '.') && t > 0 && px__is_title(d, t - 1)))
        return 0;
    const px_token *k = &d->toks[t];
    cues += k->type == PX_TOK_WORD &&
            (px__cue_flags(d->pool + k->norm, k->norm_len) & PX__CUE_SPEECH);
  }
  /* a second verb ("he said, adding, "...") introduces a new quotation */
  return cues <= 1;
}

/* Follows an attributed span with the spans that continue it. Returns the
 * index of the last span used. */
static size_t take_resumed(px_quoter *q, const px_doc *d, size_t i) {
  while (i + 1 < q->n_spans &&
         resumes(q, d, q->spans[i].close, &q->spans[i + 1]) &&
         !(q->tf[q->spans[i + 1].open] & PX__TF_EMBED)) {
    i++;
    if (!px__add_piece(q, d, q->spans[i].open, q->spans[i].close)) break;
  }
  return i;
}

/* The small words a title leaves in lower case ("Profiles in Courage"). */
static int title_small(const px_doc *d, size_t t) {
  static const char *const w[] = {"a", "an", "the", "of", "and", "or", "in",
    "on", "to", "for", "at", "by", "with", "from", "as", "vs", "nor", "but",
    "up", "is", 0};
  for (const char *const *p = w; *p; p++)
    if (px__tok_is(d, t, *p)) return 1;
  return 0;
}

/* Quoted words in title case ("Fareed Zakaria GPS", "No to Free
 * Lawyers") name a show, book or slogan: nobody is quoted. Any other word
 * in lower case makes it speech: "That's the way it is, Nicole." has two
 * capitalised words but "way" says it is a sentence. */
int px__title_case(const px_doc *d, const px__qspan *s) {
  size_t caps = 0;
  for (size_t t = s->open + 1; t < s->close; t++) {
    const px_token *k = &d->toks[t];
    if (k->type != PX_TOK_WORD) continue;
    if (k->flags & PX_TF_CAP) { caps += k->end - k->start > 3; continue; }
    if (!title_small(d, t)) return 0;
  }
  return caps > 0;
}

static size_t words_in(const px_doc *d, size_t a, size_t b) {
  size_t n = 0;
  for (size_t t = a; t <= b; t++) n += d->toks[t].type == PX_TOK_WORD;
  return n;
}

/* A quotation with no cue: the previous speaker going on, one more piece
 * of the previous quotation when it is in the same or the next paragraph
 * (how the annotated corpora and readers see it); a lone title or number
 * in quotation marks ("Tough Choices.", a tweet id) is no quotation. */
static px_status uncued(px_quoter *q, const px_doc *d, const px__qspan *s,
                        size_t para, const size_t *last_para, int have_last) {
  if (px__title_case(d, s)) return PX_OK;
  if (have_last && para == *last_para) {
    if (!px__add_piece(q, d, s->open, s->close)) return PX_NOMEM;
    return PX_OK;
  }
  if (words_in(d, s->open, s->close) < MIN_UNCUED_WORDS) return PX_OK;
  px_quote *o = px__add_quote(q, d, PX_QUOTE_DIRECT, s->open, s->close, NULL);
  if (!o) return PX_NOMEM;
  o->unclosed = s->unclosed;
  if (have_last && para <= *last_para + 2) {
    o->how = PX_SPEAKER_CONTINUED;
    o->confidence = 0.5f;
  }
  return PX_OK;
}

/* The writer's words that open the sentence of a quotation attributed by
 * a cue after it ("After the 2014 victories, "there is a sense of urgency,"
 * Law said."): what the speaker is reported to have said is the whole
 * clause before the cue, so the content starts at the sentence. Returns
 * the first token of the content: open itself when there is no lead-in. */
static size_t lead_in(const px_quoter *q, const px_doc *d, size_t open,
                      size_t after_prev) {
  size_t lo = px__sent_lo(q, d, open);
  if (lo < after_prev) lo = after_prev;
  if (open == lo || !px__tok_punct(d, open - 1, ',')) return open;
  size_t words = 0;
  for (size_t t = lo; t < open; t++) {
    const px_token *k = &d->toks[t];
    /* a cue or colon in the lead-in introduces the quotation instead:
     * "Tuesday, he said, "...,"" */
    if ((q->tf[t] & PX__TF_INQ) || px__tok_punct(d, t, ':') ||
        (px__cue_flags(d->pool + k->norm, k->norm_len) &
         (PX__CUE_SPEECH | PX__CUE_LABEL)))
      return open;
    words += is_wordish(d, t);
  }
  return words >= LEAD_IN_WORDS ? lo : open;
}

static px_status direct_one(px_quoter *q, const px_doc *d, size_t *i,
                            size_t *last_para, int *have_last) {
  const px__qspan *s = &q->spans[*i];
  /* quoted words inside the attribution ("Bill Eastland, wearing "Ted
   * Cruz" pins, said") do not end the search for its cue */
  size_t nx = *i + 1;
  while (nx < q->n_spans && (q->tf[q->spans[nx].open] & PX__TF_EMBED) &&
         q->spans[nx].open < s->close + CUE_AFTER_WINDOW)
    nx++;
  size_t next_open = nx < q->n_spans ? q->spans[nx].open : d->n_toks;
  size_t prev_close = *i > 0 ? q->spans[*i - 1].close : 0;
  size_t para = para_of(q, d, s->open), cue = 0;
  px__subject subj;
  int found = cue_after(q, d, s->close, next_open, &cue, &subj);
  if (!found) found = cue_before(q, d, s->open, *i ? prev_close : 0, &cue, &subj);
  if (!found) {
    px_status st = uncued(q, d, s, para, last_para, *have_last);
    *last_para = para_of(q, d, s->close);
    return st;
  }
  size_t first = cue > s->close ? lead_in(q, d, s->open, *i ? prev_close + 1 : 0)
                                : s->open;
  px_quote *o = px__add_quote(q, d,
                              first < s->open ? PX_QUOTE_PARTIAL : PX_QUOTE_DIRECT,
                              first, s->close, &subj);
  if (!o) return PX_NOMEM;
  o->unclosed = s->unclosed;
  q->tf[cue] |= PX__TF_USED;
  o->cue = px__cue_span(d, cue);
  if (cue > s->close) *i = take_resumed(q, d, *i);
  *last_para = para_of(q, d, q->spans[*i].close);
  *have_last = 1;
  return PX_OK;
}

px_status px__direct_pass(px_quoter *q, const px_doc *d) {
  for (size_t i = 0; i < q->n_spans; i++)
    if (is_embedded(q, d, &q->spans[i])) q->tf[q->spans[i].open] |= PX__TF_EMBED;
  size_t last_para = 0;
  int have_last = 0;
  for (size_t i = 0; i < q->n_spans; i++) {
    if (q->tf[q->spans[i].open] & PX__TF_EMBED) continue;
    px_status st = direct_one(q, d, &i, &last_para, &have_last);
    if (st != PX_OK) return st;
  }
  q->n_direct = q->n_quotes;
  return PX_OK;
}
