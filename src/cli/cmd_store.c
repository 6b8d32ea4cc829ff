/* cmd_store.c — the commands of the store (px_store): ingest, stories,
 * story, search, export, check, and quotes --db and run --db. The store
 * answers in JSON; this file reads options and prints JSON Lines, text,
 * CSV or TSV. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

#define JFLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4))

/* ---- options every store command shares ---- */

typedef struct store_opts {
  const char *cmd;
  const char *db;
  const char *format;  /* text, jsonl, csv, tsv */
  const char *what;    /* export */
  px_store_filter f;
  const char *word;    /* story ID, search QUERY */
  int run_all;
} store_opts;

static int usage_error(const store_opts *o, const char *msg, const char *arg) {
  fprintf(stderr, "parallax %s: %s%s%s%s\n", o->cmd, msg, arg ? " '" : "",
          arg ? arg : "", arg ? "'" : "");
  fprintf(stderr, "'parallax %s --help' lists the options.\n", o->cmd);
  return CLI_EXIT_USAGE;
}

/* Takes one option of a query command: 1 taken, -1 bad (said), 0 not one. */
static int query_option(store_opts *o, int argc, char **argv, int *i) {
  const char *a = argv[*i];
  static const char *const with_value[] = {
      "--db", "--format", "--from", "--to", "--outlet", "--query",
      "--speaker", "--limit", "--offset", "--what", "--sort", "--story"};
  int known = 0;
  for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++)
    known |= !strcmp(a, with_value[k]);
  if (!known) return 0;
  if (*i + 1 >= argc) {
    usage_error(o, "needs a value after", a);
    return -1;
  }
  const char *v = argv[++*i];
  if (!strcmp(a, "--db")) o->db = v;
  else if (!strcmp(a, "--format")) o->format = v;
  else if (!strcmp(a, "--from")) o->f.from = v;
  else if (!strcmp(a, "--to")) o->f.to = v;
  else if (!strcmp(a, "--outlet")) o->f.outlet = v;
  else if (!strcmp(a, "--query")) o->f.query = v;
  else if (!strcmp(a, "--speaker")) o->f.speaker = v;
  else if (!strcmp(a, "--what")) o->what = v;
  else if (!strcmp(a, "--sort")) {
    if (!strcmp(v, "newest")) o->f.order = PX_STORE_NEWEST;
    else if (!strcmp(v, "largest")) o->f.order = PX_STORE_LARGEST;
    else {
      usage_error(o, "--sort is newest or largest, not", v);
      return -1;
    }
  } else {
    size_t n;
    if (cli_parse_size(v, &n) || n > 10000000) {
      usage_error(o, "needs a number after", a);
      return -1;
    }
    if (!strcmp(a, "--limit")) o->f.limit = n;
    else if (!strcmp(a, "--offset")) o->f.offset = n;
    else o->f.story = (uint32_t)n;
  }
  return 1;
}

/* Parses a query command's line; words (at most one) go to o->word.
 * Returns -1 to go on, else the exit status. */
static int parse_query(store_opts *o, int argc, char **argv,
                       void (*help)(FILE *), int want_word,
                       const char *const *formats) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      help(stdout);
      return CLI_EXIT_OK;
    }
    int k = query_option(o, argc, argv, &i);
    if (k < 0) return CLI_EXIT_USAGE;
    if (k) continue;
    if (argv[i][0] == '-' && argv[i][1])
      return usage_error(o, "unknown option", argv[i]);
    if (!want_word || o->word)
      return usage_error(o, "takes no such argument:", argv[i]);
    o->word = argv[i];
  }
  if (!o->db) return usage_error(o, "needs --db FILE", NULL);
  if (want_word && !o->word)
    return usage_error(o, want_word == 1 ? "needs a story ID" : "needs a QUERY",
                       NULL);
  int ok = 0;
  for (const char *const *f = formats; *f; f++) ok |= !strcmp(o->format, *f);
  if (!ok) return usage_error(o, "cannot write the format", o->format);
  return -1;
}

