/* jsonl.c — JSON input. JSON Lines: one article object per line, parsed by
 * the fast path (json_fast.c) or jansson. Lines are read one at a time into
 * a buffer bounded by the record limit; a longer line is skipped as too
 * large while the rest of it is read past, not held. Invalid UTF-8 and raw
 * NULs are repaired before parsing (jansson would reject the whole line),
 * so one bad byte costs a warning, not the article. A malformed line is
 * reported and the next line is read.
 *
 * A JSON document: when the first non-blank line starts an array ('[') or
 * an object that does not end on that line (pretty-printed), the whole
 * input is read into one buffer, refused with one message when it is over
 * the record limit, and its values (the array's elements, or objects one
 * after another) are found by following strings and brackets and parsed
 * one at a time like lines, each reported at its own line and byte. If the
 * first object never ends, the input was JSON Lines with a broken first
 * line after all, and the buffer is read line by line. */
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

/* The line of p[off] when p[0] is on line. */
static uint64_t line_of(const char *p, size_t off, uint64_t line) {
  for (size_t i = 0; i < off; i++) line += p[i] == '\n';
  return line;
}

/* Repairs bad UTF-8 and NULs in the line, warning with file offsets.
 * Returns the bytes to parse (the line itself when it was clean). */
static const char *repair_line(px_reader *r, const char *p, uint64_t start,
                               size_t *n, px__fields *f) {
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
    px__diag(r, PX_WARNING, PX_BAD_UTF8, line_of(p, bad, f->line), start + bad,
             "%u invalid UTF-8 sequence(s) replaced with U+FFFD",
             f->n_invalid);
  if (f->n_nul)
    px__diag(r, PX_WARNING, PX_NUL_BYTE, line_of(p, nul, f->line), start + nul,
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

/* Parses one record p[0..n) (a line, or a value of a document) that starts
 * at file offset start on line, and hands it to px__article_emit. */
static int parse_record(px_reader *r, const char *p, size_t n, uint64_t start,
                        uint64_t line, int truncated, px_article *out) {
  px__fields f;
  memset(&f, 0, sizeof f);
  f.line = line;
  f.byte = start;
  const char *raw = p;
  p = repair_line(r, raw, start, &n, &f);
  if (!p) return px__skip(r, PX_NOMEM, line, start, "out of memory");
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
    return px__skip(r, PX_TRUNCATED, line, start,
                    "incomplete last line of a truncated input");
  if (!obj)
    return px__skip(r, PX_BAD_JSON, line + (e.line > 1 ? e.line - 1 : 0),
                    start + (uint64_t)e.position,
                    "malformed JSON: %s (column %d)", e.text, e.column);
  if (!json_is_object(obj)) {
    json_decref(obj);
    return px__skip(r, PX_BAD_JSON, line, start,
                    "the %s is not a JSON object",
                    r->json_doc ? "value" : "line");
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

/* ---- JSON documents ------------------------------------------------ */

enum { DOC_VALUES = 1, DOC_LINES = 2 };

/* Does the first non-blank line start a document rather than a line of
 * JSON Lines: an array, or an object jansson finds cut short? */
static int starts_document(const px__buf *b) {
  size_t n = b->len;
  const char *p = px__trim(b->p, &n);
  if (n && p[0] == '[') return 1;
  if (!n || p[0] != '{') return 0;
  json_error_t e;
  json_t *v = json_loadb(p, n, JSON_ALLOW_NUL, &e);
  json_decref(v);
  return !v && json_error_code(&e) == json_error_premature_end_of_input;
}

/* The length of the JSON value at p[0..n), following strings and brackets
 * only (the value is validated when parsed); 0 when it does not end there
 * or a string holds a raw line break, as no valid JSON does. */
static size_t value_len(const char *p, size_t n) {
  size_t depth = 0;
  for (size_t i = 0; i < n; i++) {
    char c = p[i];
    if (c == '"') {
      for (i++; i < n && p[i] != '"'; i++) {
        if (p[i] == '\\') i++;
        else if (p[i] == '\n') return 0;
      }
      if (i >= n) return 0;
      if (depth == 0) return i + 1;
    } else if (c == '{' || c == '[') {
      depth++;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return 0;
      if (--depth == 0) return i + 1;
    } else if (depth == 0 && (c == ',' || px__is_space((unsigned char)c))) {
      return i; /* a number or a literal */
    }
  }
  return depth == 0 ? n : 0;
}

/* Skips white space in the document, counting lines. */
static void doc_skip_space(px_reader *r) {
  const char *p = r->doc_buf.p;
  size_t n = r->doc_buf.len;
  while (r->doc_pos < n && px__is_space((unsigned char)p[r->doc_pos]))
    r->doc_line += p[r->doc_pos++] == '\n';
}

/* Reads the rest of the input after the first line (now in line_buf, from
 * start) into doc_buf. Returns PX__END to go on, or a skip when it is too
 * large. */
static int doc_start(px_reader *r, uint64_t start, int nl) {
  size_t limit = px__record_limit(r);
  px__buf spare = r->doc_buf; /* the line becomes the document's start */
  r->doc_buf = r->line_buf;
  r->line_buf = spare;
  r->line_buf.len = 0;
  px__buf *d = &r->doc_buf;
  px__src *s = &r->src;
  int over = nl && px__buf_append(d, "\n", 1) != 0;
  while (!over && (s->win_pos < s->win_len || px__src_more(s))) {
    size_t n = s->win_len - s->win_pos;
    over = d->len + n > limit || px__buf_append(d, s->win + s->win_pos, n);
    s->win_pos += n;
  }
  r->doc_off = start;
  r->doc_pos = 0;
  r->doc_line = r->line;
  r->doc_array = r->doc_index = 0;
  r->json_doc = DOC_VALUES;
  if (over) {
    r->done = 1;
    r->n_records++;
    return px__skip(r, PX_TOO_LARGE, r->line, start,
                    "JSON document over the limit of %zu bytes (a document "
                    "is read whole); not read: write it as JSON Lines, one "
                    "article per line", limit);
  }
  doc_skip_space(r);
  if (r->doc_pos < d->len && d->p[r->doc_pos] == '[') {
    r->doc_array = 1;
    r->doc_pos++;
  }
  return PX__END;
}

/* Ends the document with one error for what could not be read. */
static int doc_broken(px_reader *r, const char *what) {
  r->done = 1;
  r->n_records++;
  uint64_t at = r->doc_off + r->doc_pos;
  if (r->src.err != PX_OK)
    return px__skip(r, PX_TRUNCATED, r->doc_line, at,
                    "incomplete JSON document of a truncated input");
  return px__skip(r, PX_BAD_JSON, r->doc_line, at,
                  "malformed JSON document: %s; the rest is skipped", what);
}

/* The next value of the document, parsed as a record. */
static int doc_next(px_reader *r, px_article *out) {
  const char *p = r->doc_buf.p;
  size_t n = r->doc_buf.len;
  doc_skip_space(r);
  if (r->doc_array && r->doc_pos < n && p[r->doc_pos] == ']') {
    r->doc_pos++; /* values after the array, if any, are read as values */
    r->doc_array = 0;
    doc_skip_space(r);
  }
  if (r->doc_array && r->doc_index > 0) {
    if (r->doc_pos >= n || p[r->doc_pos] != ',')
      return doc_broken(r, r->doc_pos >= n ? "the array is not closed"
                                           : "',' or ']' expected");
    r->doc_pos++;
    doc_skip_space(r);
  }
  if (r->doc_pos >= n) {
    if (r->doc_array) return doc_broken(r, "the array is not closed");
    return PX__END;
  }
  size_t len = value_len(p + r->doc_pos, n - r->doc_pos);
  if (len == 0 && !r->doc_array && r->doc_index == 0) {
    r->json_doc = DOC_LINES; /* JSON Lines with a broken first line */
    r->doc_pos = 0;
    r->line = r->doc_line - 1;
    return PX__END;
  }
  if (len == 0) return doc_broken(r, "a value does not end");
  const char *v = p + r->doc_pos;
  uint64_t line = r->doc_line, at = r->doc_off + r->doc_pos;
  r->doc_line = line_of(v, len, line);
  r->doc_pos += len;
  r->doc_index++;
  r->n_records++;
  return parse_record(r, v, len, at, line, 0, out);
}

/* The next line of doc_buf into line_buf, as read_line does from input. */
static int doc_line(px_reader *r, size_t limit, int *state, int *nl) {
  const char *p = r->doc_buf.p + r->doc_pos;
  size_t left = r->doc_buf.len - r->doc_pos;
  if (left == 0) return 0;
  const char *e = memchr(p, '\n', left);
  size_t n = e ? (size_t)(e - p) : left;
  *nl = e != NULL;
  *state = n > limit ? LINE_TOO_LONG
           : px__buf_set(&r->line_buf, p, n) != 0 ? LINE_NOMEM : LINE_OK;
  r->doc_pos += n + (e != NULL);
  return 1;
}

int px__jsonl_next(px_reader *r, px_article *out) {
  size_t limit = px__record_limit(r);
  for (;;) {
    if (r->json_doc == DOC_VALUES) {
      int rc = doc_next(r, out);
      if (rc != PX__END || r->done || r->json_doc == DOC_VALUES) return rc;
    }
    uint64_t start = r->json_doc ? r->doc_off + r->doc_pos
                                 : px__src_tell(&r->src);
    int state, nl;
    if (r->json_doc ? !doc_line(r, limit, &state, &nl)
                    : !read_line(r, limit, &state, &nl))
      return PX__END;
    r->line++;
    px__buf *b = &r->line_buf;
    if (state == LINE_OK && is_blank(b->p, b->len)) continue;
    if (state == LINE_OK && r->n_records == 0 && !r->json_doc &&
        starts_document(b)) {
      int rc = doc_start(r, start, nl);
      if (rc != PX__END) return rc;
      continue;
    }
    r->n_records++;
    if (state == LINE_TOO_LONG)
      return px__skip(r, PX_TOO_LARGE, r->line, start,
                      "JSON line over the limit of %zu bytes", limit);
    if (state == LINE_NOMEM)
      return px__skip(r, PX_NOMEM, r->line, start, "out of memory");
    int cut = !nl && r->src.err != PX_OK;
    return parse_record(r, b->p, b->len, start, r->line, cut, out);
  }
}
