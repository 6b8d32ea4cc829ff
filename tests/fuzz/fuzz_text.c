/* fuzz_text.c — libFuzzer target for the text core: repairs arbitrary
 * bytes to UTF-8, analyses them and folds them, and checks the invariants
 * every later stage relies on (offsets in range and ordered, sentences
 * inside their paragraphs, tokens inside their sentences). */
#include <stdlib.h>
#include <string.h>
#include "parallax.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void check_doc(const px_doc *d) {
  uint32_t prev_end = 0;
  for (size_t i = 0; i < d->n_toks; i++) {
    const px_token *t = &d->toks[i];
    CHECK(t->start < t->end && t->end <= d->len && t->start >= prev_end);
    prev_end = t->end;
  }
  for (size_t i = 0; i < d->n_sents; i++) {
    const px_sentence *s = &d->sents[i];
    CHECK(s->tok_begin < s->tok_end && s->tok_end <= d->n_toks);
    CHECK(s->start == d->toks[s->tok_begin].start);
    CHECK(s->end == d->toks[s->tok_end - 1].end);
    CHECK(s->para < d->n_paras);
    CHECK(i == 0 || s->tok_begin == d->sents[i - 1].tok_end);
  }
  for (size_t i = 0; i < d->n_paras; i++) {
    const px_paragraph *p = &d->paras[i];
    CHECK(p->sent_begin < p->sent_end && p->sent_end <= d->n_sents);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static px_analyzer *an;
  if (!an) an = px_analyzer_new();
  size_t len;
  uint32_t bad, nul;
  char *text = px_utf8_repair((const char *)data, size, &len, &bad, &nul);
  if (!text) return 0;
  px_doc d;
  if (px_analyze(an, text, len, &d) == PX_OK) check_doc(&d);
  size_t need = px_fold(text, len, NULL, NULL, 0);
  char *out = malloc(need + 1);
  uint32_t *map = malloc((need + 1) * sizeof *map);
  CHECK(px_fold(text, len, out, map, need) == need);
  for (size_t i = 0; i < need; i++) CHECK(map[i] < len);
  free(out);
  free(map);
  free(text);
  return 0;
}