/* Opens the store or says why not. Returns NULL after the message. */
static px_store *open_store(const store_opts *o, int mode) {
  px_store *s;
  char err[600];
  px_status st = px_store_open(o->db, mode, &s, err, sizeof err);
  if (st != PX_OK) {
    fprintf(stderr, "parallax %s: %s\n", o->cmd, err);
    return NULL;
  }
  return s;
}

/* The exit status of a failed query, after its message. */
static int query_failed(const store_opts *o, px_store *s, px_status st) {
  fprintf(stderr, "parallax %s: %s\n", o->cmd, px_store_errmsg(s));
  return st == PX_BAD_QUERY || st == PX_USAGE ? CLI_EXIT_USAGE : 1;
}

/* Runs FN, a query with a filter, over the store o names, which it opens
 * and closes. Returns the rows (owned: json_decref; NULL reads as none)
 * with *rc -1, or NULL after the message with *rc the exit status. */
static json_t *filter_query(const store_opts *o,
                            px_status (*fn)(px_store *, const px_store_filter *, char **),
                            int *rc) {
  px_store *s = open_store(o, PX_STORE_READ);
  if (!s) {
    *rc = 1;
    return NULL;
  }
  char *js;
  px_status st = fn(s, &o->f, &js);
  json_t *arr = NULL;
  *rc = -1;
  if (st != PX_OK) *rc = query_failed(o, s, st);
  else {
    arr = json_loads(js, 0, NULL);
    free(js);
  }
  px_store_close(s);
  return arr;
}

static const char *str(const json_t *o, const char *key) {
  const char *v = json_string_value(json_object_get(o, key));
  return v ? v : "";
}

static void print_jsonl(const json_t *arr) {
  size_t i;
  const json_t *v;
  json_array_foreach(arr, i, v) {
    json_dumpf(v, stdout, JFLAGS);
    fputc('\n', stdout);
  }
}

/* The outlets, first seen first: at most max of them, then how many more
 * (a story of a wire service has hundreds). */
static void outlets_text(const json_t *outlets, size_t max) {
  size_t i, n = json_array_size(outlets);
  const json_t *v;
  json_array_foreach(outlets, i, v) {
    if (i == max) {
      printf(" and %zu more", n - max);
      break;
    }
    printf("%s%s", i ? ", " : "", json_string_value(v));
  }
}

/* ---- stories ---- */

static void stories_help(FILE *out) {
  fprintf(out,
          "usage: parallax stories --db FILE [OPTIONS]\n\n"
          "Lists the stories of a store, newest first (by their latest\n"
          "article) or largest first.\n\n"
          "options:\n"
          "  --db FILE        the store (parallax ingest makes it)\n"
          "  --from DATE      stories with an article on or after DATE (YYYY-MM-DD)\n"
          "  --to DATE        stories that began on or before DATE\n"
          "  --outlet NAME    stories an outlet covered\n"
          "  --query TEXT     stories with an article that matches (as search)\n"
          "  --sort newest|largest   the order (default newest)\n"
          "  --limit N        at most N (default 50); --offset N skips N\n"
          "  --format text|jsonl\n"
          "  -h, --help       this help\n\n");
  cli_exit_help(out);
}

static const char *const text_jsonl[] = {"text", "jsonl", NULL};

int cmd_stories(int argc, char **argv) {
  store_opts o = {.cmd = "stories", .format = "text"};
  int rc = parse_query(&o, argc, argv, stories_help, 0, text_jsonl);
  if (rc >= 0) return rc;
  json_t *arr = filter_query(&o, px_store_stories, &rc);
  if (rc >= 0) return rc;
  if (!strcmp(o.format, "jsonl")) print_jsonl(arr);
  else {
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v) {
      printf("%6lld  %4lld %s  %s", (long long)json_integer_value(json_object_get(v, "id")),
             (long long)json_integer_value(json_object_get(v, "size")),
             json_integer_value(json_object_get(v, "size")) == 1 ? "article " : "articles",
             str(v, "first_date"));
      if (strcmp(str(v, "first_date"), str(v, "last_date")))
        printf(" to %s", str(v, "last_date"));
      printf("  %s\n        ", str(v, "label"));
      outlets_text(json_object_get(v, "outlets"), 8);
      printf("\n");
    }
    if (!json_array_size(arr)) printf("no stories\n");
  }
  json_decref(arr);
  return 0;
}

