/* article.c — turns the raw fields a format found into a px_article: checks
 * id, date and text in that order (the first problem names the skip),
 * enforces the size limit, repairs UTF-8 with a warning that says where,
 * copies every string into the reader's reused buffers, skips an id read
 * before (ids.c).
 * Shared by all formats so every format applies the same rules and counts
 * the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ingest/ingest_internal.h"

/* Field names and their synonyms; the first of each slot is preferred. */
static const struct {
  const char *name;
  int slot, rank;
} field_names[] = {
    {"id", 0, 0},        {"date", 1, 0},      {"time", 2, 0},
    {"text", 3, 0},      {"body", 3, 1},      {"content", 3, 2},
    {"title", 4, 0},     {"headline", 4, 1},  {"outlet", 5, 0},
    {"source", 5, 1},    {"publisher", 5, 2}, {"author", 6, 0},
    {"url", 7, 0},       {"link", 7, 1},
};

static int slot_of(const char *name, size_t n, int exact, int *rank) {
  for (size_t i = 0; i < sizeof field_names / sizeof field_names[0]; i++) {
    const char *f = field_names[i].name;
    if (strlen(f) == n && (exact ? memcmp(f, name, n) == 0
                                 : strncasecmp(f, name, n) == 0)) {
      *rank = field_names[i].rank;
      return field_names[i].slot;
    }
  }
  return -1;
}

void px__slot_names(int slot, char *out, size_t cap) {
  size_t k = 0;
  out[0] = '\0';
  for (size_t i = 0; i < sizeof field_names / sizeof field_names[0]; i++)
    if (field_names[i].slot == slot && k < cap)
      k += (size_t)snprintf(out + k, cap - k, "%s%s", k ? " or " : "",
                            field_names[i].name);
}

int px__field_slot(const char *name, size_t n, int *rank) {
  name = px__trim(name, &n);
  return slot_of(name, n, 0, rank);
}

int px__json_slot(const char *key, size_t n, int *rank) {
  return slot_of(key, n, 1, rank);
}

void px__fields_put(px__fields *f, int slot, int rank, const char *p,
                    size_t n) {
  px__span *all[8] = {&f->id,    &f->date,   &f->time,   &f->text,
                      &f->title, &f->outlet, &f->author, &f->url};
  if (slot < 0 || slot > 7) return;
  px__span *s = all[slot];
  if (s->set && s->set < rank + 1) return; /* a better name set it */
  s->p = p;
  s->n = n;
  s->set = rank + 1;
}

/* A short printable excerpt of untrusted bytes for a message. */
#define EXCERPT_MAX 80
static const char *excerpt(char out[EXCERPT_MAX + 4], const char *p,
                           size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n && k < EXCERPT_MAX; i++) {
    unsigned char c = (unsigned char)p[i];
    out[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
  }
  if (n > EXCERPT_MAX) { memcpy(out + k, "...", 3); k += 3; }
  out[k] = '\0';
  return out;
}

/* The line of p[off]: line0 is the line of p[0], plus the newlines before
 * it when they are the file's own (lines set), not decoded escapes. */
static uint64_t line_at(const char *p, size_t off, uint64_t line0,
                        int lines) {
  for (size_t i = 0; lines && i < off; i++) line0 += p[i] == '\n';
  return line0;
}

/* Copies span into dst with bad UTF-8 replaced and NULs removed, warning
 * once per field with the line and file offset of the first problem. base
 * is the file offset of span[0] when exact, else the best place known
 * (the field's or the record's start); line0 is the line of span[0]. */
