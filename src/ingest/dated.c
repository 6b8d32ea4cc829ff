/* dated.c — the seed format: one article per file, whose text begins (after
 * optional white space) with `date YYYY-MM-DD`; the body follows on the same
 * line or the next. The id is the file name without folders and extensions.
 * The file is read whole, but never more than the article limit plus a
 * little room for the date line, so a huge file cannot exhaust memory. A
 * short first line standing alone as a paragraph becomes the title. */
#include <string.h>
#include <strings.h>
#include "ingest/ingest_internal.h"

#define PX__HEAD_SLACK 4096 /* date line and white space around the text */
#define PX__TITLE_MAX 200

int px__read_capped(px_reader *r, size_t cap, int *oom) {
  px__src *s = &r->src;
  px__buf *b = &r->line_buf;
  b->len = 0;
  while (s->win_pos < s->win_len || px__src_more(s)) {
    size_t n = s->win_len - s->win_pos;
    if (b->len + n > cap) return 1;
    if (px__buf_append(b, s->win + s->win_pos, n) != 0) {
      *oom = 1;
      return 0;
    }
    s->win_pos += n;
  }
  if (px__buf_reserve(b, 0) != 0) *oom = 1;
  return 0;
}

/* Does the line ending the title candidate end like a sentence? */
static int ends_like_sentence(const char *p, size_t n) {
  char c = p[n - 1];
  if (c == '.' || c == '!' || c == '?' || c == '"') return 1;
  return n >= 3 && memcmp(p + n - 3, "\xE2\x80\x9D", 3) == 0; /* ” */
}

/* The title: a first paragraph of one short line without final punctuation,
 * followed by a blank line. Bylines and credits are not titles. */
static px__span find_title(const char *t, size_t n) {
  px__span none = {NULL, 0, 0};
  const char *nl = memchr(t, '\n', n);
  if (!nl) return none;
  size_t len = (size_t)(nl - t);
  const char *line = px__trim(t, &len);
  if (len == 0 || len >= PX__TITLE_MAX || ends_like_sentence(line, len))
    return none;
  if (line[0] == '(' || strncmp(line, "By ", 3) == 0) return none;
  const char *q = nl + 1, *end = t + n;
  while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
  if (q >= end || *q != '\n') return none; /* not a paragraph of its own */
  int letters = 0;
  for (size_t i = 0; i < len; i++)
    letters |= (line[i] | 0x20) >= 'a' && (line[i] | 0x20) <= 'z';
  if (!letters) return none;
  return (px__span){line, len, 1};
}

/* Finds "date" and its value; writes the value span and the body offset.
 * The value may hold spaces ("16 Oct 2025 14:05") and the body may follow
 * on the same line, so the value is the longest run of up to DATE_WORDS
 * words of that line that px_date_parse accepts; when none is, it is the
 * whole rest of the line, so the message quotes all of it. */
#define DATE_WORDS 8
static px_status find_date(const char *p, size_t n, size_t *at,
                           px__span *date, size_t *body) {
  size_t i = 0;
  while (i < n && px__is_space((unsigned char)p[i])) i++;
  *at = i;
  if (n - i < 5 || strncasecmp(p + i, "date", 4) != 0) return PX_NO_DATE;
  i += 4;
  if (p[i] == ':') i++;
  if (i >= n || (p[i] != ' ' && p[i] != '\t')) return PX_NO_DATE;
  while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
  size_t start = i, ends[DATE_WORDS], n_ends = 0;
  while (i < n && p[i] != '\n' && n_ends < DATE_WORDS) {
    while (i < n && !px__is_space((unsigned char)p[i])) i++;
    ends[n_ends++] = i;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r')) i++;
  }
  if (n_ends == 0) return PX_NO_DATE;
  char d[11], t[9];
  int64_t ts;
  for (size_t k = n_ends; k-- > 0;)
    if (px_date_parse(p + start, ends[k] - start, d, t, &ts) == PX_OK) {
      *date = (px__span){p + start, ends[k] - start, 1};
      *body = ends[k];
      return PX_OK;
    }
  const char *nl = memchr(p + start, '\n', n - start);
  size_t end = nl ? (size_t)(nl - p) : n;
  *date = (px__span){p + start, end - start, 1};
  *body = end;
  return PX_OK;
}

int px__dated_next(px_reader *r, px_article *out) {
  r->done = 1; /* one article per file */
  r->line = 1;
  int oom = 0;
  int over = px__read_capped(r, r->max + PX__HEAD_SLACK, &oom);
  if (oom) return px__skip(r, PX_NOMEM, 1, 0, "out of memory");
  if (over)
    return px__skip(r, PX_TOO_LARGE, 1, 0,
                    "file is over the article limit of %zu bytes", r->max);
  if (r->src.err != PX_OK)
    return px__skip(r, r->src.err, 1, px__src_tell(&r->src),
                    "article incomplete: input ends early");
  const char *p = r->line_buf.p;
  size_t n = r->line_buf.len;
  /* file offset of p[0]: the byte source skips a byte-order mark */
  uint64_t base = px__src_tell(&r->src) - n;
  size_t ws = n;
  px__trim(p, &ws);
  if (ws == 0) return px__skip(r, PX_EMPTY, 1, 0, "empty file");
  if (!r->stem) return px__skip(r, PX_NOMEM, 1, 0, "out of memory");
  px__fields f;
  memset(&f, 0, sizeof f);
  size_t at, body;
  if (find_date(p, n, &at, &f.date, &body) != PX_OK)
    return px__skip(r, PX_NO_DATE, 1, base + at,
                    "no date: the file must begin with \"date YYYY-MM-DD\"");
  f.id = (px__span){r->stem, strlen(r->stem), 1};
  f.text = (px__span){p + body, n - body, 1};
  f.line = 1;
  f.byte = base + at;
  f.text_byte = base + body;
  f.text_exact = 1;
  f.text_line = 1; /* the body starts on the date's line */
  size_t tn = f.text.n;
  const char *t = px__trim(f.text.p, &tn);
  if (tn) f.title = find_title(t, tn);
  return px__article_emit(r, &f, out);
}