/* ---- story ---- */

static void story_help(FILE *out) {
  fprintf(out,
          "usage: parallax story --db FILE [--format text|jsonl] ID\n\n"
          "One story of a store: its articles by date and outlet, the reprints,\n"
          "its quotations grouped as statements with their variants, and who is\n"
          "quoted. ID is a story's id as stories lists it.\n\n");
  cli_exit_help(out);
}

static void story_text(const json_t *j) {
  printf("story %lld: %s\n", (long long)json_integer_value(json_object_get(j, "id")),
         str(j, "label"));
  long long size = json_integer_value(json_object_get(j, "size"));
  printf("  %lld %s, %s", size, size == 1 ? "article" : "articles",
         str(j, "first_date"));
  if (strcmp(str(j, "first_date"), str(j, "last_date")))
    printf(" to %s", str(j, "last_date"));
  printf("\n  outlets: ");
  outlets_text(json_object_get(j, "outlets"), 40);
  printf("\n\narticles:\n");
  size_t i;
  const json_t *v;
  json_array_foreach(json_object_get(j, "articles"), i, v) {
    printf("  %s  %-20s %s: %s", str(v, "date"),
           *str(v, "outlet") ? str(v, "outlet") : "(no outlet)", str(v, "id"),
           str(v, "headline"));
    if (*str(v, "reprint_of"))
      printf("  [reprint of %s%s]", str(v, "reprint_of"),
             json_integer_value(json_object_get(v, "exact_reprint")) ? ", exact" : "");
    printf("\n");
  }
  const json_t *stm = json_object_get(j, "statements");
  if (json_array_size(stm)) {
    printf("\nstatements printed by more than one article:\n");
    json_array_foreach(stm, i, v) {
      json_t *c = json_object_get(v, "canonical");
      const char *text = json_is_string(c) ? json_string_value(c) : str(v, "text");
      const char *who = str(v, "speaker");
      printf("  %s%s\"%s\"\n", who, *who ? ": " : "", text);
      json_t *variants = json_object_get(v, "variants");
      if (json_array_size(variants) > 1)
        printf("    %zu variants\n", json_array_size(variants));
    }
  }
  const json_t *people = json_object_get(j, "quoted");
  if (json_array_size(people)) {
    printf("\nquoted:\n");
    json_array_foreach(people, i, v)
      printf("  %s (%lld)\n", str(v, "name"),
             (long long)json_integer_value(json_object_get(v, "quotes")));
  }
}

int cmd_story(int argc, char **argv) {
  store_opts o = {.cmd = "story", .format = "text"};
  int rc = parse_query(&o, argc, argv, story_help, 1, text_jsonl);
  if (rc >= 0) return rc;
  size_t id;
  if (cli_parse_size(o.word, &id) || id == 0 || id > UINT32_MAX)
    return usage_error(&o, "needs a story ID (a number from 1), not", o.word);
  px_store *s = open_store(&o, PX_STORE_READ);
  if (!s) return 1;
  char *js;
  px_status st = px_store_story(s, (uint32_t)id, &js);
  if (st != PX_OK) {
    rc = query_failed(&o, s, st);
    px_store_close(s);
    return rc;
  }
  json_t *j = json_loads(js, 0, NULL);
  if (!strcmp(o.format, "jsonl")) printf("%s\n", js);
  else story_text(j);
  free(js);
  json_decref(j);
  px_store_close(s);
  return 0;
}

/* ---- search ---- */

