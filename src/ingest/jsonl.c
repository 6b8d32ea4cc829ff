/* jsonl.c — JSON Lines: one article object per line, parsed with jansson.
 * Lines are read one at a time into a buffer bounded by the record limit; a
 * longer line is skipped as too large while the rest of it is read past, not
 * held. Invalid UTF-8 and raw NULs are repaired before parsing (jansson would
 * reject the whole line), so one bad byte costs a warning, not the article.
 * A malformed line is reported and the next line is read. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/ingest_internal.h"

enum line_state { LINE_OK, LINE_TOO_LONG, LINE_NOMEM };

/* Reads the next line (without its '\n') into r->line_buf. Returns 0 at the
 * end of input; *nl says whether the line was ended by a newline. */
static int read_line(px_reader *r, size_t limit, int *state, int *nl) {
  px__src *s = &r->src;
  px__buf *b = &r->line_buf;
  int any = 0;
  b->len = 0;
  *state = LINE_OK;
  *nl = 0;
  while (s->win_pos < s->win_len || px__src_more(s)) {
    any = 1;
    const uint8_t *p = s->win + s->win_pos;
    size_t n = s->win_len - s->win_pos;
    const uint8_t *e = memchr(p, '\n', n);
    size_t take = e ? (size_t)(e - p) : n;
    if (*state == LINE_OK && b->len + take > limit) *state = LINE_TOO_LONG;
    if (*state == LINE_OK && px__buf_append(b, p, take) != 0)
      *state = LINE_NOMEM;
    s->win_pos += take + (e != NULL);
    if (e) { *nl = 1; break; }
  }
  return any;
}

/* Repairs bad UTF-8 and NULs in the line, warning with file offsets.
 * Returns the bytes to parse (the line itself when it was clean). */
static const char *repair_line(px_reader *r, uint64_t start, size_t *n,
                               px__fields *f) {
  const char *p = r->line_buf.p;
  size_t bad, nul;
  if (!px__utf8_scan(p, *n, &bad, &nul)) return p;
  size_t len;
  char *fixed = px_utf8_repair(p, *n, &len, &f->n_invalid, &f->n_nul);
  if (!fixed || px__buf_set(&r->repair_buf, fixed, len) != 0) {
    free(fixed);
    return NULL;
  }
  free(fixed);
  if (f->n_invalid)
    px__diag(r, PX_WARNING, PX_BAD_UTF8, r->line, start + bad,
             "%u invalid UTF-8 sequence(s) replaced with U+FFFD",
             f->n_invalid);
  if (f->n_nul)
    px__diag(r, PX_WARNING, PX_NUL_BYTE, r->line, start + nul,
             "%u NUL byte(s) removed", f->n_nul);
  *n = len;
  return r->repair_buf.p;
}

/* The offset in p[0..n) of the first \u0000 escape, where a NUL in a
 * decoded string comes from (raw NULs were removed before parsing); from a
 * string's opening quote it stops at its closing one. n when none. */
static size_t nul_escape(const char *p, size_t n) {
  int in_string = p[0] == '"';
  for (size_t i = in_string; i < n; i++) {
    if (in_string && p[i] == '"') break;
    if (p[i] != '\\') continue;
    if (n - i >= 6 && memcmp(p + i + 1, "u0000", 5) == 0) return i;
    i++; /* the escaped character */
  }
  return n;
}

/* Takes the known keys of an object into f (strings; integer ids too). */
static void take_fields(px_reader *r, json_t *obj, px__fields *f) {
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    int rank, slot = px__json_slot(key, strlen(key), &rank);
    if (slot < 0) continue;
    if (json_is_string(v))
      px__fields_put(f, slot, rank, json_string_value(v),
                     json_string_length(v));
    else if (slot == 0 && json_is_integer(v)) {
      snprintf(r->id_buf, sizeof r->id_buf, "%lld",
               (long long)json_integer_value(v));
      px__fields_put(f, slot, rank, r->id_buf, strlen(r->id_buf));
    }
  }
}

/* Where a NUL in the text is reported: at its \u0000 escape, looked for in
 * the text's own string when the fast path knows it, else in the whole
 * line; at the line's start when there is none. (After a UTF-8 repair of
 * the line, offsets past the repair are those of the repaired line.) */
static void text_place(px__fields *f, const char *p, size_t n,
                       uint64_t start) {
  size_t from = f->text_raw ? (size_t)(f->text_raw - p) : 0;
  size_t at = nul_escape(p + from, n - from);
  f->text_byte = start + (at < n - from ? from + at : 0);
}

/* Parses one non-blank line and hands it to px__article_emit. */
static int parse_line(px_reader *r, uint64_t start, int truncated,
                      px_article *out) {
  px__fields f;
  memset(&f, 0, sizeof f);
  f.line = r->line;
  f.byte = start;
  size_t n = r->line_buf.len;
  const char *p = repair_line(r, start, &n, &f);
  if (!p) return px__skip(r, PX_NOMEM, r->line, start, "out of memory");
  if (px__buf_reserve(&r->json_buf, n) == 0 &&
      px__json_fast(p, n, r->json_buf.p, &f) == 0) {
    text_place(&f, p, n, start);
    return px__article_emit(r, &f, out);
  }
  /* forget what the fast path may have put before it gave up */
  f.id = f.date = f.time = f.text = (px__span){0};
  f.title = f.outlet = f.author = f.url = (px__span){0};
  f.text_raw = NULL;
  json_error_t e;
  json_t *obj = json_loadb(p, n, JSON_ALLOW_NUL, &e);
  if (!obj && truncated)
    return px__skip(r, PX_TRUNCATED, r->line, start,
                    "incomplete last line of a truncated input");
  if (!obj)
    return px__skip(r, PX_BAD_JSON, r->line, start + (uint64_t)e.position,
                    "malformed JSON: %s (column %d)", e.text, e.column);
  if (!json_is_object(obj)) {
    json_decref(obj);
    return px__skip(r, PX_BAD_JSON, r->line, start,
                    "the line is not a JSON object");
  }
  take_fields(r, obj, &f);
  text_place(&f, p, n, start);
  int rc = px__article_emit(r, &f, out);
  json_decref(obj); /* after emit: the spans point into obj */
  return rc;
}

static int is_blank(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!px__is_space((unsigned char)p[i])) return 0;
  return 1;
}

int px__jsonl_next(px_reader *r, px_article *out) {
  size_t limit = px__record_limit(r);
  for (;;) {
    uint64_t start = px__src_tell(&r->src);
    int state, nl;
    if (!read_line(r, limit, &state, &nl)) return PX__END;
    r->line++;
    px__buf *b = &r->line_buf;
    if (state == LINE_OK && is_blank(b->p, b->len)) continue;
    r->n_records++;
    if (state == LINE_TOO_LONG)
      return px__skip(r, PX_TOO_LARGE, r->line, start,
                      "JSON line over the limit of %zu bytes", limit);
    if (state == LINE_NOMEM)
      return px__skip(r, PX_NOMEM, r->line, start, "out of memory");
    return parse_line(r, start, !nl && r->src.err != PX_OK, out);
  }
}
