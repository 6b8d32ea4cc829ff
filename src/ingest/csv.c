/* csv.c — CSV (RFC 4180) with a header row: columns are mapped by name,
 * case-insensitively, with the same synonyms as JSON Lines keys. Quoted
 * fields may hold commas, newlines and doubled quotes; CRLF and LF both end
 * records. Records are read one at a time into a buffer bounded by the
 * record limit (a longer record is parsed through but not kept). A quote
 * left open runs to the end of the file: there is no way to resync, so the
 * record is reported with the line it started on and the file ends there. */
#include <stdlib.h>
#include <string.h>
#include "ingest/ingest_internal.h"

#define PX__MAX_FIELDS 4096 /* columns past this are ignored */

typedef struct record {
  uint64_t line, byte; /* where the record started */
  px_status st;        /* PX_OK, or PX_BAD_CSV for an open quote */
  int over;            /* longer than the limit: content dropped */
  int newline;         /* ended by a newline (not by the end of input) */
  int quoted;          /* some field was quoted */
  int escaped;         /* some "" became ": field bytes are not the file's */
} record;

static void put(px__buf *b, int c, size_t limit, int *over) {
  if (*over || b->len + 1 > limit || px__buf_reserve(b, 1) != 0) {
    *over = 1;
    return;
  }
  b->p[b->len++] = (char)c;
}

/* Ends a field whose content started at file offset byte on line. */
static void end_field(px_reader *r, uint64_t byte, uint64_t line) {
  if (r->n_fields == PX__MAX_FIELDS) return;
  if (r->n_fields == r->cap_fields) {
    size_t cap = r->cap_fields ? r->cap_fields * 2 : 16;
    size_t *f = realloc(r->fields, cap * sizeof *f);
    if (f) r->fields = f;
    uint64_t *fb = realloc(r->field_bytes, cap * sizeof *fb);
    if (fb) r->field_bytes = fb;
    uint64_t *fl = realloc(r->field_lines, cap * sizeof *fl);
    if (fl) r->field_lines = fl;
    if (!f || !fb || !fl) return;
    r->cap_fields = cap;
  }
  r->fields[r->n_fields] = r->line_buf.len; /* end offset */
  r->field_lines[r->n_fields] = line;
  r->field_bytes[r->n_fields++] = byte;
}

/* Puts a byte just read back, so the next getc returns it again. */
static void unget(px__src *s, int c) {
  if (c >= 0) s->win_pos--;
}

/* Handles a byte inside quotes; returns 1 if the quote closed. */
static int quoted_byte(px_reader *r, int c, size_t limit, record *rec) {
  if (c == '"') {
    int d = px__src_getc(&r->src);
    if (d == '"') {
      put(&r->line_buf, '"', limit, &rec->over);
      rec->escaped = 1;
      return 0;
    }
    unget(&r->src, d);
    return 1;
  }
  if (c == '\n') r->line++;
  put(&r->line_buf, c, limit, &rec->over);
  return 0;
}

/* Reads one record into r->line_buf and r->fields. Returns 0 at the end. */
static int read_record(px_reader *r, size_t limit, record *rec) {
  px__src *s = &r->src;
  memset(rec, 0, sizeof *rec);
  r->line_buf.len = 0;
  r->n_fields = 0;
  int c = px__src_getc(s);
  if (c < 0) return 0;
  rec->line = r->line + 1;
  rec->byte = px__src_tell(s) - 1;
  uint64_t field_byte = rec->byte, field_line = rec->line;
  size_t field_start = 0;
  int in_quotes = 0;
  for (;; c = px__src_getc(s)) {
    if (c < 0) {
      if (in_quotes) rec->st = PX_BAD_CSV;
      break;
    }
    if (in_quotes) {
      in_quotes = !quoted_byte(r, c, limit, rec);
      continue;
    }
    if (c == '"' && r->line_buf.len == field_start && !rec->over) {
      in_quotes = rec->quoted = 1; /* a quote opens only at field start */
      field_byte = px__src_tell(s);
      continue;
    }
    if (c == '\r') {
      int d = px__src_getc(s);
      if (d == '\n') c = '\n';
      else unget(s, d);
    }
    if (c == '\n') {
      r->line++;
      rec->newline = 1;
      break;
    }
    if (c == ',') {
      end_field(r, field_byte, field_line);
      field_start = r->line_buf.len;
      field_byte = px__src_tell(s);
      field_line = r->line + 1;
      continue;
    }
    put(&r->line_buf, c, limit, &rec->over);
  }
  end_field(r, field_byte, field_line);
  if (px__buf_reserve(&r->line_buf, 0) != 0) rec->over = 1;
  return 1;
}

static const char *field(const px_reader *r, size_t i, size_t *n) {
  size_t start = i ? r->fields[i - 1] : 0;
  *n = r->fields[i] - start;
  return r->line_buf.p + start;
}