static void search_help(FILE *out) {
  fprintf(out,
          "usage: parallax search --db FILE [OPTIONS] QUERY\n\n"
          "Full-text search over titles, article text and quotations, best\n"
          "first (bm25), each hit with a snippet, the words found [marked].\n\n"
          "QUERY: words (all must appear), \"a phrase\", prefix*, OR, AND, NOT,\n"
          "(parentheses), NEAR(a b, 5), and title: body: quotes: for one field;\n"
          "quote the whole QUERY for the shell: 'ukraine NOT \"peace talks\"'.\n\n"
          "options:\n"
          "  --db FILE        the store\n"
          "  --from DATE      articles on or after DATE (YYYY-MM-DD)\n"
          "  --to DATE        articles on or before DATE\n"
          "  --outlet NAME    articles of one outlet\n"
          "  --story ID       articles of one story\n"
          "  --limit N        at most N hits (default 20); --offset N skips N\n"
          "  --format text|jsonl\n"
          "  -h, --help       this help\n\n"
          "A query that cannot be read is a usage error (status 2).\n\n");
  cli_exit_help(out);
}

int cmd_search(int argc, char **argv) {
  store_opts o = {.cmd = "search", .format = "text"};
  int rc = parse_query(&o, argc, argv, search_help, 2, text_jsonl);
  if (rc >= 0) return rc;
  o.f.query = o.word;
  json_t *arr = filter_query(&o, px_store_search, &rc);
  if (rc >= 0) return rc;
  if (!strcmp(o.format, "jsonl")) print_jsonl(arr);
  else {
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v) {
      printf("%s  %s  %s  (story %lld, score %.2f)\n", str(v, "date"),
             *str(v, "outlet") ? str(v, "outlet") : "(no outlet)", str(v, "id"),
             (long long)json_integer_value(json_object_get(v, "story")),
             json_number_value(json_object_get(v, "score")));
      if (*str(v, "title")) printf("  %s\n", str(v, "title"));
      printf("  %s\n", str(v, "snippet"));
    }
    if (!json_array_size(arr)) printf("no match\n");
  }
  json_decref(arr);
  return 0;
}

/* ---- quotes --db ---- */

static void quotes_db_help(FILE *out) {
  fprintf(out,
          "usage: parallax quotes --db FILE --speaker NAME [OPTIONS]\n\n"
          "Everything one person was quoted saying, across the stories of a\n"
          "store, by date. NAME matches any spelling stored, ignoring case\n"
          "and accents, or a surname alone.\n\n"
          "options:\n"
          "  --from DATE, --to DATE, --outlet NAME, --story ID   narrow it\n"
          "  --limit N (default 1000), --offset N\n"
          "  --format text|jsonl\n\n");
  cli_exit_help(out);
}

int cmd_quotes_db(int argc, char **argv) {
  store_opts o = {.cmd = "quotes", .format = "text"};
  int rc = parse_query(&o, argc, argv, quotes_db_help, 0, text_jsonl);
  if (rc >= 0) return rc;
  if (!o.f.speaker) return usage_error(&o, "--db needs --speaker NAME", NULL);
  json_t *arr = filter_query(&o, px_store_quotes, &rc);
  if (rc >= 0) return rc;
  if (!strcmp(o.format, "jsonl")) print_jsonl(arr);
  else {
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v)
      printf("%s  %s  %s (story %lld)\n  %s: %s\n", str(v, "date"),
             *str(v, "outlet") ? str(v, "outlet") : "(no outlet)",
             str(v, "article"),
             (long long)json_integer_value(json_object_get(v, "story")),
             str(v, "speaker"), str(v, "text"));
    if (!json_array_size(arr)) printf("no quotations of %s\n", o.f.speaker);
  }
  json_decref(arr);
  return 0;
}

/* ---- export ---- */

static void export_help(FILE *out) {
  fprintf(out,
          "usage: parallax export --db FILE [--format jsonl|csv|tsv]\n"
          "                       [--what articles|stories|quotes]\n\n"
          "Writes every record of a store: articles (default: id, date,\n"
          "outlet, title, url, story), stories (id, label, size, n_outlets,\n"
          "outlets, first_date, last_date) or quotations (article, date,\n"
          "outlet, story, kind, speaker, text, start, end, confidence). jsonl\n"
          "is the default; csv quotes fields as RFC 4180 says, with a header\n"
          "row; tsv has a header row, and tabs and line breaks inside fields\n"
          "become spaces. A list (outlets) is joined with '; '.\n\n");
  cli_exit_help(out);
}

