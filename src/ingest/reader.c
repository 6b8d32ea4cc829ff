/* reader.c — px_reader: walks the given paths (folders recursively, entries
 * in sorted byte order of their full paths, so runs are reproducible; each
 * folder and each file, by device and inode, once: a symbolic link loop is
 * reported once and not followed, and a file reached again through a link
 * or given twice is skipped with a note naming its first path), opens
 * each input through the byte source, picks its format from the extension
 * (after .gz/.zst) or, for unknown names and stdin, from its first bytes, and
 * pulls articles from the format's step function one at a time. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "ingest/web_internal.h"

#define PX__MAX_DEPTH 64 /* folder nesting (loops are caught by inode) */

size_t px__record_limit(const px_reader *r) {
  size_t slack = (size_t)64 << 10;
  return r->max > (SIZE_MAX - slack) / 2 ? SIZE_MAX : r->max * 2 + slack;
}

static int push_input(px_reader *r, char *path, const void *mem, size_t n,
                      int depth) {
  if (r->n_stack == r->cap_stack) {
    size_t cap = r->cap_stack ? r->cap_stack * 2 : 16;
    px__input *s = realloc(r->stack, cap * sizeof *s);
    if (!s) return -1;
    r->stack = s;
    r->cap_stack = cap;
  }
  r->stack[r->n_stack++] = (px__input){path, mem, n, depth};
  return 0;
}

static px_reader *reader_new(const px_reader_opts *opts) {
  px_reader *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  if (opts) r->opts = *opts;
  r->max = r->opts.max_article_bytes ? r->opts.max_article_bytes
                                     : PX_DEFAULT_MAX_ARTICLE;
  r->src.fd = -1;
  return r;
}

px_reader *px_reader_open(const char *const *paths, size_t n_paths,
                          const px_reader_opts *opts) {
  px_reader *r = reader_new(opts);
  if (!r) return NULL;
  /* The stack pops from the end: push in reverse to read in given order. */
  for (size_t i = n_paths; i-- > 0;) {
    char *p = strdup(paths[i]);
    if (!p || push_input(r, p, NULL, 0, 0) != 0) {
      free(p);
      px_reader_close(r);
      return NULL;
    }
  }
  return r;
}

px_reader *px__reader_open_mem(const char *name, const void *data,
                               size_t size, const px_reader_opts *opts) {
  px_reader *r = reader_new(opts);
  char *p = r ? strdup(name) : NULL;
  if (!p || push_input(r, p, data ? data : "", size, 0) != 0) {
    free(p);
    px_reader_close(r);
    return NULL;
  }
  return r;
}

/* ---- folders -------------------------------------------------------- */

static size_t inode_hash(uint64_t dev, uint64_t ino) {
  uint64_t h = (dev * 0x9E3779B97F4A7C15ull) ^ ino;
  return (size_t)((h ^ (h >> 29)) * 0xBF58476D1CE4E5B9ull >> 17);
}

/* The entry for (dev, ino), or the free slot where it belongs. */
static px__seen_inode *inode_slot(px__inode_set *s, uint64_t dev,
                                  uint64_t ino) {
  size_t i = inode_hash(dev, ino) & (s->cap - 1);
  while (s->slot[i].path && (s->slot[i].dev != dev || s->slot[i].ino != ino))
    i = (i + 1) & (s->cap - 1);
  return &s->slot[i];
}

/* Adds path's inode; returns the path it was first seen under, or NULL
 * when this is the first time (or memory ran out: then it is read). */
static const char *inode_seen(px__inode_set *s, const struct stat *st,
                              const char *path) {
  if (s->n + 1 > s->cap / 2) {
    px__inode_set grown = {calloc(s->cap ? s->cap * 2 : 64, sizeof *s->slot),
                           s->n, s->cap ? s->cap * 2 : 64};
    if (!grown.slot) return NULL;
    for (size_t i = 0; i < s->cap; i++)
      if (s->slot[i].path)
        *inode_slot(&grown, s->slot[i].dev, s->slot[i].ino) = s->slot[i];
    free(s->slot);
    *s = grown;
  }
  px__seen_inode *e = inode_slot(s, (uint64_t)st->st_dev,
                                 (uint64_t)st->st_ino);
  if (e->path) return e->path;
  char *copy = strdup(path);
  if (!copy) return NULL;
  *e = (px__seen_inode){(uint64_t)st->st_dev, (uint64_t)st->st_ino, copy};
  s->n++;
  return NULL;
}

static void inode_set_free(px__inode_set *s) {
  for (size_t i = 0; i < s->cap; i++) free(s->slot[i].path);
  free(s->slot);
}