static int copy_field(px_reader *r, px__buf *dst, const char *p, size_t n,
                      const char *what, uint64_t line0, int lines,
                      uint64_t base, int exact, uint32_t *n_inv,
                      uint32_t *n_nul) {
  size_t bad, nul;
  if (!px__utf8_scan(p, n, &bad, &nul)) return px__buf_set(dst, p, n);
  size_t out_len;
  uint32_t inv = 0, zero = 0;
  char *fixed = px_utf8_repair(p, n, &out_len, &inv, &zero);
  if (!fixed) return -1;
  int rc = px__buf_set(dst, fixed, out_len);
  free(fixed);
  if (inv)
    px__diag(r, PX_WARNING, PX_BAD_UTF8, line_at(p, bad, line0, lines),
             exact ? base + bad : base,
             "%s: %u invalid UTF-8 sequence(s) replaced with U+FFFD",
             what, inv);
  if (zero)
    px__diag(r, PX_WARNING, PX_NUL_BYTE, line_at(p, nul, line0, lines),
             exact ? base + nul : base,
             "%s: %u NUL byte(s) removed", what, zero);
  *n_inv += inv;
  *n_nul += zero;
  return rc;
}

/* Copies an optional metadata field; NULL when absent or blank. */
static const char *optional(px_reader *r, px__buf *dst, const px__span *s,
                            const char *what, const px__fields *f,
                            uint32_t *n_inv, uint32_t *n_nul, int *oom) {
  size_t n = s->n;
  const char *p = s->set ? px__trim(s->p, &n) : NULL;
  if (!p || n == 0) return NULL;
  if (copy_field(r, dst, p, n, what, f->line, 0, f->byte, 0, n_inv,
                 n_nul) != 0) {
    *oom = 1;
    return NULL;
  }
  return dst->len ? dst->p : NULL;
}

/* Parses date and the optional separate time field. A "time" holding a
 * whole date-time (as some feeds give) supplies the clock and the instant. */
static px_status parse_when(px_reader *r, const px__fields *f, char date[11],
                            char clock[9], int64_t *ts) {
  px_status st = px_date_parse(f->date.p, f->date.n, date, clock, ts);
  size_t tn = f->time.n;
  const char *t = f->time.set ? px__trim(f->time.p, &tn) : NULL;
  if (st != PX_OK || clock[0] || !t || tn == 0) return st;
  char d2[11], c2[9], joined[64];
  int64_t ts2;
  px_status st2 = PX_BAD_DATE;
  if (tn >= 10 && t[4] == '-')
    st2 = px_date_parse(t, tn, d2, c2, &ts2);
  else if (tn < 40) {
    snprintf(joined, sizeof joined, "%sT%.*s", date, (int)tn, t);
    st2 = px_date_parse(joined, strlen(joined), d2, c2, &ts2);
  }
  char ex[EXCERPT_MAX + 4];
  if (st2 != PX_OK || !c2[0])
    px__diag(r, PX_WARNING, PX_BAD_DATE, f->line, f->byte,
             "ignoring malformed time \"%s\"", excerpt(ex, t, tn));
  else {
    memcpy(clock, c2, 9);
    *ts = ts2;
  }
  return PX_OK;
}

/* The checks that decide a skip, in the order the reasons are named. */
static px_status check(px_reader *r, px__fields *f, char date[11],
                       char clock[9], int64_t *ts) {
  char ex[EXCERPT_MAX + 4];
  size_t n = f->id.n;
  const char *id = f->id.set ? px__trim(f->id.p, &n) : NULL;
  if (!id || n == 0)
    return px__skip(r, PX_NO_ID, f->line, f->byte, "record has no id"),
           PX_NO_ID;
  n = f->date.n;
  const char *d = f->date.set ? px__trim(f->date.p, &n) : NULL;
  if ((!d || n == 0) && r->opts.date_default && *r->opts.date_default) {
    f->date = (px__span){r->opts.date_default,
                         strlen(r->opts.date_default), 1};
    n = f->date.n;
    d = px__trim(f->date.p, &n);
  }
  if ((!d || n == 0) && r->opts.keep_undated) {
    date[0] = clock[0] = '\0';
    *ts = 0;
  } else if (!d || n == 0)
    return px__skip(r, PX_NO_DATE, f->line, f->byte,
                    f->web ? "no date found (in a page: JSON-LD, meta "
                             "tags, <time>, the URL; in a feed item: "
                             "pubDate, published, updated); "
                             "--date-default DATE supplies one"
                           : "article has no date"),
           PX_NO_DATE;
  else if (parse_when(r, f, date, clock, ts) != PX_OK)
    return px__skip(r, PX_BAD_DATE, f->line, f->byte,
                    "malformed date \"%s\"; " PX__DATE_FORMATS,
                    excerpt(ex, d, n)),
           PX_BAD_DATE;
  n = f->text.n;
  const char *t = f->text.set ? px__trim(f->text.p, &n) : NULL;
  if (!t || n == 0)
    return px__skip(r, PX_NO_TEXT, f->line, f->byte, "article has no text"),
           PX_NO_TEXT;
  if (n > r->max)
    return px__skip(r, PX_TOO_LARGE, f->line, f->byte,
                    "text is %zu bytes, over the limit of %zu", n, r->max),
           PX_TOO_LARGE;
  if (f->text_exact) f->text_byte += (size_t)(t - f->text.p);
  if (f->text_line) f->text_line = line_at(f->text.p, (size_t)(t - f->text.p),
                                           f->text_line, 1);
  f->text.p = t;
  f->text.n = n;
  return PX_OK;
}