typedef struct export_ctx {
  int format; /* 0 jsonl, 1 csv, 2 tsv */
  int header_done;
} export_ctx;

static void field_out(const char *v, int format) {
  if (format == 2) {
    for (const char *c = v; *c; c++)
      fputc(*c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c, stdout);
    return;
  }
  if (!strpbrk(v, ",\"\r\n")) {
    fputs(v, stdout);
    return;
  }
  fputc('"', stdout);
  for (const char *c = v; *c; c++) {
    if (*c == '"') fputc('"', stdout);
    fputc(*c, stdout);
  }
  fputc('"', stdout);
}

static void value_out(const json_t *v, int format) {
  char num[64];
  if (json_is_string(v)) field_out(json_string_value(v), format);
  else if (json_is_integer(v)) {
    snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
    fputs(num, stdout);
  } else if (json_is_real(v)) {
    snprintf(num, sizeof num, "%.4g", json_real_value(v));
    fputs(num, stdout);
  } else if (json_is_array(v)) {
    size_t n = 0, i;
    const json_t *e;
    json_array_foreach(v, i, e) n += strlen(json_string_value(e) ? json_string_value(e) : "") + 2;
    char *joined = malloc(n + 1);
    if (!joined) return;
    joined[0] = 0;
    json_array_foreach(v, i, e) {
      if (i) strcat(joined, "; ");
      strcat(joined, json_string_value(e) ? json_string_value(e) : "");
    }
    field_out(joined, format);
    free(joined);
  }
}

static int export_row(const char *js, size_t len, void *user) {
  export_ctx *c = user;
  if (c->format == 0) {
    fwrite(js, 1, len, stdout);
    fputc('\n', stdout);
    return ferror(stdout) ? -1 : 0;
  }
  json_t *o = json_loadb(js, len, 0, NULL);
  if (!o) return -1;
  const char *key;
  json_t *v;
  char sep = c->format == 1 ? ',' : '\t';
  if (!c->header_done) {
    int first = 1;
    json_object_foreach(o, key, v) {
      if (!first) fputc(sep, stdout);
      fputs(key, stdout);
      first = 0;
    }
    fputs(c->format == 1 ? "\r\n" : "\n", stdout);
    c->header_done = 1;
  }
  int first = 1;
  json_object_foreach(o, key, v) {
    if (!first) fputc(sep, stdout);
    value_out(v, c->format);
    first = 0;
  }
  fputs(c->format == 1 ? "\r\n" : "\n", stdout);
  json_decref(o);
  return ferror(stdout) ? -1 : 0;
}

int cmd_export(int argc, char **argv) {
  static const char *const formats[] = {"jsonl", "csv", "tsv", NULL};
  store_opts o = {.cmd = "export", .format = "jsonl", .what = "articles"};
  int rc = parse_query(&o, argc, argv, export_help, 0, formats);
  if (rc >= 0) return rc;
  int what = !strcmp(o.what, "articles") ? PX_EXPORT_ARTICLES
             : !strcmp(o.what, "stories") ? PX_EXPORT_STORIES
             : !strcmp(o.what, "quotes")  ? PX_EXPORT_QUOTES : -1;
  if (what < 0)
    return usage_error(&o, "--what is articles, stories or quotes, not", o.what);
  px_store *s = open_store(&o, PX_STORE_READ);
  if (!s) return 1;
  export_ctx c = {!strcmp(o.format, "csv") ? 1 : !strcmp(o.format, "tsv") ? 2 : 0, 0};
  px_status st = px_store_export(s, what, export_row, &c);
  rc = 0;
  if (st == PX_USAGE) rc = 0; /* stopped by a write error: main says it */
  else if (st != PX_OK) rc = query_failed(&o, s, st);
  px_store_close(s);
  return rc;
}