/* Is the folder path a parent of sub (so a link to it is a loop)? */
static int is_parent(const char *path, const char *sub) {
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/') n--;
  return strncmp(path, sub, n) == 0 && (sub[n] == '/' || sub[n] == '\0');
}

typedef struct entry {
  char *key; /* name, plus '/' for folders: sorts like full paths do */
  int is_dir;
} entry;

static int by_key_desc(const void *a, const void *b) {
  return strcmp(((const entry *)b)->key, ((const entry *)a)->key);
}

static int entry_is_dir(const char *dir, const struct dirent *e) {
#ifdef DT_DIR
  if (e->d_type == DT_DIR) return 1;
  if (e->d_type == DT_REG) return 0;
#endif
  size_t n = strlen(dir) + strlen(e->d_name) + 2;
  char *full = malloc(n);
  struct stat st;
  int is_dir = 0;
  if (full) {
    snprintf(full, n, "%s/%s", dir, e->d_name);
    is_dir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
    free(full);
  }
  return is_dir;
}

/* Reads a folder's entries (hidden ones skipped, as most tools do). */
static entry *list_dir(px_reader *r, const char *dir, size_t *n_out) {
  DIR *d = opendir(dir);
  if (!d) {
    px__diag(r, PX_ERROR, PX_IO, 0, 0, "cannot read folder");
    return NULL;
  }
  entry *es = NULL;
  size_t n = 0, cap = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      entry *grown = realloc(es, cap * sizeof *es);
      if (!grown) break;
      es = grown;
    }
    int is_dir = entry_is_dir(dir, e);
    size_t len = strlen(e->d_name);
    char *key = malloc(len + 2);
    if (!key) break;
    memcpy(key, e->d_name, len);
    key[len] = is_dir ? '/' : '\0';
    key[len + 1] = '\0';
    es[n++] = (entry){key, is_dir};
  }
  closedir(d);
  *n_out = n;
  return es;
}

static void expand_dir(px_reader *r, const px__input *in) {
  if (in->depth >= PX__MAX_DEPTH) {
    px__diag(r, PX_ERROR, PX_IO, 0, 0, "folders nested too deep; skipped");
    return;
  }
  size_t n = 0;
  entry *es = list_dir(r, in->path, &n);
  if (n) qsort(es, n, sizeof *es, by_key_desc);
  size_t dl = strlen(in->path);
  int slash = dl > 0 && in->path[dl - 1] == '/';
  for (size_t i = 0; i < n; i++) {
    size_t kl = strlen(es[i].key) - (size_t)es[i].is_dir;
    char *p = malloc(dl + kl + 2);
    if (p) {
      memcpy(p, in->path, dl);
      if (!slash) p[dl] = '/';
      memcpy(p + dl + !slash, es[i].key, kl);
      p[dl + !slash + kl] = '\0';
      if (push_input(r, p, NULL, 0, in->depth + 1) != 0) free(p);
    }
    free(es[i].key);
  }
  free(es);
}

/* ---- formats -------------------------------------------------------- */

static int has_suffix(const char *s, size_t n, const char *suf) {
  size_t k = strlen(suf);
  return n >= k && strncasecmp(s + n - k, suf, k) == 0;
}

/* Sets r->stem to the base name without compression suffix and extension;
 * returns the format the extension names, or PX__FMT_NONE to sniff. */
static int format_from_name(px_reader *r, const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen(base);
  if (has_suffix(base, n, ".gz")) n -= 3;
  else if (has_suffix(base, n, ".zst")) n -= 4;
  else if (has_suffix(base, n, ".zstd")) n -= 5;
  const char *dot = NULL;
  for (size_t i = n; i-- > 1;)
    if (base[i] == '.') { dot = base + i; break; }
  size_t stem_len = dot ? (size_t)(dot - base) : n;
  free(r->stem);
  if (strcmp(path, "-") == 0) {
    r->stem = strdup("stdin"); /* the id of a dated article read from - */
    return PX__FMT_NONE;
  }
  r->stem = strndup(base, stem_len);
  if (!dot) return PX__FMT_NONE; /* sniffed; dated text when unknown */
  size_t el = n - stem_len;
  static const struct { const char *ext; int fmt; } exts[] = {
      {".txt", PX__FMT_DATED},  {".text", PX__FMT_DATED},
      {".jsonl", PX__FMT_JSONL}, {".ndjson", PX__FMT_JSONL},
      {".json", PX__FMT_JSONL}, {".csv", PX__FMT_CSV},
      {".html", PX__FMT_HTML}, {".htm", PX__FMT_HTML},
      {".xhtml", PX__FMT_HTML}, {".shtml", PX__FMT_HTML},
      {".warc", PX__FMT_WARC}, {".rss", PX__FMT_FEED},
      {".atom", PX__FMT_FEED}};
  for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
    if (strlen(exts[i].ext) == el && strncasecmp(dot, exts[i].ext, el) == 0)
      return exts[i].fmt;
  return PX__FMT_NONE;
}

