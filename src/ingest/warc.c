/* warc.c — WARC crawls (WARC/1.0 and 1.1, such as Common Crawl's
 * CC-NEWS), plain or gzip-compressed per record (the byte source decodes
 * member after member as one stream). Read as a stream: one record at a
 * time, never more than the article limit held, so memory does not grow
 * with the file. A `response` record of HTTP with an HTML payload becomes
 * an article: the HTTP headers are parsed, chunked transfer coding and
 * gzip/deflate content coding are undone, the charset is taken from the
 * Content-Type header (then the page), the page goes through the HTML
 * extractor with WARC-Target-URI as its URL and id, and WARC-Date as the
 * date when the page has none. Other records (warcinfo, request,
 * metadata, revisits, non-HTML or non-200 responses) are skipped and
 * counted, and the count is reported at the end of the file. A record
 * cut short by the end of the file is reported with its byte offset; a
 * Content-Length that lies (runs into the next record, or stops short of
 * it) is reported and reading resumes at the next record header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include "ingest/web_internal.h"

#define PX__SKIPPED_QUIET 3 /* a record that is no article: counted here */
#define PX__WARC_LINE 8192           /* one header line */
#define PX__WARC_HEAD ((size_t)64 << 10) /* all header lines of a record */

enum { W_RESPONSE_OTHER, W_WARCINFO, W_REQUEST, W_METADATA, W_REVISIT,
       W_RESOURCE, W_CONVERSION, W_CONTINUATION, W_OTHER_TYPE, W_NOT_HTML,
       W_NOT_OK, W_KINDS };
static const char *const kind_names[W_KINDS] = {
    "response without HTTP", "warcinfo", "request", "metadata", "revisit",
    "resource", "conversion", "continuation", "other", "not HTML",
    "HTTP status not 200"};

typedef struct px__warc {
  px__buf pend;       /* bytes given back (a record after a lying length),
                         read before the source */
  size_t pend_pos;
  uint64_t pend_off;  /* file offset of pend.p[0] */
  px__buf blk;        /* the record block */
  px__buf body;       /* the HTTP payload, de-chunked and decoded */
  px__buf line;
  uint64_t skipped[W_KINDS];
  uint64_t n_records;
} px__warc;

static uint64_t tell(px_reader *r) {
  px__warc *w = r->warc;
  if (w->pend_pos < w->pend.len) return w->pend_off + w->pend_pos;
  return px__src_tell(&r->src);
}

static int get(px_reader *r) {
  px__warc *w = r->warc;
  if (w->pend_pos < w->pend.len) return (unsigned char)w->pend.p[w->pend_pos++];
  return px__src_getc(&r->src);
}

/* Reads up to n bytes into dst (appending). Returns the count read. */
static size_t read_n(px_reader *r, px__buf *dst, size_t n, int *oom) {
  px__warc *w = r->warc;
  size_t got = 0;
  while (got < n) {
    const char *p;
    size_t k;
    if (w->pend_pos < w->pend.len) {
      p = w->pend.p + w->pend_pos;
      k = w->pend.len - w->pend_pos;
    } else {
      px__src *s = &r->src;
      if (s->win_pos == s->win_len && !px__src_more(s)) break;
      p = (const char *)s->win + s->win_pos;
      k = s->win_len - s->win_pos;
    }
    if (k > n - got) k = n - got;
    if (dst && px__buf_append(dst, p, k) != 0) { *oom = 1; return got; }
    if (w->pend_pos < w->pend.len) w->pend_pos += k;
    else r->src.win_pos += k;
    got += k;
  }
  return got;
}

/* Reads one line (without its CR LF) into w->line; -1 at the end of the
 * input, 1 when the line was longer than PX__WARC_LINE (cut). */
static int read_line(px_reader *r) {
  px__warc *w = r->warc;
  w->line.len = 0;
  int c, cut = 0, any = 0;
  while ((c = get(r)) >= 0) {
    any = 1;
    if (c == '\n') break;
    if (w->line.len < PX__WARC_LINE) {
      char ch = (char)c;
      if (px__buf_append(&w->line, &ch, 1) != 0) return -1;
    } else
      cut = 1;
  }
  if (!any) return -1;
  if (w->line.len && w->line.p[w->line.len - 1] == '\r') w->line.len--;
  if (px__buf_reserve(&w->line, 0) == 0) w->line.p[w->line.len] = '\0';
  return cut;
}