static void count_kept(px_reader *r, const px_article *out) {
  r->stats.read++;
  r->stats.kept++;
  r->stats.bytes += out->text_len;
  if (out->n_repaired) r->stats.repaired++;
  if (out->n_nul) r->stats.nul++;
}

int px__article_emit(px_reader *r, px__fields *f, px_article *out) {
  char date[11], clock[9], ex[EXCERPT_MAX + 4];
  int64_t ts = 0;
  if (check(r, f, date, clock, &ts) != PX_OK) return PX__SKIPPED;
  px__art *a = &r->art;
  uint32_t inv = f->n_invalid, nul = f->n_nul;
  int oom = 0;
  memset(out, 0, sizeof *out);
  uint64_t text_line = f->text_line ? f->text_line : f->line;
  if (copy_field(r, &a->text, f->text.p, f->text.n, "text", text_line,
                 f->text_line != 0, f->text_byte, f->text_exact, &inv,
                 &nul) != 0)
    oom = 1;
  size_t idn = f->id.n;
  const char *id = px__trim(f->id.p, &idn);
  if (copy_field(r, &a->id, id, idn, "id", f->line, 0, f->byte, 0, &inv,
                 &nul) ||
      px__buf_set(&a->date, date, date[0] ? 10 : 0) ||
      px__buf_set(&a->time, clock, 8))
    oom = 1;
  out->outlet = optional(r, &a->outlet, &f->outlet, "outlet", f, &inv, &nul,
                         &oom);
  out->author = optional(r, &a->author, &f->author, "author", f, &inv, &nul,
                         &oom);
  out->title = optional(r, &a->title, &f->title, "title", f, &inv, &nul, &oom);
  out->url = optional(r, &a->url, &f->url, "url", f, &inv, &nul, &oom);
  if (oom)
    return px__skip(r, PX_NOMEM, f->line, f->byte, "out of memory");
  /* Removing NULs can leave white space at the ends, or nothing. */
  size_t tn = a->text.len;
  const char *tp = px__trim(a->text.p, &tn);
  memmove(a->text.p, tp, tn);
  a->text.p[a->text.len = tn] = '\0';
  if (tn == 0)
    return px__skip(r, PX_NO_TEXT, f->line, f->byte, "article has no text");
  const char *first_file;
  uint64_t first_line;
  if (px__id_seen(&r->ids, a->id.p, a->id.len, r->file ? r->file : "-",
                  f->line, &first_file, &first_line))
    return px__skip(r, PX_DUPLICATE_ID, f->line, f->byte,
                    "duplicate id \"%s\": first read at %s:%llu; this copy "
                    "skipped", excerpt(ex, a->id.p, a->id.len), first_file,
                    (unsigned long long)first_line);
  out->id = a->id.p;
  out->date = date[0] ? a->date.p : NULL;
  out->time = clock[0] ? a->time.p : NULL;
  out->text = a->text.p;
  out->text_len = a->text.len;
  out->file = r->file;
  out->line = f->line;
  out->timestamp = ts;
  out->n_repaired = inv;
  out->n_nul = nul;
  count_kept(r, out);
  return PX__KEPT;
}
