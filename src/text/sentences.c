/* sentences.c — paragraphs and sentences over the token stream.
 *
 * Paragraphs are separated by blank lines; a text with no blank line at all
 * but several lines (one sentence or headline per line) has one paragraph
 * per line. A paragraph end always ends a sentence, so a headline without a
 * final stop stands alone. Inside a paragraph a sentence ends at . ! ? or an
 * ellipsis, carrying any closing quotes and brackets with it, when the next
 * token can start a sentence (not lower case, not , ; :). A dot after a
 * title (Mr., Sen., Gov.), an initial (J.) or a name-like abbreviation
 * (U.S., Jan., Inc.) ends a sentence only before a typical sentence opener
 * ("The", "He", ...), so "U.S. President Donald Trump" stays whole. */
#include <stdlib.h>
#include <string.h>
#include "text_internal.h"

/* Abbreviations that are never the end of a sentence: titles before a
 * name. Folded, without the dot. */
static const char *const titles[] = {
  "adm", "brig", "capt", "cmdr", "col", "det", "dr", "fr", "gen", "gov",
  "hon", "insp", "lt", "maj", "messrs", "mr", "mrs", "ms", "mt", "pres",
  "prof", "rep", "reps", "rev", "sen", "sens", "sgt", "st", "supt",
};

/* Abbreviations that may end a sentence, but usually do not. */
static const char *const abbrevs[] = {
  "ala", "apr", "aug", "ave", "blvd", "calif", "co", "conn", "corp", "dec",
  "dept", "est", "etc", "feb", "fla", "ga", "ill", "inc", "jan", "jr",
  "jul", "jun", "ltd", "mar", "mass", "mich", "minn", "nev", "no", "nov",
  "oct", "pa", "rd", "sep", "sept", "sr", "tenn", "tex", "va", "vs",
  "wash", "wis",
};

static int in_list(const char *const *list, size_t n, const char *w,
                   size_t len) {
  for (size_t i = 0; i < n; i++)
    if (list[i][0] == w[0] && strlen(list[i]) == len && !memcmp(list[i], w, len))
      return 1;
  return 0;
}

#define IN(list, w, n) in_list(list, sizeof list / sizeof list[0], w, n)

static const char *norm_of(const px_analyzer *a, const px_token *t) {
  return a->pool + t->norm;
}

/* Is t the one-character token c? (the splitter's hot test) */
static int is_char(const px_analyzer *a, const px_token *t, char c) {
  return t->norm_len == 1 && a->pool[t->norm] == c;
}

static int is_terminal(const px_analyzer *a, const px_token *t) {
  if (t->type == PX_TOK_WORD)
    return t->norm_len > 2 && norm_of(a, t)[t->norm_len - 1] == '.';
  if (t->type != PX_TOK_PUNCT) return 0;
  const char *s = norm_of(a, t);
  if (t->norm_len == 1) return *s == '.' || *s == '!' || *s == '?';
  return t->norm_len >= 3 && s[0] == '.' && s[1] == '.' && s[2] == '.';
}

static int is_closer(const px_analyzer *a, const px_token *t) {
  if (t->type == PX_TOK_QUOTE) return (t->flags & PX_TF_CLOSE) != 0;
  return is_char(a, t, ')') || is_char(a, t, ']');
}

/* How the word before a dot bears on the split: 0 never split, 1 split
 * only before a sentence opener, 2 no objection. */
static int dot_rule(const px_analyzer *a, const px_token *toks, size_t t) {
  const px_token *dot = &toks[t];
  if (dot->type == PX_TOK_WORD) return 1; /* "U.S." itself */
  if (!is_char(a, dot, '.') || t == 0) return 2;
  const px_token *w = &toks[t - 1];
  if (w->end != dot->start || w->type != PX_TOK_WORD) return 2;
  const char *s = norm_of(a, w);
  if (w->norm_len == 1 && (w->flags & PX_TF_CAP)) return 0; /* initial */
  if (IN(titles, s, w->norm_len)) return 0;
  if (IN(abbrevs, s, w->norm_len)) return 1;
  return 2;
}