/* Moves to the start of the next record: its "WARC/" version line, which
 * is read into w->line. Blank lines are passed over silently; anything
 * else is reported once, with where it started and where reading goes
 * on. Returns 0 at the end of the input. */
static int next_record(px_reader *r, uint64_t *start) {
  px__warc *w = r->warc;
  uint64_t junk_at = 0;
  int junk = 0;
  for (;;) {
    uint64_t at = tell(r);
    int rc = read_line(r);
    if (rc < 0) {
      if (junk)
        px__diag(r, PX_WARNING, PX_OK, 0, junk_at,
                 "bytes that are not a WARC record, up to the end of the "
                 "file; skipped");
      return 0;
    }
    if (w->line.len >= 6 && memcmp(w->line.p, "WARC/", 5) == 0) {
      if (junk)
        px__diag(r, PX_WARNING, PX_OK, 0, junk_at,
                 "bytes that are not a WARC record; skipped to the next "
                 "record at byte %llu", (unsigned long long)at);
      *start = at;
      return 1;
    }
    int blank = 1;
    for (size_t i = 0; i < w->line.len && blank; i++)
      blank = w->line.p[i] == ' ' || w->line.p[i] == '\t';
    if (!blank && !junk) {
      junk = 1;
      junk_at = at;
    }
  }
}

typedef struct whead {
  char type[32], uri[2048], date[64], ctype[256], id[128];
  uint64_t length;
  int has_length;
} whead;

static void header_value(const char *line, size_t n, const char *name,
                         char *out, size_t cap) {
  size_t l = strlen(name);
  if (n <= l || strncasecmp(line, name, l) != 0 || line[l] != ':') return;
  const char *v = line + l + 1;
  size_t vn = n - l - 1;
  v = px__trim(v, &vn);
  /* WARC/1.0 wrote the target URI in angle brackets */
  if (vn >= 2 && v[0] == '<' && v[vn - 1] == '>') { v++; vn -= 2; }
  if (vn >= cap) vn = cap - 1;
  memcpy(out, v, vn);
  out[vn] = '\0';
}

/* Reads the header lines after the version line. 0, or -1 when the input
 * ended inside them. */
static int read_headers(px_reader *r, whead *h) {
  px__warc *w = r->warc;
  memset(h, 0, sizeof *h);
  size_t total = 0;
  for (;;) {
    int rc = read_line(r);
    if (rc < 0) return -1;
    if (w->line.len == 0) return 0;
    total += w->line.len;
    if (total > PX__WARC_HEAD) continue; /* ignored, still consumed */
    const char *p = w->line.p;
    size_t n = w->line.len;
    char len[32] = "";
    header_value(p, n, "WARC-Type", h->type, sizeof h->type);
    header_value(p, n, "WARC-Target-URI", h->uri, sizeof h->uri);
    header_value(p, n, "WARC-Date", h->date, sizeof h->date);
    header_value(p, n, "Content-Type", h->ctype, sizeof h->ctype);
    header_value(p, n, "WARC-Record-ID", h->id, sizeof h->id);
    header_value(p, n, "Content-Length", len, sizeof len);
    if (len[0]) {
      char *end;
      unsigned long long v = strtoull(len, &end, 10);
      if (!*end && len[0] >= '0' && len[0] <= '9') {
        h->length = v;
        h->has_length = 1;
      }
    }
  }
}

static int kind_of(const char *type) {
  static const char *const t[] = {"response", "warcinfo", "request",
                                  "metadata", "revisit", "resource",
                                  "conversion", "continuation"};
  for (int i = 0; i < 8; i++)
    if (!strcasecmp(type, t[i])) return i;
  return W_OTHER_TYPE;
}

/* Looks in the block for the start of another record ("\r\n\r\nWARC/1."),
 * which a Content-Length that is too long swallows. Returns its offset in
 * the block or SIZE_MAX. */