/* ---- check ---- */

static void check_help(FILE *out) {
  fprintf(out,
          "usage: parallax check --db FILE\n\n"
          "Checks a store: SQLite's integrity check, every article's story\n"
          "and each story's size, the search index and the linker state\n"
          "against the articles.\n"
          "Prints ok, or one problem a line (and exits 1). Changes nothing.\n\n");
  cli_exit_help(out);
}

int cmd_check(int argc, char **argv) {
  static const char *const formats[] = {"text", NULL};
  store_opts o = {.cmd = "check", .format = "text"};
  int rc = parse_query(&o, argc, argv, check_help, 0, formats);
  if (rc >= 0) return rc;
  px_store *s = open_store(&o, PX_STORE_READ);
  if (!s) return 1;
  char *report = NULL;
  px_status st = px_store_check(s, &report);
  if (report) fputs(report, stdout);
  free(report);
  if (st != PX_OK) fprintf(stderr, "parallax check: %s\n", px_store_errmsg(s));
  px_store_close(s);
  return st == PX_OK ? 0 : 1;
}

/* ---- ingest ---- */

static void ingest_help(FILE *out) {
  fprintf(out,
          "usage: parallax ingest --db FILE [OPTIONS] [PATH...]\n\n"
          "Analyses and links articles into a store (created when missing),\n"
          "after the stories already in it: articles stored before (same id)\n"
          "are skipped, so ingesting the same files again changes nothing. A\n"
          "crash or kill leaves the store consistent, at its last commit;\n"
          "running the same ingest again completes it.\n\n"
          "options:\n"
          "  --db FILE          the store\n"
          "  --checkpoint N     articles per commit (default 4096)\n"
          "  -h, --help         this help\n\n");
  cli_input_help(out);
}

typedef struct ingest_cli {
  const char *db;
  size_t checkpoint;
} ingest_cli;

static int ingest_option(int argc, char **argv, int *i, void *opts) {
  ingest_cli *o = opts;
  int db = !strcmp(argv[*i], "--db");
  if (!db && strcmp(argv[*i], "--checkpoint")) return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "parallax: %s needs a value\n", argv[*i]);
    return -1;
  }
  const char *v = argv[++*i];
  if (db) o->db = v;
  else if (cli_parse_size(v, &o->checkpoint) || !o->checkpoint) {
    fprintf(stderr, "parallax: --checkpoint needs a number of articles from 1, "
                    "not '%s'\n", v);
    return -1;
  }
  return 1;
}

typedef struct ingest_ctx {
  cli_input *in;
  px_reader *r;
} ingest_ctx;

static void ingest_progress(int event, const px_article *a, void *user) {
  const ingest_ctx *c = user;
  if (event == PX_PROGRESS_READ) cli_progress_read(c->in, c->r, a);
  else if (event == PX_PROGRESS_DONE) cli_progress_done(c->in, c->r);
  else cli_progress_input_end(c->in);
}

static void ingest_diag(const px_diag *d, void *user) {
  const ingest_ctx *c = user;
  if (c->in->progress == 1) fprintf(stderr, "\r\033[K");
  px_diag_print(d, stderr);
}

/* Ingests in's paths into db; the summary on stderr. Returns the exit
 * status. */