/* Does a sentence end after token t, with the next sentence at token e? */
static int splits(const px_analyzer *a, const px_token *toks, size_t t,
                  size_t e, size_t pe) {
  const px_token *next = &toks[e];
  size_t k = e;
  while (k < pe && (toks[k].type == PX_TOK_QUOTE || is_char(a, &toks[k], '(')))
    k++;
  if (k < pe) next = &toks[k];
  if (next->type == PX_TOK_PUNCT &&
      (is_char(a, next, ',') || is_char(a, next, ';') ||
       is_char(a, next, ':') || is_char(a, next, '.')))
    return 0;
  if (next->type == PX_TOK_WORD && !(next->flags & PX_TF_CAP)) {
    /* lower case: only a real stop before a lone "i" or a digit-word */
    return 0;
  }
  int rule = dot_rule(a, toks, t);
  if (rule == 0) return 0;
  if (rule == 1) return next->type == PX_TOK_WORD && (next->flags & PX_TF_STOP);
  return 1;
}

static px_status push_sentence(px_analyzer *a, size_t *n, size_t tb,
                               size_t te, size_t para) {
  if (te <= tb) return PX_OK;
  if (*n == a->sent_cap) {
    size_t cap = a->sent_cap ? a->sent_cap * 2 : 256;
    px_sentence *s = realloc(a->sents, cap * sizeof *s);
    if (!s) return PX_NOMEM;
    a->sents = s;
    a->sent_cap = cap;
  }
  px_sentence *s = &a->sents[(*n)++];
  s->start = a->toks[tb].start;
  s->end = a->toks[te - 1].end;
  s->tok_begin = (uint32_t)tb;
  s->tok_end = (uint32_t)te;
  s->para = (uint32_t)para;
  return PX_OK;
}

/* Splits the tokens [pb, pe) of paragraph para into sentences. */
static px_status split_paragraph(px_analyzer *a, size_t pb, size_t pe,
                                 size_t para, size_t *n_sents) {
  const px_token *toks = a->toks;
  size_t start = pb;
  for (size_t t = pb; t < pe; t++) {
    if (!is_terminal(a, &toks[t])) continue;
    size_t e = t + 1;
    while (e < pe && is_closer(a, &toks[e])) e++;
    if (e >= pe) break;
    if (!splits(a, toks, t, e, pe)) continue;
    px_status st = push_sentence(a, n_sents, start, e, para);
    if (st != PX_OK) return st;
    start = e;
    t = e - 1;
  }
  return push_sentence(a, n_sents, start, pe, para);
}

/* Finds where paragraphs break: after each blank line, or after every line
 * when the text has no blank line. Returns the positions of line breaks
 * that end a paragraph (the offset just after the break). */
static int has_blank_line(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (s[i] != '\n') continue;
    size_t j = i + 1;
    while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) j++;
    if (j < len && s[j] == '\n') return 1;
  }
  return 0;
}

static px_status push_paragraph(px_analyzer *a, size_t *n, size_t tb,
                                size_t te, size_t sb, size_t se) {
  if (*n == a->para_cap) {
    size_t cap = a->para_cap ? a->para_cap * 2 : 64;
    px_paragraph *p = realloc(a->paras, cap * sizeof *p);
    if (!p) return PX_NOMEM;
    a->paras = p;
    a->para_cap = cap;
  }
  px_paragraph *p = &a->paras[(*n)++];
  p->start = a->toks[tb].start;
  p->end = a->toks[te - 1].end;
  p->sent_begin = (uint32_t)sb;
  p->sent_end = (uint32_t)se;
  return PX_OK;
}

px_status px__segment(px_analyzer *a, const char *text, size_t len,
                      size_t n_toks, size_t *n_sents, size_t *n_paras) {
  int every_line = !has_blank_line(text, len);
  size_t ns = 0, np = 0, pb = 0;
  size_t gap_from = 0; /* start of the text between the previous token and this */
  for (size_t t = 0; t <= n_toks; t++) {
    int brk = (t == n_toks);
    if (!brk && t > pb) {
      size_t lines = 0;
      for (size_t i = gap_from; i < a->toks[t].start; i++)
        if (text[i] == '\n') lines++;
      brk = every_line ? lines >= 1 : lines >= 2;
    }
    if (brk && t > pb) {
      size_t sb = ns;
      px_status st = split_paragraph(a, pb, t, np, &ns);
      if (st == PX_OK) st = push_paragraph(a, &np, pb, t, sb, ns);
      if (st != PX_OK) return st;
      pb = t;
    }
    if (t < n_toks) gap_from = a->toks[t].end;
  }
  *n_sents = ns;
  *n_paras = np;
  return PX_OK;
}
