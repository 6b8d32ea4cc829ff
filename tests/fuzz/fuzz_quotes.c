/* fuzz_quotes.c — libFuzzer target for quotation finding: any bytes are
 * repaired to UTF-8, analysed, searched for quotations, and the verbatim
 * ones fed to the cross-article matcher; every span must lie inside the
 * text and end after it starts. Replayed from tests/fuzz/corpus/quotes/
 * in `make test`. */
#include <stdlib.h>
#include <string.h>
#include "parallax.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort(), not return: libFuzzer reports only crashes */
static void check_span(px_span s, size_t len) {
  if (s.start > s.end || s.end > len) abort();
}

static void check(const px_quote_list *l, size_t len) {
  for (size_t i = 0; i < l->n; i++) {
    const px_quote *q = &l->quotes[i];
    check_span(q->content, len);
    check_span(q->speaker, len);
    check_span(q->mention, len);
    check_span(q->cue, len);
    check_span(q->role, len);
    if (q->piece_begin > l->n_pieces ||
        q->n_pieces > l->n_pieces - q->piece_begin)
      abort();
    for (uint32_t k = 0; k < q->n_pieces; k++)
      check_span(l->pieces[q->piece_begin + k], len);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t len;
  uint32_t bad, nul;
  char *text = px_utf8_repair((const char *)data, size, &len, &bad, &nul);
  /* a fresh quoter each time (fuzz_article reuses one); the analyzer is
   * kept, since making one costs more than most inputs */
  static px_analyzer *an;
  if (!an) an = px_analyzer_new();
  px_quoter *qt = px_quoter_new();
  px_qmatcher *m = px_qmatcher_new();
  px_doc d;
  px_quote_list l;
  if (text && an && qt && m && px_analyze(an, text, len, &d) == PX_OK &&
      px_quotes_find(qt, &d, &l) == PX_OK) {
    check(&l, len);
    for (size_t i = 0; i < l.n; i++) {
      px_span s = l.quotes[i].content;
      px_qmatcher_add(m, i % 2 ? "a" : "b", NULL, NULL, text + s.start,
                      s.end - s.start);
    }
    FILE *devnull = fopen("/dev/null", "w");
    if (devnull) {
      px_qmatcher_write(m, devnull);
      fclose(devnull);
    }
  }
  px_qmatcher_free(m);
  px_quoter_free(qt);
  free(text);
  return 0;
}