static int ingest_into(cli_input *in, const char *db, size_t checkpoint) {
  store_opts so = {.cmd = "ingest", .db = db};
  px_store *s = open_store(&so, PX_STORE_WRITE);
  if (!s) {
    free(in->paths);
    return 1;
  }
  px_reader *r = cli_open(in);
  ingest_ctx c = {in, r};
  px_store_ingest_opts o = {0};
  o.pipeline.reorder = in->reorder;
  o.pipeline.threads = (unsigned)in->jobs;
  o.pipeline.on_diag = ingest_diag;
  o.pipeline.on_progress = ingest_progress;
  o.pipeline.user = &c;
  o.checkpoint = checkpoint;
  px_store_counts n = {0};
  px_status st = px_store_ingest(s, r, &o, &n);
  in->dropped = n.dropped;
  int status = cli_finish(in, r);
  if (st != PX_OK)
    fprintf(stderr, "parallax ingest: %s\n", px_store_errmsg(s));
  if (!in->quiet || st != PX_OK) {
    fprintf(stderr,
            "parallax: stored %llu new %s%s; %llu already stored",
            (unsigned long long)n.added, cli_plural(n.added, "article", "articles"),
            n.resumed ? " (an interrupted ingest was completed)" : "",
            (unsigned long long)n.unchanged);
    if (n.changed)
      fprintf(stderr, ", %llu stored with another text (kept)",
              (unsigned long long)n.changed);
    fprintf(stderr, "; the store holds %llu %s in %llu %s, %llu %s\n",
            (unsigned long long)n.articles, cli_plural(n.articles, "article", "articles"),
            (unsigned long long)n.stories, cli_plural(n.stories, "story", "stories"),
            (unsigned long long)n.quotes, cli_plural(n.quotes, "quotation", "quotations"));
  }
  if (n.older && !in->quiet)
    fprintf(stderr,
            "parallax: %llu new %s older than the newest already stored: "
            "linked after it,\n  so the stories may differ from one ingest "
            "of everything\n",
            (unsigned long long)n.older, cli_plural(n.older, "article is", "articles are"));
  if (n.late && !in->quiet)
    fprintf(stderr,
            "parallax: %llu %s came out of order past the reorder window and "
            "%s linked late\n  (--reorder N widens the window)\n",
            (unsigned long long)n.late, cli_plural(n.late, "article", "articles"),
            cli_plural(n.late, "was", "were"));
  px_store_close(s);
  if (st != PX_OK) return st == PX_FULL ? CLI_EXIT_WRITE : 1;
  return status || n.changed ? 1 : 0;
}

int cmd_ingest(int argc, char **argv) {
  cli_input in = {0};
  ingest_cli o = {0};
  int rc = cli_parse("ingest", argc, argv, &in, ingest_option, &o, ingest_help);
  if (rc >= 0) return rc;
  if (!o.db) {
    free(in.paths);
    fprintf(stderr, "parallax ingest: needs --db FILE\n"
                    "'parallax ingest --help' lists the options.\n");
    return CLI_EXIT_USAGE;
  }
  return ingest_into(&in, o.db, o.checkpoint);
}

/* ---- run --db ---- */

int cli_store_run(cli_input *in, const char *db, const char *format, int all) {
  int rc = ingest_into(in, db, 0);
  if (rc != 0 && rc != 1) return rc;
  store_opts o = {.cmd = "run", .db = db, .format = "text"};
  o.f.order = PX_STORE_LARGEST;
  o.f.limit = 10000;
  px_store *s = open_store(&o, PX_STORE_READ);
  if (!s) return 1;
  char *js;
  px_status st = px_store_stories(s, &o.f, &js);
  if (st != PX_OK) {
    int q = query_failed(&o, s, st);
    px_store_close(s);
    return q;
  }
  json_t *arr = json_loads(js, 0, NULL);
  free(js);
  if (!strcmp(format, "jsonl")) print_jsonl(arr);
  else if (!strcmp(format, "json")) {
    json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
  } else {
    size_t i, singles = 0;
    const json_t *v;
    json_array_foreach(arr, i, v) {
      if (!all && json_integer_value(json_object_get(v, "size")) < 2) {
        singles++;
        continue;
      }
      char *one;
      uint32_t id = (uint32_t)json_integer_value(json_object_get(v, "id"));
      if (px_store_story(s, id, &one) != PX_OK) continue;
      json_t *j = json_loads(one, 0, NULL);
      free(one);
      printf("\n");
      story_text(j);
      json_decref(j);
    }
    if (singles)
      printf("\n%zu more %s of a single article (--all lists them)\n", singles,
             cli_plural(singles, "story", "stories"));
  }
  json_decref(arr);
  px_store_close(s);
  return rc;
}
