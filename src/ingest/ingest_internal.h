/* ingest_internal.h — what the files of src/ingest/ share and nothing else
 * includes: bounded buffers, the byte source over plain/gzip/zstd input, the
 * reader's state, the per-format steps, and an in-memory entry point for the
 * fuzz targets. Layering: ingest uses the public text API (px_utf8_*) only. */
#ifndef PX_INGEST_INTERNAL_H
#define PX_INGEST_INTERNAL_H
#include <stdarg.h>
#include <stdint.h>
#include <zlib.h>
#include <zstd.h>
#include "parallax.h"

/* ---- growable byte buffer with a hard limit ------------------------- */

typedef struct px__buf {
  char *p;
  size_t len, cap;
} px__buf;

/* Makes room for `extra` more bytes plus a NUL. 0 on success, -1 when out
 * of memory. Callers check their own limit before growing. */
int px__buf_reserve(px__buf *b, size_t extra);
int px__buf_append(px__buf *b, const void *data, size_t n);
/* Replaces the content with s[0..n) and NUL-terminates it. */
int px__buf_set(px__buf *b, const char *s, size_t n);
void px__buf_free(px__buf *b);

/* ---- byte source: a file, stdin or memory, maybe compressed --------- */

enum px__codec { PX__RAW, PX__GZIP, PX__ZSTD };

typedef struct px__src {
  int fd;                    /* -1 for memory input */
  int own_fd;                /* opened here (stdin is never closed) */
  const uint8_t *mem;        /* memory input, borrowed */
  size_t mem_len, mem_pos;
  int codec;                 /* enum px__codec, found from magic bytes */
  z_stream z;
  int z_ready;               /* inflateInit2 done */
  int member_open;           /* inside a gzip member or zstd frame */
  ZSTD_DStream *zs;
  int out_full;              /* last decode filled the output: call again */
  uint8_t *in;               /* compressed bytes read, not yet decoded */
  size_t in_len, in_pos;
  int raw_eof;
  uint64_t raw_off;          /* compressed bytes consumed before in[0] */
  uint8_t *out;              /* decoded bytes */
  const uint8_t *win;        /* current window of decoded bytes */
  size_t win_len, win_pos;
  uint64_t win_off;          /* offset of win[0] in the decoded stream */
  int eof;
  px_status err;             /* PX_OK, PX_TRUNCATED or PX_IO */
  char err_msg[200];
  int trailing_garbage;      /* data after the last gzip member, ignored */
  int bom_checked;           /* the first window was looked at for a BOM */
  int utf16;                 /* 0; 1 UTF-16LE, 2 UTF-16BE: converted */
  uint8_t *u8;               /* UTF-8 converted from UTF-16, the window */
  int u16_half;              /* a unit's first byte from the last window */
  unsigned u16_high;         /* a high surrogate waiting for its pair */
  int u16_flushed;           /* an incomplete unit at the end was reported */
} px__src;

/* Opens path ("-" is stdin) or, when mem is not NULL, the memory mem[0..n).
 * Returns PX_OK, PX_NOT_FOUND or PX_IO (errno message in s->err_msg). */
px_status px__src_open(px__src *s, const char *path, const void *mem,
                       size_t n);
/* Refills the window. Returns 1 when bytes are available, 0 at the end of
 * the input or on error (s->err tells which). A UTF-8 byte-order mark at
 * the start is skipped; UTF-16 (LE or BE, known by its byte-order mark) is
 * converted to UTF-8, and offsets then count bytes of the UTF-8. */
int px__src_more(px__src *s);
void px__src_close(px__src *s);

static inline int px__src_getc(px__src *s) {
  if (s->win_pos < s->win_len || px__src_more(s)) return s->win[s->win_pos++];
  return -1;
}
static inline uint64_t px__src_tell(const px__src *s) {
  return s->win_off + s->win_pos;
}

/* ---- the reader ----------------------------------------------------- */

enum px__format {
  PX__FMT_NONE, PX__FMT_DATED, PX__FMT_JSONL, PX__FMT_CSV,
  PX__FMT_HTML, PX__FMT_WARC, PX__FMT_FEED
};

/* Folders and files already read, by device and inode, so a symbolic link
 * loop is not followed and a file reached by two paths is read once. Each
 * entry keeps the first path for the message: 24 bytes plus the path. */
typedef struct px__seen_inode {
  uint64_t dev, ino;
  char *path; /* owned; NULL marks a free slot */
} px__seen_inode;

typedef struct px__inode_set {
  px__seen_inode *slot; /* open addressing, cap a power of two */
  size_t n, cap;
} px__inode_set;