static size_t record_inside(const char *p, size_t n) {
  static const char mark[] = "\r\n\r\nWARC/1.";
  size_t ml = sizeof mark - 1;
  for (size_t i = 0; i + ml + 2 <= n; i++) {
    const char *q = memchr(p + i, '\r', n - i);
    if (!q) break;
    i = (size_t)(q - p);
    if (i + ml + 2 <= n && memcmp(q, mark, ml) == 0 &&
        (q[ml] == '0' || q[ml] == '1') && (q[ml + 1] == '\r' ||
                                          q[ml + 1] == '\n'))
      return i + 4;
  }
  return SIZE_MAX;
}

/* ---- the HTTP message -------------------------------------------------- */

typedef struct http {
  int status;
  char ctype[256], charset[40], te[64], ce[64];
  size_t body_at;
} http;

static int parse_http(const char *p, size_t n, http *h) {
  memset(h, 0, sizeof *h);
  if (n < 12 || strncmp(p, "HTTP/", 5) != 0) return -1;
  const char *sp = memchr(p, ' ', n < 16 ? n : 16);
  if (!sp) return -1;
  h->status = atoi(sp + 1);
  size_t i = 0;
  while (i < n) {
    const char *nl = memchr(p + i, '\n', n - i);
    size_t end = nl ? (size_t)(nl - p) : n;
    size_t len = end - i;
    if (len && p[i + len - 1] == '\r') len--;
    if (i > 0 && len == 0) {
      h->body_at = end + 1 > n ? n : end + 1;
      return 0;
    }
    if (i > 0) {
      header_value(p + i, len, "Content-Type", h->ctype, sizeof h->ctype);
      header_value(p + i, len, "Transfer-Encoding", h->te, sizeof h->te);
      header_value(p + i, len, "Content-Encoding", h->ce, sizeof h->ce);
    }
    if (!nl) break;
    i = end + 1;
  }
  h->body_at = n; /* headers without an end: no body */
  return 0;
}

/* Undoes chunked transfer coding of p[0..n) into out. A chunk that
 * promises more than is left keeps what is there (*cut set). */
static int dechunk(const char *p, size_t n, px__buf *out, int *cut) {
  size_t i = 0;
  out->len = 0;
  *cut = 0;
  while (i < n) {
    char *end;
    unsigned long long size = strtoull(p + i, &end, 16);
    if (end == p + i) break;
    const char *nl = memchr(p + i, '\n', n - i);
    if (!nl) break;
    i = (size_t)(nl - p) + 1;
    if (size == 0) break;
    if (size > n - i) {
      size = n - i;
      *cut = 1;
    }
    if (px__buf_append(out, p + i, (size_t)size) != 0) return -1;
    i += (size_t)size;
    if (i < n && p[i] == '\r') i++;
    if (i < n && p[i] == '\n') i++;
  }
  return px__buf_reserve(out, 0);
}

/* Inflates gzip or deflate content into out, at most max bytes. */
static int inflate_body(const char *p, size_t n, px__buf *out, size_t max,
                        int *bad) {
  z_stream z;
  memset(&z, 0, sizeof z);
  *bad = 0;
  if (inflateInit2(&z, 15 + 32) != Z_OK) return -1; /* gzip or zlib */
  out->len = 0;
  z.next_in = (Bytef *)(uintptr_t)p;
  z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
  int rc = Z_OK;
  while (rc == Z_OK && out->len < max) {
    if (px__buf_reserve(out, 65536) != 0) { inflateEnd(&z); return -1; }
    z.next_out = (Bytef *)out->p + out->len;
    z.avail_out = 65536;
    rc = inflate(&z, Z_NO_FLUSH);
    out->len += 65536 - z.avail_out;
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
  }
  if (rc != Z_STREAM_END && rc != Z_OK && rc != Z_BUF_ERROR) *bad = 1;
  inflateEnd(&z);
  if (out->len > max) out->len = max;
  out->p[out->len] = '\0';
  return 0;
}

static int is_html_type(const char *ct) {
  return !ct[0] || px__ci_find(ct, "text/html") ||
         px__ci_find(ct, "application/xhtml");
}

