/* quote_match_diff.c — a variant wording against the canonical one, word
 * by word: the longest common subsequence of the two word lists gives the
 * words kept; the others are added (only in the variant) or omitted (only
 * in the canonical); an omitted run next to an added run is one change.
 * Quotations are capped at a few hundred words by the caller, so the
 * quadratic table stays small. */
#include <stdlib.h>
#include <string.h>
#include "quote_match_util.h"

enum { OP_SAME, OP_ADDED, OP_OMITTED, OP_CHANGED };
static const char *const op_names[] = {"same", "added", "omitted", "changed"};

typedef struct {
  FILE *out;
  const char *ct, *vt;
  const px__wspan *cs, *vs;
  int first;
} writer;

static void run_text(FILE *out, const char *t, const px__wspan *s, size_t a,
                     size_t b) {
  px__json_str(out, t + s[a].start, s[b - 1].end - s[a].start);
}

/* Writes one run: canonical words [ca, cb) and variant words [va, vb). */
static void emit(writer *w, int op, size_t ca, size_t cb, size_t va, size_t vb) {
  fputs(w->first ? "{\"op\":\"" : ",{\"op\":\"", w->out);
  w->first = 0;
  fputs(op_names[op], w->out);
  fputs("\",\"text\":", w->out);
  if (op == OP_OMITTED) run_text(w->out, w->ct, w->cs, ca, cb);
  else run_text(w->out, w->vt, w->vs, va, vb);
  if (op == OP_CHANGED) {
    fputs(",\"was\":", w->out);
    run_text(w->out, w->ct, w->cs, ca, cb);
  }
  fputc('}', w->out);
}

/* Flushes pending omitted/added words as one run of the right kind. */
static void flush(writer *w, size_t ca, size_t ci, size_t va, size_t vi) {
  if (ci > ca && vi > va) emit(w, OP_CHANGED, ca, ci, va, vi);
  else if (ci > ca) emit(w, OP_OMITTED, ca, ci, va, vi);
  else if (vi > va) emit(w, OP_ADDED, ca, ci, va, vi);
}

void px__diff_write(FILE *out, const char *ct, const uint32_t *cw,
                    const px__wspan *cs, size_t cn, const char *vt,
                    const uint32_t *vw, const px__wspan *vs, size_t vn) {
  /* L[i][j] = LCS length of cw[i..] and vw[j..] */
  uint16_t *L = calloc((cn + 1) * (vn + 1), sizeof *L);
  if (!L) { fputs("null", out); return; }
#define AT(i, j) L[(i) * (vn + 1) + (j)]
  for (size_t i = cn; i-- > 0;)
    for (size_t j = vn; j-- > 0;)
      AT(i, j) = cw[i] == vw[j] ? (uint16_t)(AT(i + 1, j + 1) + 1)
                 : AT(i + 1, j) >= AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1);
  writer w = {out, ct, vt, cs, vs, 1};
  fputc('[', out);
  size_t i = 0, j = 0, ca = 0, va = 0, same_from = SIZE_MAX;
  while (i < cn || j < vn) {
    if (i < cn && j < vn && cw[i] == vw[j]) {
      if (same_from == SIZE_MAX) { flush(&w, ca, i, va, j); same_from = j; }
      i++, j++;
      continue;
    }
    if (same_from != SIZE_MAX) {
      emit(&w, OP_SAME, 0, 0, same_from, j);
      same_from = SIZE_MAX;
      ca = i, va = j;
    }
    if (j < vn && (i == cn || AT(i, j + 1) >= AT(i + 1, j))) j++;
    else i++;
  }
  if (same_from != SIZE_MAX) emit(&w, OP_SAME, 0, 0, same_from, j);
  else flush(&w, ca, i, va, j);
  fputc(']', out);
#undef AT
  free(L);
}