/* Markup: a feed when its first element (after the XML declaration,
 * comments and processing instructions) is rss, feed or rdf:RDF; else
 * a page. */
static int sniff_markup(const char *p, size_t n) {
  for (size_t i = 0; i + 1 < n && i < 4096; i++) {
    if (p[i] != '<') continue;
    char c = p[i + 1];
    if (c == '?' || c == '!') continue;
    const char *t = p + i + 1;
    size_t left = n - i - 1;
    if ((left >= 4 && !strncasecmp(t, "rss", 3) &&
         (t[3] == ' ' || t[3] == '>' || t[3] == '\n' || t[3] == '\t')) ||
        (left >= 5 && !strncmp(t, "feed", 4) &&
         (t[4] == ' ' || t[4] == '>' || t[4] == '\n' || t[4] == '\t')) ||
        (left >= 7 && !strncmp(t, "rdf:RDF", 7)))
      return PX__FMT_FEED;
    return PX__FMT_HTML;
  }
  return PX__FMT_HTML;
}

/* Guesses the format from the first window of decoded bytes. */
static int sniff(px_reader *r, int is_stdin) {
  px__src *s = &r->src;
  if (s->win_pos == s->win_len && !px__src_more(s)) return PX__FMT_NONE;
  const char *p = (const char *)s->win + s->win_pos;
  size_t n = s->win_len - s->win_pos;
  while (n && px__is_space((unsigned char)*p)) { p++; n--; }
  if (n >= 6 && memcmp(p, "WARC/1", 6) == 0) return PX__FMT_WARC;
  if (n && *p == '<') return sniff_markup(p, n);
  if (n && (*p == '{' || *p == '[')) return PX__FMT_JSONL;
  if (n >= 5 && strncasecmp(p, "date", 4) == 0 &&
      (px__is_space((unsigned char)p[4]) || p[4] == ':'))
    return PX__FMT_DATED;
  if (!is_stdin) return PX__FMT_NONE;
  /* stdin has no name: a first line with commas and a date column is CSV */
  const char *nl = memchr(p, '\n', n);
  size_t line = nl ? (size_t)(nl - p) : n;
  int comma = memchr(p, ',', line) != NULL, has_date = 0;
  for (size_t i = 0; i + 4 <= line; i++)
    if (strncasecmp(p + i, "date", 4) == 0) has_date = 1;
  return comma && has_date ? PX__FMT_CSV : PX__FMT_NONE;
}

static int has_no_extension(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen(base);
  if (has_suffix(base, n, ".gz")) n -= 3;
  else if (has_suffix(base, n, ".zst")) n -= 4;
  else if (has_suffix(base, n, ".zstd")) n -= 5;
  for (size_t i = n; i-- > 1;)
    if (base[i] == '.') return 0;
  return 1;
}

/* Reads a folder or file once: 1 to go on, 0 when it was read before. */
static int first_visit(px_reader *r, const px__input *in,
                       const struct stat *st) {
  if (S_ISDIR(st->st_mode)) {
    const char *first = inode_seen(&r->dirs, st, in->path);
    if (!first) return 1;
    if (is_parent(first, in->path))
      px__diag(r, PX_WARNING, PX_OK, 0, 0,
               "symbolic link loop: this is the folder \"%s\" again; "
               "not followed", first);
    else
      px__diag(r, PX_WARNING, PX_OK, 0, 0,
               "the same folder as \"%s\", read already; skipped", first);
    return 0;
  }
  if (!S_ISREG(st->st_mode)) return 1;
  const char *first = inode_seen(&r->files, st, in->path);
  if (first)
    px__diag(r, PX_WARNING, PX_OK, 0, 0,
             "the same file as \"%s\" (a link to it or the same path "
             "again), read already; skipped", first);
  return first == NULL;
}