/* Turns one HTML response record (the block in w->blk) into an article. */
static int response(px_reader *r, const whead *wh, uint64_t start,
                    px_article *out) {
  px__warc *w = r->warc;
  http h;
  if (parse_http(w->blk.p, w->blk.len, &h) != 0) {
    w->skipped[W_RESPONSE_OTHER]++;
    return PX__SKIPPED_QUIET;
  }
  if (h.status != 200) { w->skipped[W_NOT_OK]++; return PX__SKIPPED_QUIET; }
  if (!is_html_type(h.ctype)) {
    w->skipped[W_NOT_HTML]++;
    return PX__SKIPPED_QUIET;
  }
  const char *body = w->blk.p + h.body_at;
  size_t n = w->blk.len - h.body_at;
  if (px__ci_find(h.te, "chunked")) {
    int cut;
    if (dechunk(body, n, &w->body, &cut) != 0)
      return px__skip(r, PX_NOMEM, 0, start, "out of memory");
    if (cut)
      px__diag(r, PX_WARNING, PX_TRUNCATED, 0, start,
               "record %s: a chunk runs past the end of the record; the "
               "page is cut", wh->uri);
    /* the decoded body replaces the block's */
    px__buf tmp = w->blk;
    w->blk = w->body;
    w->body = tmp;
    body = w->blk.p;
    n = w->blk.len;
  }
  if (px__ci_find(h.ce, "gzip") || px__ci_find(h.ce, "deflate")) {
    int bad;
    if (inflate_body(body, n, &w->body, r->max, &bad) != 0)
      return px__skip(r, PX_NOMEM, 0, start, "out of memory");
    if (bad)
      px__diag(r, PX_WARNING, PX_TRUNCATED, 0, start,
               "record %s: the %s content does not decode to the end",
               wh->uri, h.ce);
    body = w->body.p;
    n = w->body.len;
  }
  char cs[40], transport[40];
  px__content_type_charset(h.ctype, strlen(h.ctype), transport);
  px__charset_detect(body, n, transport, cs);
  size_t bad;
  int unknown;
  if (px__to_utf8(body, n, cs, &r->repair_buf, &bad, &unknown) != 0)
    return px__skip(r, PX_NOMEM, 0, start, "out of memory");
  if (unknown)
    px__diag(r, PX_WARNING, PX_BAD_UTF8, 0, start,
             "record %s: unknown charset \"%s\"; read as windows-1252",
             wh->uri, cs);
  px__web *web = px__reader_web(r);
  if (!web) return px__skip(r, PX_NOMEM, 0, start, "out of memory");
  if (px__web_extract(web, r->repair_buf.p, r->repair_buf.len, wh->uri) != 0)
    return px__skip(r, PX_NOMEM, 0, start, "out of memory");
  const char *id = wh->uri[0] ? wh->uri : wh->id;
  return px__web_emit(r, web, id, strlen(id), 0, start, wh->date, out);
}

static void report_skipped(px_reader *r) {
  px__warc *w = r->warc;
  char msg[512];
  size_t k = 0;
  uint64_t total = 0;
  for (int i = 0; i < W_KINDS; i++) {
    if (!w->skipped[i]) continue;
    total += w->skipped[i];
    k += (size_t)snprintf(msg + k, sizeof msg - k, "%s%s %llu",
                          k ? ", " : "", kind_names[i],
                          (unsigned long long)w->skipped[i]);
    if (k >= sizeof msg) break;
  }
  if (total)
    px__diag(r, PX_WARNING, PX_OK, 0, 0,
             "%llu of %llu WARC records are not HTML pages and were "
             "skipped (%s)", (unsigned long long)total,
             (unsigned long long)w->n_records, msg);
}

