/* quotes_json.c — quotations as JSON objects, for `parallax quotes` and
 * `parallax analyze`. A file of its own, needing only jansson and
 * include/parallax.h, so the fuzz build compiles it with the library and
 * checks that what the CLI writes for any article serialises. */
#include <stdlib.h>
#include <string.h>
#include "quotes_json.h"

static json_t *span_str(const char *text, px_span s) {
  return s.end > s.start ? json_stringn(text + s.start, s.end - s.start)
                         : json_null();
}

static json_t *span_int(px_span s, uint32_t v) {
  return s.end > s.start ? json_integer((json_int_t)v) : json_null();
}

/* The content pieces joined by one space ("X," ... "Y." -> X Y). */
static json_t *content_text(const char *text, const px_quote_list *l,
                            const px_quote *q) {
  size_t n = 0;
  for (uint32_t k = 0; k < q->n_pieces; k++) {
    px_span s = l->pieces[q->piece_begin + k];
    n += s.end - s.start + 1;
  }
  char *buf = malloc(n + 1);
  if (!buf) return json_null();
  size_t at = 0;
  for (uint32_t k = 0; k < q->n_pieces; k++) {
    px_span s = l->pieces[q->piece_begin + k];
    if (k) buf[at++] = ' ';
    memcpy(buf + at, text + s.start, s.end - s.start);
    at += s.end - s.start;
  }
  json_t *j = json_stringn(buf, at);
  free(buf);
  return j;
}

static json_t *pieces_json(const px_quote_list *l, const px_quote *q) {
  json_t *a = json_array();
  for (uint32_t k = 0; k < q->n_pieces; k++) {
    px_span s = l->pieces[q->piece_begin + k];
    json_array_append_new(a, json_pack("[I,I]", (json_int_t)s.start,
                                       (json_int_t)s.end));
  }
  return a;
}

json_t *px_cli_quote_json(const char *article_id, const char *text,
                          const px_quote_list *l, const px_quote *q) {
  json_t *o = json_object();
  if (article_id) json_object_set_new(o, "article_id", json_string(article_id));
  json_object_set_new(o, "kind", json_string(px_quote_kind_name(q->kind)));
  json_object_set_new(o, "text", content_text(text, l, q));
  json_object_set_new(o, "start", json_integer(q->content.start));
  json_object_set_new(o, "end", json_integer(q->content.end));
  json_object_set_new(o, "speaker", span_str(text, q->speaker));
  json_object_set_new(o, "speaker_mention", span_str(text, q->mention));
  json_object_set_new(o, "speaker_start", span_int(q->mention, q->mention.start));
  json_object_set_new(o, "speaker_end", span_int(q->mention, q->mention.end));
  json_object_set_new(o, "role", span_str(text, q->role));
  json_object_set_new(o, "cue", span_str(text, q->cue));
  json_object_set_new(o, "cue_start", span_int(q->cue, q->cue.start));
  json_object_set_new(o, "cue_end", span_int(q->cue, q->cue.end));
  json_object_set_new(o, "confidence", json_real(q->confidence));
  json_object_set_new(o, "how", json_string(px_speaker_how_name(q->how)));
  json_object_set_new(o, "pieces", pieces_json(l, q));
  if (q->unclosed) json_object_set_new(o, "unclosed", json_true());
  return o;
}

json_t *px_cli_quotes_json(px_quoter *quoter, const px_doc *doc) {
  px_quote_list l;
  if (px_quotes_find(quoter, doc, &l) != PX_OK) return NULL;
  json_t *a = json_array();
  for (size_t i = 0; i < l.n; i++)
    json_array_append_new(a, px_cli_quote_json(NULL, doc->text, &l, &l.quotes[i]));
  return a;
}