/* A header without an id, date or text column makes every row a skip:
 * say so once, naming the columns there are and the names accepted, and
 * count the rows without a message each. */
static void check_header(px_reader *r, uint64_t line, uint64_t byte) {
  static const struct { int slot; px_status st; const char *what; } need[] = {
      {0, PX_NO_ID, "id"}, {1, PX_NO_DATE, "date"}, {3, PX_NO_TEXT, "text"}};
  for (size_t k = 0; k < sizeof need / sizeof need[0]; k++) {
    if (r->csv_col[need[k].slot] >= 0) continue;
    char have[200], names[64];
    size_t used = 0;
    have[0] = '\0';
    for (size_t i = 0; i < r->n_fields && used < sizeof have; i++) {
      size_t n;
      const char *name = field(r, i, &n);
      used += (size_t)snprintf(have + used, sizeof have - used, "%s%.*s",
                               i ? ", " : "", (int)(n > 40 ? 40 : n), name);
    }
    px__slot_names(need[k].slot, names, sizeof names);
    px__diag(r, PX_ERROR, need[k].st, line, byte,
             "the CSV header has no %s column (its columns: %s; a %s column "
             "is named %s); every row is skipped", need[k].what, have,
             need[k].what, names);
    r->csv_missing = need[k].st;
    return;
  }
}

/* Maps header names to slots; the best-ranked synonym wins a slot. */
static void map_header(px_reader *r) {
  int rank_of[8];
  for (int k = 0; k < 8; k++) r->csv_col[k] = -1, rank_of[k] = 1 << 20;
  for (size_t i = 0; i < r->n_fields; i++) {
    size_t n;
    const char *name = field(r, i, &n);
    if (i == 0 && n >= 3 && memcmp(name, "\xEF\xBB\xBF", 3) == 0) {
      name += 3; /* a byte-order mark, as spreadsheets write */
      n -= 3;
    }
    int rank, slot = px__field_slot(name, n, &rank);
    if (slot >= 0 && rank < rank_of[slot]) {
      r->csv_col[slot] = (int)i;
      rank_of[slot] = rank;
    }
  }
  r->csv_header_done = 1;
}

static int emit_record(px_reader *r, const record *rec, px_article *out) {
  px__fields f;
  memset(&f, 0, sizeof f);
  f.line = rec->line;
  f.byte = rec->byte;
  for (int slot = 0; slot < 8; slot++) {
    int col = r->csv_col[slot];
    if (col < 0 || (size_t)col >= r->n_fields) continue;
    size_t n;
    const char *p = field(r, (size_t)col, &n);
    px__fields_put(&f, slot, 0, p, n);
    if (slot == 3) {
      f.text_byte = r->field_bytes[col];
      f.text_line = r->field_lines[col];
      f.text_exact = !rec->escaped;
    }
  }
  if (!f.text.set) f.text_byte = rec->byte;
  return px__article_emit(r, &f, out);
}

/* A record the format or the input cut short: report it, end the file. */
static int bad_record(px_reader *r, const record *rec, int header) {
  r->done = 1;
  if (r->src.err != PX_OK)
    return px__skip(r, PX_TRUNCATED, rec->line, rec->byte,
                    "incomplete last %s of a truncated input",
                    header ? "header" : "record");
  return px__skip(r, PX_BAD_CSV, rec->line, rec->byte,
                  "unterminated quoted field: the %s starting on line %llu "
                  "runs to the end of the file",
                  header ? "header" : "record",
                  (unsigned long long)rec->line);
}

int px__csv_next(px_reader *r, px_article *out) {
  size_t limit = px__record_limit(r);
  record rec;
  for (;;) {
    if (!read_record(r, limit, &rec)) return PX__END;
    int blank = r->n_fields <= 1 && r->line_buf.len == 0 && !rec.quoted;
    if (rec.st == PX_OK && blank) continue;
    int cut = rec.st != PX_OK || (!rec.newline && r->src.err != PX_OK);
    if (!r->csv_header_done) {
      if (cut) return bad_record(r, &rec, 1);
      if (rec.over) {
        r->done = 1;
        return px__skip(r, PX_TOO_LARGE, rec.line, rec.byte,
                        "CSV header over the limit of %zu bytes", limit);
      }
      map_header(r);
      check_header(r, rec.line, rec.byte);
      continue;
    }
    r->n_records++;
    if (r->csv_missing != PX_OK) {
      px__count_skip(r, r->csv_missing);
      if (cut) r->done = 1;
      return PX__SKIPPED;
    }
    if (cut) return bad_record(r, &rec, 0);
    if (rec.over)
      return px__skip(r, PX_TOO_LARGE, rec.line, rec.byte,
                      "CSV record over the limit of %zu bytes", limit);
    return emit_record(r, &rec, out);
  }
}