int px__warc_next(px_reader *r, px_article *out) {
  if (!r->warc) {
    r->warc = calloc(1, sizeof *r->warc);
    if (!r->warc) {
      px__diag(r, PX_ERROR, PX_NOMEM, 0, 0, "out of memory");
      r->done = 1;
      return PX__END;
    }
  }
  px__warc *w = r->warc;
  if (r->n_records == 0) {
    memset(w->skipped, 0, sizeof w->skipped);
    w->n_records = 0;
    w->pend.len = w->pend_pos = 0;
  }
  for (;;) {
    uint64_t start;
    if (!next_record(r, &start)) {
      report_skipped(r);
      r->done = 1;
      if (w->n_records == 0 && r->src.err == PX_OK)
        px__skip(r, PX_EMPTY, 0, 0, "no WARC records in file");
      return PX__END;
    }
    r->n_records++;
    w->n_records++;
    whead h;
    if (read_headers(r, &h) != 0)
      return px__skip(r, PX_TRUNCATED, 0, start,
                      "WARC record truncated: the file ends in its headers");
    if (!h.has_length) {
      px__diag(r, PX_WARNING, PX_OK, 0, start,
               "WARC record without a Content-Length; skipped to the next "
               "record");
      continue;
    }
    int kind = kind_of(h.type);
    int wanted = kind == 0 && px__ci_find(h.ctype, "application/http");
    if (kind == 0 && !wanted) w->skipped[W_RESPONSE_OTHER]++;
    else if (kind != 0) w->skipped[kind]++;
    int oom = 0;
    size_t limit = px__record_limit(r);
    if (!wanted || h.length > limit) {
      uint64_t got = 0, left = h.length;
      while (left) {
        size_t step = left > ((size_t)1 << 20) ? (size_t)1 << 20 : (size_t)left;
        size_t k = read_n(r, NULL, step, &oom);
        got += k;
        left -= k;
        if (k < step) break;
      }
      if (got < h.length)
        return px__skip(r, PX_TRUNCATED, 0, start,
                        "WARC record truncated: Content-Length says %llu "
                        "bytes, the file ends after %llu",
                        (unsigned long long)h.length,
                        (unsigned long long)got);
      if (wanted)
        px__skip(r, PX_TOO_LARGE, 0, start,
                 "WARC record %s is %llu bytes, over the limit of %zu",
                 h.uri, (unsigned long long)h.length, limit);
      continue;
    }
    w->blk.len = 0;
    uint64_t blk_off = tell(r);
    size_t got = read_n(r, &w->blk, (size_t)h.length, &oom);
    if (oom || px__buf_reserve(&w->blk, 0) != 0)
      return px__skip(r, PX_NOMEM, 0, start, "out of memory");
    w->blk.p[w->blk.len] = '\0';
    size_t inside = record_inside(w->blk.p, w->blk.len);
    if (inside != SIZE_MAX) {
      px__diag(r, PX_WARNING, PX_TRUNCATED, 0, start,
               "WARC record %s: Content-Length %llu runs into the next "
               "record at byte %llu; the record is cut there", h.uri,
               (unsigned long long)h.length,
               (unsigned long long)(blk_off + inside));
      /* give the rest back: it is read again as the next records */
      px__buf rest = {0};
      if (px__buf_append(&rest, w->blk.p + inside, w->blk.len - inside) ||
          (w->pend_pos < w->pend.len &&
           px__buf_append(&rest, w->pend.p + w->pend_pos,
                          w->pend.len - w->pend_pos))) {
        px__buf_free(&rest);
        return px__skip(r, PX_NOMEM, 0, start, "out of memory");
      }
      px__buf_free(&w->pend);
      w->pend = rest;
      w->pend_pos = 0;
      w->pend_off = blk_off + inside;
      w->blk.len = inside;
      w->blk.p[inside] = '\0';
    } else if (got < h.length) {
      px__skip(r, PX_TRUNCATED, 0, start,
               "WARC record %s truncated: Content-Length says %llu bytes, "
               "the file ends after %zu", h.uri,
               (unsigned long long)h.length, got);
      continue;
    }
    int step = response(r, &h, start, out);
    if (step == PX__SKIPPED_QUIET) continue;
    if (step == PX__KEPT) return step;
  }
}

void px__warc_free(px_reader *r) {
  if (!r->warc) return;
  px__buf_free(&r->warc->pend);
  px__buf_free(&r->warc->blk);
  px__buf_free(&r->warc->body);
  px__buf_free(&r->warc->line);
  free(r->warc);
  r->warc = NULL;
}