/* The ids of kept articles, as hashes (ids.c says what they cost). */
typedef struct px__id_entry {
  uint64_t hash;          /* xxh3 of the id; 0 marks a free slot */
  uint32_t file, line;    /* where it was kept: files[file], line */
} px__id_entry;

typedef struct px__id_set {
  px__id_entry *slot;     /* owned; open addressing, cap a power of two */
  size_t n, cap;
  char **files;           /* owned names of the files ids came from */
  size_t n_files, cap_files;
} px__id_set;

/* Remembers id[0..n) as read at file:line. Returns 1 when it was seen
 * before, with *first_file (borrowed until px__id_set_free) and
 * *first_line saying where; 0 when it is new (or memory ran out). */
int px__id_seen(px__id_set *s, const char *id, size_t n, const char *file,
                uint64_t line, const char **first_file,
                uint64_t *first_line);
void px__id_set_free(px__id_set *s);

/* One pending input: a path, or memory given by the fuzz entry point. */
typedef struct px__input {
  char *path;
  const void *mem;
  size_t mem_len;
  int depth; /* folder nesting, bounded (loops are caught by inode) */
} px__input;

/* A byte span of raw field text, not NUL-terminated; set=0 when absent. */
typedef struct px__span {
  const char *p;
  size_t n;
  int set;  /* 0 absent, else 1 + synonym rank: a lower value wins */
} px__span;

/* The raw fields of one candidate article, as found by a format step. */
typedef struct px__fields {
  px__span id, date, time, text, title, outlet, author, url;
  uint64_t line;      /* line where the record started */
  uint64_t byte;      /* byte offset where the record started */
  uint64_t text_byte; /* byte offset of text[0] in the file, for repairs */
  int text_exact;     /* 1 when text bytes map 1:1 onto the file */
  uint64_t text_line; /* line of text[0] when the text's newlines are the
                         file's (dated, CSV); 0 when unknown (JSON) */
  const char *text_raw; /* JSON fast path: the quoted string in the line
                           the text was decoded from; NULL when unknown */
  int web;            /* from a web page or feed: messages say so */
  uint32_t n_invalid; /* repairs already made to the record (JSONL) */
  uint32_t n_nul;
} px__fields;

/* The kept article's strings; reused across px_reader_next calls. */
typedef struct px__art {
  px__buf id, date, time, outlet, author, title, url, text;
} px__art;

struct px_reader {
  px_reader_opts opts;
  size_t max;                /* max_article_bytes in effect */
  px__input *stack;          /* inputs still to read, next one last */
  size_t n_stack, cap_stack;
  px__inode_set dirs, files; /* read already (reader.c) */
  px__id_set ids;            /* ids of the articles kept (ids.c) */
  px__src src;
  int open;                  /* src holds the current input */
  int format;                /* enum px__format of the current input */
  char *file;                /* current input's name, owned */
  char *stem;                /* file name without folders and extensions */
  uint64_t line;             /* lines consumed in the current input */
  int done;                  /* the current input has no more articles */
  px__buf line_buf;          /* JSONL line / CSV record / dated file */
  px__buf repair_buf;        /* a JSON line after UTF-8 repair */
  px__buf json_buf;          /* decoded strings of the JSON fast path */
  size_t *fields;            /* CSV: end offsets of fields in line_buf */
  uint64_t *field_bytes;     /* CSV: file offset of each field's content */
  uint64_t *field_lines;     /* CSV: line each field starts on */
  size_t n_fields, cap_fields;
  int csv_col[8];            /* CSV: column of id,date,time,text,title,
                                outlet,author,url; -1 when absent */
  int csv_header_done;
  px__buf csv_replay;        /* CSV: bytes read again after a quote left
                                open (csv.c), bounded by the record limit */
  size_t csv_replay_pos;
  uint64_t csv_replay_off;   /* file offset of csv_replay.p[0] */
  int csv_replayed;          /* the last byte came from csv_replay */
  px_status csv_missing;     /* CSV: PX_NO_ID/NO_DATE/NO_TEXT when the
                                header lacks that column (rows counted
                                as skipped without a message each) */
  uint64_t n_records;        /* JSONL/CSV records seen in this input */
  char id_buf[32];           /* JSONL: a numeric id printed as text */
  int json_doc;              /* JSON: 0 lines; else a document (jsonl.c) */
  px__buf doc_buf;           /* JSON: the whole document, bounded by the
                                record limit */
  size_t doc_pos;            /* next byte of doc_buf */
  uint64_t doc_off;          /* file offset of doc_buf.p[0] */
  uint64_t doc_line;         /* line of doc_buf.p[doc_pos] */
  int doc_array;             /* the document is an array */
  uint64_t doc_index;        /* values taken from it so far */
  struct px__web *web;       /* HTML extraction, made on first use */
  struct px__warc *warc;     /* WARC reading state (warc.c) */
  struct px__feed *feed;     /* feed reading state (feed.c) */
  px__art art;
  px_ingest_stats stats;
  char msg[512];
};

