/* fuzz_article.c — the per-article path of `parallax quotes` and `parallax
 * analyze` on arbitrary bytes: UTF-8 repair (as the reader does), then
 * px_analyze, px_quotes_find, px_entities_find and the JSON objects the CLI writes for the
 * quotations (src/cli/quotes_json.c). Every span must lie inside the text
 * with its start before its end, every piece inside its quotation's
 * content, and every object must serialise. The analyzer and quoter live
 * across inputs, as they do across articles in the CLI, so their reused
 * buffers are exercised too. Replayed from tests/fuzz/corpus/article/ in
 * `make test`. */
#include <stdlib.h>
#include <string.h>
#include "parallax.h"
#include "cli/quotes_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort(), not return: libFuzzer reports only crashes */
#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void check_span(px_span s, size_t len) {
  CHECK(s.start <= s.end && s.end <= len);
}

static void check_quotes(const px_quote_list *l, size_t len) {
  for (size_t i = 0; i < l->n; i++) {
    const px_quote *q = &l->quotes[i];
    check_span(q->content, len);
    check_span(q->cue, len);
    check_span(q->mention, len);
    check_span(q->speaker, len);
    check_span(q->role, len);
    CHECK(q->kind <= PX_QUOTE_INDIRECT && q->how <= PX_SPEAKER_CONTINUED);
    CHECK(q->confidence >= 0.0f && q->confidence <= 1.0f);
    CHECK(q->n_pieces > 0 && q->piece_begin <= l->n_pieces &&
          q->n_pieces <= l->n_pieces - q->piece_begin);
    for (uint32_t k = 0; k < q->n_pieces; k++) {
      px_span p = l->pieces[q->piece_begin + k];
      check_span(p, len);
      CHECK(q->content.start <= p.start && p.end <= q->content.end);
    }
    CHECK(i == 0 || l->quotes[i - 1].content.start <= q->content.start);
  }
}

/* Serialises j as the CLI does and checks it came out. */
static void check_dump(json_t *j) {
  CHECK(j);
  char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
                              JSON_REAL_PRECISION(3));
  CHECK(s && s[0] == (json_is_array(j) ? '[' : '{'));
  free(s);
  json_decref(j);
}

/* Entities: spans inside the text, in order, canonical names valid
 * UTF-8 (they are copied from the text or the ISO list). */
static void check_entities(const px_entity_list *l, size_t len) {
  for (size_t i = 0; i < l->n; i++) {
    const px_entity *e = &l->ents[i];
    check_span(e->text, len);
    check_span(e->role, len);
    CHECK(e->type < PX_ENT_COUNT && e->canonical);
    CHECK((e->type == PX_ENT_AMOUNT) == (e->unit != NULL));
    CHECK(i == 0 || l->ents[i - 1].text.start <= e->text.start);
    json_t *j = json_string(e->canonical);
    CHECK(j);
    json_decref(j);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static px_analyzer *an;
  static px_quoter *qt;
  static px_entity_finder *ef;
  if (!an) an = px_analyzer_new();
  if (!qt) qt = px_quoter_new();
  if (!ef) ef = px_entity_finder_new();
  if (!an || !qt || !ef) return 0;
  size_t len;
  uint32_t bad, nul;
  char *text = px_utf8_repair((const char *)data, size, &len, &bad, &nul);
  if (!text) return 0;
  px_doc d;
  px_quote_list l;
  if (px_analyze(an, text, len, &d) == PX_OK &&
      px_quotes_find(qt, &d, &l) == PX_OK) {
    check_quotes(&l, len);
    for (size_t i = 0; i < l.n; i++)
      check_dump(px_cli_quote_json("fuzz", text, &l, &l.quotes[i]));
    /* what `parallax analyze` writes: the quoter runs again on the doc */
    check_dump(px_cli_quotes_json(qt, &d));
    px_entity_list el;
    if (px_entities_find(ef, &d, &el) == PX_OK) check_entities(&el, len);
  }
  free(text);
  return 0;
}