static void start_input(px_reader *r, px__input *in) {
  int is_stdin = !in->mem && strcmp(in->path, "-") == 0;
  struct stat st;
  if (!in->mem && !is_stdin && stat(in->path, &st) == 0) {
    if (!first_visit(r, in, &st)) return;
    if (S_ISDIR(st.st_mode)) {
      expand_dir(r, in);
      return;
    }
  }
  px_status rc = px__src_open(&r->src, in->path, in->mem, in->mem_len);
  if (rc != PX_OK) {
    px__diag(r, PX_ERROR, rc, 0, 0, "%s", r->src.err_msg[0]
                                               ? r->src.err_msg
                                               : px_strerror(rc));
    px__src_close(&r->src);
    return;
  }
  r->stats.files++;
  r->open = 1;
  r->line = r->n_records = 0;
  r->done = r->csv_header_done = 0;
  r->csv_missing = PX_OK;
  r->csv_replay.len = r->csv_replay_pos = 0;
  r->json_doc = 0;
  r->format = format_from_name(r, in->path);
  if (r->format == PX__FMT_NONE || r->format == PX__FMT_HTML ||
      r->format == PX__FMT_FEED) {
    /* markup is told apart by content: a feed saved as .html is a feed,
     * a page saved as .rss a page; a file without extension is dated
     * text unless its content says otherwise */
    int sniffed = sniff(r, is_stdin);
    if (sniffed != PX__FMT_NONE &&
        (r->format != PX__FMT_HTML || sniffed == PX__FMT_FEED))
      r->format = sniffed;
    if (r->format == PX__FMT_NONE && !is_stdin && !in->mem &&
        has_no_extension(in->path))
      r->format = PX__FMT_DATED;
  }
  if (r->format == PX__FMT_NONE && !(r->src.eof && r->src.win_len == 0)) {
    px__diag(r, PX_WARNING, PX_USAGE, 0, 0,
             "unknown format (not dated text, JSON Lines, CSV, HTML, WARC "
             "or an RSS/Atom feed); skipped");
    r->done = 1;
  } else if (r->format == PX__FMT_NONE) {
    r->format = PX__FMT_DATED; /* empty: the dated step reports it */
  }
}

/* Pops the next input; returns 0 when there is none left. */
static int open_next(px_reader *r) {
  if (r->n_stack == 0) return 0;
  px__input in = r->stack[--r->n_stack];
  free(r->file);
  r->file = in.path; /* the diagnostics name it */
  start_input(r, &in);
  return 1;
}

static void finish_input(px_reader *r) {
  px__src *s = &r->src;
  if (s->err != PX_OK)
    px__diag(r, PX_ERROR, s->err, r->line, px__src_tell(s), "%s",
             s->err_msg);
  if (s->trailing_garbage)
    px__diag(r, PX_WARNING, PX_OK, r->line, px__src_tell(s),
             "ignored data after the last gzip member");
  int streamed = r->format == PX__FMT_JSONL || r->format == PX__FMT_CSV;
  if (streamed && !r->done && r->n_records == 0 && s->err == PX_OK)
    px__skip(r, PX_EMPTY, 0, 0, "no articles in file");
  px__src_close(s);
  r->open = 0;
}

int px_reader_next(px_reader *r, px_article *out) {
  if (!r) return 0;
  for (;;) {
    if (!r->open) {
      if (!open_next(r)) return 0;
      continue;
    }
    int step = PX__END;
    if (!r->done) {
      if (r->format == PX__FMT_DATED) step = px__dated_next(r, out);
      else if (r->format == PX__FMT_JSONL) step = px__jsonl_next(r, out);
      else if (r->format == PX__FMT_HTML) step = px__html_next(r, out);
      else if (r->format == PX__FMT_WARC) step = px__warc_next(r, out);
      else if (r->format == PX__FMT_FEED) step = px__feed_next(r, out);
      else step = px__csv_next(r, out);
    }
    if (step == PX__KEPT) return 1;
    if (step == PX__END) finish_input(r);
  }
}

void px_reader_stats(const px_reader *r, px_ingest_stats *out) {
  if (r) *out = r->stats;
  else memset(out, 0, sizeof *out);
}

static void art_free(px__art *a) {
  px__buf *all[] = {&a->id,    &a->date,   &a->time,  &a->outlet,
                    &a->author, &a->title, &a->url,   &a->text};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) px__buf_free(all[i]);
}

void px_reader_close(px_reader *r) {
  if (!r) return;
  if (r->open) px__src_close(&r->src);
  for (size_t i = 0; i < r->n_stack; i++) free(r->stack[i].path);
  free(r->stack);
  inode_set_free(&r->dirs);
  inode_set_free(&r->files);
  px__id_set_free(&r->ids);
  free(r->file);
  free(r->stem);
  px__buf_free(&r->line_buf);
  px__buf_free(&r->repair_buf);
  px__buf_free(&r->json_buf);
  px__buf_free(&r->csv_replay);
  px__buf_free(&r->doc_buf);
  free(r->fields);
  free(r->field_bytes);
  free(r->field_lines);
  art_free(&r->art);
  px__web_release(r);
  free(r);
}