/* Result of one format step. */
enum px__step { PX__END = 0, PX__KEPT = 1, PX__SKIPPED = 2 };

/* Reads up to cap bytes of the current input into r->line_buf (NUL room
 * reserved). Returns 1 when the input holds more than cap bytes (the rest
 * is left unread); sets *oom when memory ran out. (dated.c; html.c too.) */
int px__read_capped(px_reader *r, size_t cap, int *oom);

/* Format steps: each reads the next record of the current input and either
 * fills *out (via px__article_emit), counts a skip, or says the input ended. */
int px__dated_next(px_reader *r, px_article *out);
int px__jsonl_next(px_reader *r, px_article *out);
int px__csv_next(px_reader *r, px_article *out);
/* The web formats (web_internal.h has the rest); each frees its state. */
int px__html_next(px_reader *r, px_article *out);
int px__warc_next(px_reader *r, px_article *out);
int px__feed_next(px_reader *r, px_article *out);
void px__web_release(px_reader *r);

/* Maps a CSV column name to a field slot 0..7 (id, date, time, text,
 * title, outlet, author, url), -1 for others. Trimmed, case-insensitive.
 * *rank is 0 for the preferred name ("text"), higher for synonyms. */
int px__field_slot(const char *name, size_t n, int *rank);
/* Writes the names accepted for a slot ("text or body or content"). */
void px__slot_names(int slot, char *out, size_t cap);
/* The same for a JSON key, which must match exactly ("Text" is not
 * "text"), so the fast path and jansson cannot disagree on case. */
int px__json_slot(const char *key, size_t n, int *rank);
/* Sets slot of f to p[0..n) unless a better-ranked name already set it. */
void px__fields_put(px__fields *f, int slot, int rank, const char *p,
                    size_t n);

/* Validates, repairs and copies a candidate into r->art and *out. Returns
 * PX__KEPT or PX__SKIPPED (reported and counted). */
int px__article_emit(px_reader *r, px__fields *f, px_article *out);

#if defined(__GNUC__) || defined(__clang__)
#define PX__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PX__PRINTF(f, a)
#endif

/* Reports and counts one skipped article. */
int px__skip(px_reader *r, px_status st, uint64_t line, uint64_t byte,
             const char *fmt, ...) PX__PRINTF(5, 6);
/* Counts one skipped article whose reason was reported once for many. */
void px__count_skip(px_reader *r, px_status st);
/* Reports a diagnostic about the current input without counting. */
void px__diag(px_reader *r, px_severity sev, px_status st, uint64_t line,
              uint64_t byte, const char *fmt, ...) PX__PRINTF(6, 7);
void px__vdiag(px_reader *r, px_severity sev, px_status st, uint64_t line,
               uint64_t byte, const char *fmt, va_list ap)
    PX__PRINTF(6, 0);

/* The date forms px_date_parse accepts, for messages about bad dates. */
#define PX__DATE_FORMATS                                            \
  "accepted: 2025-10-16[T14:05[:00][Z|+02:00]]; 2025/10/16; "       \
  "16 Oct 2025; October 16, 2025; Thu, 16 Oct 2025 14:05:00 +0000 " \
  "(a clock and a zone may follow any of them)"

/* The record limit for JSONL lines and CSV records: the article limit plus
 * room for escapes and the other fields. */
size_t px__record_limit(const px_reader *r);

/* Opens a reader over one in-memory input named name (its extension picks
 * the format, as for files). data is borrowed until px_reader_close. Used by
 * the fuzz targets and the tests. */
px_reader *px__reader_open_mem(const char *name, const void *data,
                               size_t size, const px_reader_opts *opts);

/* Finds the first invalid UTF-8 sequence and the first NUL in p[0..n);
 * writes their offsets or SIZE_MAX. Returns 1 if either was found. */
int px__utf8_scan(const char *p, size_t n, size_t *first_invalid,
                  size_t *first_nul);

/* Trims ASCII white space from both ends of p[0..*n). */
const char *px__trim(const char *p, size_t *n);
int px__is_space(int c);
/* Parses a line holding one JSON object, strictly, and puts its known
 * top-level string members into f, decoded into scratch (at least n bytes;
 * spans in f point into it). Returns 0, or -1 when the line is not accepted
 * (then jansson decides). The line must be valid UTF-8. (json_fast.c) */
int px__json_fast(const char *p, size_t n, char *scratch, px__fields *f);

#endif
