/* csv.c — CSV (RFC 4180) with a header row: columns are mapped by name,
 * case-insensitively, with the same synonyms as JSON Lines keys. Quoted
 * fields may hold commas, newlines and doubled quotes; CRLF and LF both end
 * records. Records are read one at a time into a buffer bounded by the
 * record limit (a longer record is parsed through but not kept).
 *
 * A quote left open would swallow every later record. A quoted field is
 * taken as left open when it runs to the end of the file, past the record
 * limit, or over several lines to a closing quote followed by other text
 * than a comma or a line end (the open quote paired with a later one). Its
 * record is reported at the line it started on, and reading goes on from
 * the next line after the quote's that starts a record (its date column
 * holds a date): the bytes after that line, still in the record buffer,
 * are read again from a replay buffer before the rest of the input. The
 * lines passed over are named in the message. */
#include <stdlib.h>
#include <string.h>
#include "ingest/ingest_internal.h"

#define PX__MAX_FIELDS 4096 /* columns past this are ignored */

/* Why a quoted field is taken as left open. */
enum { OPEN_EOF = 1, OPEN_LIMIT, OPEN_CLOSED_LATE };

typedef struct record {
  uint64_t line, byte; /* where the record started */
  px_status st;        /* PX_OK, or PX_BAD_CSV for a quote left open */
  int open_why;        /* for PX_BAD_CSV: OPEN_* */
  uint64_t quote_line; /* line the open quote is on */
  uint64_t end_line;   /* last line read as part of the record */
  uint64_t resume;     /* line reading goes on from; 0 when none was found */
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

/* The next byte: from the replay buffer first, then from the input. */
static int next_byte(px_reader *r) {
  if (r->csv_replay_pos < r->csv_replay.len) {
    r->csv_replayed = 1;
    return (unsigned char)r->csv_replay.p[r->csv_replay_pos++];
  }
  r->csv_replayed = 0;
  return px__src_getc(&r->src);
}

/* Puts the byte just read back, so the next call returns it again. */
static void unget(px_reader *r, int c) {
  if (c < 0) return;
  if (r->csv_replayed) r->csv_replay_pos--;
  else r->src.win_pos--;
}

/* File offset of the next byte (the replay ends where the input is). */
static uint64_t tell(const px_reader *r) {
  if (r->csv_replay_pos < r->csv_replay.len)
    return r->csv_replay_off + r->csv_replay_pos;
  return px__src_tell(&r->src);
}

/* Does the line p[0..n) start a record: is its date column a date? Quotes
 * are honoured within the line only. Without a date column, any line. */
static int starts_record(const px_reader *r, const char *p, size_t n) {
  int col = r->csv_col[1], k = 0;
  if (col < 0) return 1;
  for (size_t i = 0; i <= n; k++) {
    size_t start = i;
    int quoted = i < n && p[i] == '"';
    for (i += (size_t)quoted; i < n; i++) {
      if (quoted && p[i] == '"') {
        if (i + 1 < n && p[i + 1] == '"') i++; /* "" inside quotes */
        else quoted = 0;
      } else if (!quoted && p[i] == ',') {
        break;
      }
    }
    if (k == col) {
      size_t len = i - start;
      const char *f = px__trim(p + start, &len);
      if (len >= 2 && f[0] == '"' && f[len - 1] == '"') f++, len -= 2;
      char d[11], t[9];
      int64_t ts;
      return px_date_parse(f, len, d, t, &ts) == PX_OK;
    }
    i++; /* past the comma */
  }
  return 0;
}

/* Sets up reading again after the line the open quote is on: the field's
 * bytes after its first newline (q[0..n), at file offset q_off, raw as
 * read), then tail (a quote read past, or -1), then what was still to be
 * replayed, then the rest of the last line from the input, so every line
 * is whole. Lines that do not start a record are passed over. */
static void resync(px_reader *r, record *rec, const char *q, size_t n,
                   uint64_t q_off, int tail, size_t limit) {
  const char *nl = memchr(q, '\n', n);
  size_t from = nl ? (size_t)(nl - q) + 1 : n;
  px__buf fresh = {0};
  char t = (char)tail;
  if (px__buf_append(&fresh, q + from, n - from) != 0 ||
      (tail >= 0 && px__buf_append(&fresh, &t, 1) != 0) ||
      (r->csv_replay.len > r->csv_replay_pos &&
       px__buf_append(&fresh, r->csv_replay.p + r->csv_replay_pos,
                      r->csv_replay.len - r->csv_replay_pos) != 0)) {
    px__buf_free(&fresh); /* out of memory: go on without replay */
    rec->end_line = r->line;
    return;
  }
  for (int c; (fresh.len == 0 || fresh.p[fresh.len - 1] != '\n') &&
              fresh.len < limit && (c = px__src_getc(&r->src)) >= 0;) {
    char b = (char)c;
    if (px__buf_append(&fresh, &b, 1) != 0) break;
  }
  px__buf_free(&r->csv_replay);
  r->csv_replay = fresh;
  r->csv_replay_pos = 0;
  r->csv_replay_off = q_off + from;
  if (nl) r->line = rec->quote_line; /* lines before the replay */
  for (;;) {
    size_t left = r->csv_replay.len - r->csv_replay_pos;
    if (left == 0) break;
    const char *p = r->csv_replay.p + r->csv_replay_pos;
    const char *e = memchr(p, '\n', left);
    size_t len = e ? (size_t)(e - p) : left;
    if (starts_record(r, p, len)) {
      rec->resume = r->line + 1;
      break;
    }
    r->csv_replay_pos += len + (e != NULL);
    r->line += e != NULL;
  }
  rec->end_line = r->line;
}

/* A quoted field found open: see the file's opening comment. */
static int left_open(px_reader *r, record *rec, int why, size_t q_start,
                     uint64_t q_off, int tail) {
  rec->st = PX_BAD_CSV;
  rec->open_why = why;
  rec->end_line = r->line + 1;
  if (why == OPEN_EOF && r->src.err != PX_OK) return 1; /* truncated */
  resync(r, rec, r->line_buf.p + q_start, r->line_buf.len - q_start, q_off,
         tail, px__record_limit(r));
  return 1;
}

/* Replaces each "" in b[from..) by ". */
static void unescape(px__buf *b, size_t from) {
  size_t k = from;
  for (size_t i = from; i < b->len; i++) {
    b->p[k++] = b->p[i];
    if (b->p[i] == '"' && i + 1 < b->len && b->p[i + 1] == '"') i++;
  }
  b->len = k;
}

/* Handles a byte inside quotes, starting at line_buf[q_start] and file
 * offset q_off; content is kept raw ("" as is) until the quote closes, so
 * a quote left open can be read again. Returns 0 while the quote is open,
 * 1 when it closed, 2 when it was found left open (rec says why). */
static int quoted_byte(px_reader *r, int c, size_t limit, record *rec,
                       size_t q_start, uint64_t q_off) {
  px__buf *b = &r->line_buf;
  if (c < 0) return 2 * left_open(r, rec, OPEN_EOF, q_start, q_off, -1);
  if (c == '"') {
    int d = next_byte(r);
    if (d == '"') {
      if (b->len + 2 > limit || px__buf_reserve(b, 2) != 0) {
        unget(r, d);
        return 2 * left_open(r, rec, OPEN_LIMIT, q_start, q_off, '"');
      }
      b->p[b->len++] = '"';
      b->p[b->len++] = '"';
      rec->escaped = 1;
      return 0;
    }
    unget(r, d);
    int lines = b->len > q_start &&
                memchr(b->p + q_start, '\n', b->len - q_start) != NULL;
    if (lines && d >= 0 && d != ',' && d != '\r' && d != '\n')
      return 2 * left_open(r, rec, OPEN_CLOSED_LATE, q_start, q_off, '"');
    unescape(b, q_start);
    return 1;
  }
  if (b->len + 1 > limit || px__buf_reserve(b, 1) != 0) {
    unget(r, c);
    return 2 * left_open(r, rec, OPEN_LIMIT, q_start, q_off, -1);
  }
  if (c == '\n') r->line++;
  b->p[b->len++] = (char)c;
  return 0;
}

/* Reads one record into r->line_buf and r->fields. Returns 0 at the end. */
static int read_record(px_reader *r, size_t limit, record *rec) {
  memset(rec, 0, sizeof *rec);
  r->line_buf.len = 0;
  r->n_fields = 0;
  /* line_buf.p is never NULL below, even for an empty record */
  if (px__buf_reserve(&r->line_buf, 0) != 0) rec->over = 1;
  int c = next_byte(r);
  if (c < 0) return 0;
  rec->line = r->line + 1;
  rec->byte = tell(r) - 1;
  uint64_t field_byte = rec->byte, field_line = rec->line;
  size_t field_start = 0;
  int in_quotes = 0;
  for (;; c = next_byte(r)) {
    if (in_quotes) {
      int q = quoted_byte(r, c, limit, rec, field_start, field_byte);
      if (q == 2) break;
      in_quotes = q == 0;
      continue;
    }
    if (c < 0) break;
    if (c == '"' && r->line_buf.len == field_start && !rec->over) {
      in_quotes = rec->quoted = 1; /* a quote opens only at field start */
      field_byte = tell(r);
      rec->quote_line = field_line;
      continue;
    }
    if (c == '\r') {
      int d = next_byte(r);
      if (d == '\n') c = '\n';
      else unget(r, d);
    }
    if (c == '\n') {
      r->line++;
      rec->newline = 1;
      break;
    }
    if (c == ',') {
      end_field(r, field_byte, field_line);
      field_start = r->line_buf.len;
      field_byte = tell(r);
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

/* A record the input cut short, or a header with a quote left open: report
 * it and end the file. */
static int bad_end(px_reader *r, const record *rec, int header) {
  r->done = 1;
  if (r->src.err != PX_OK)
    return px__skip(r, PX_TRUNCATED, rec->line, rec->byte,
                    "incomplete last %s of a truncated input",
                    header ? "header" : "record");
  return px__skip(r, PX_BAD_CSV, rec->line, rec->byte,
                  "unterminated quoted field in the header starting on line "
                  "%llu; the file is skipped", (unsigned long long)rec->line);
}

/* A record with a quote left open (reading goes on as rec->resume says). */
static int bad_quote(px_reader *r, const record *rec, size_t limit) {
  char what[96], after[128];
  if (rec->open_why == OPEN_LIMIT)
    snprintf(what, sizeof what, "runs past the limit of %zu bytes", limit);
  else
    snprintf(what, sizeof what, "%s", rec->open_why == OPEN_EOF
             ? "runs to the end of the file"
             : "is closed by a quote on a later line followed by other text");
  unsigned long long from = rec->line, to = rec->end_line;
  after[0] = '\0';
  if (rec->resume)
    snprintf(after, sizeof after, "; lines %llu-%llu skipped, reading again "
             "from line %llu", from, (unsigned long long)rec->resume - 1,
             (unsigned long long)rec->resume);
  else if (to > from)
    snprintf(after, sizeof after, "; lines %llu-%llu skipped, no record "
             "starts after them", from, to);
  return px__skip(r, PX_BAD_CSV, rec->line, rec->byte,
                  "unterminated quoted field: the quote opened on line %llu "
                  "%s%s", (unsigned long long)rec->quote_line, what, after);
}

int px__csv_next(px_reader *r, px_article *out) {
  size_t limit = px__record_limit(r);
  record rec;
  for (;;) {
    if (!read_record(r, limit, &rec)) return PX__END;
    int blank = r->n_fields <= 1 && r->line_buf.len == 0 && !rec.quoted;
    if (rec.st == PX_OK && blank) continue;
    int truncated = !rec.newline && r->src.err != PX_OK;
    int cut = rec.st != PX_OK || truncated;
    if (!r->csv_header_done) {
      if (cut) return bad_end(r, &rec, 1);
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
      if (truncated) r->done = 1;
      return PX__SKIPPED;
    }
    if (truncated) return bad_end(r, &rec, 0);
    if (cut) return bad_quote(r, &rec, limit);
    if (rec.over)
      return px__skip(r, PX_TOO_LARGE, rec.line, rec.byte,
                      "CSV record over the limit of %zu bytes", limit);
    return emit_record(r, &rec, out);
  }
}
