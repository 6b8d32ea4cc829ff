/* cli_common.c — input options, output checks and the end-of-run summary
 * shared by every subcommand that reads articles (progress is in
 * cli_progress.c). */
#include <errno.h>
#include <math.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

const char *cli_plural(uint64_t n, const char *one, const char *many) {
  return n == 1 ? one : many;
}

int cli_parse_size(const char *s, size_t *out) {
  errno = 0;
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  /* strtoull takes spaces, a sign, and wraps "-1" round to a huge size */
  if (errno || end == s || *s < '0' || *s > '9') return -1;
  unsigned shift = 0;
  switch (*end) {
  case 'k': case 'K': shift = 10; end++; break;
  case 'm': case 'M': shift = 20; end++; break;
  case 'g': case 'G': shift = 30; end++; break;
  }
  if (*end == 'B' || *end == 'b') end++;
  if (*end || v > (SIZE_MAX >> shift)) return -1;
  *out = (size_t)(v << shift);
  return 0;
}

int cli_parse_number(const char *cmd, const char *name, const char *value,
                     double lo, int lo_open, double hi, double *out) {
  errno = 0;
  char *end;
  double v = strtod(value, &end);
  /* isfinite() keeps nan and inf out; a NaN compares false with both
   * bounds, so it would pass the range test alone */
  int ok = end != value && !*end && !errno && isfinite(v) &&
           (lo_open ? v > lo : v >= lo) && v <= hi;
  if (ok) {
    *out = v;
    return 0;
  }
  fprintf(stderr, "parallax %s: %s needs a number %s %g and at most %g, not '%s'\n",
          cmd, name, lo_open ? "above" : "from", lo, hi, value);
  return -1;
}

/* Takes the size after option argv[*i] into *out, in [lo, hi], or says
 * what the option needs ("from 1 to 4095M", with what) and returns -1. */
static int size_option(int argc, char **argv, int *i, size_t lo, size_t hi,
                       const char *range, size_t *out) {
  size_t v = 0;
  const char *value = *i + 1 < argc ? argv[*i + 1] : NULL;
  if (!value || cli_parse_size(value, &v) || v < lo || v > hi) {
    fprintf(stderr, "parallax: %s needs %s%s%s%s\n", argv[*i], range,
            value ? ", not '" : "", value ? value : "", value ? "'" : "");
    return -1;
  }
  *out = v;
  (*i)++;
  return 1;
}

void cli_input_path(cli_input *in, const char *path) {
  const char **p = realloc(in->paths, (in->n_paths + 1) * sizeof *p);
  if (!p) {
    fprintf(stderr, "parallax: out of memory\n");
    exit(1);
  }
  p[in->n_paths++] = path;
  in->paths = p;
}

int cli_input_option(cli_input *in, int argc, char **argv, int *i) {
  const char *a = argv[*i];
  if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
    in->quiet = 1;
    return 1;
  }
  if (!strcmp(a, "--progress")) { in->progress = 1; return 1; }
  if (!strcmp(a, "--date-default")) {
    const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;
    char d[11], t[9];
    int64_t ts;
    if (!v || px_date_parse(v, strlen(v), d, t, &ts) != PX_OK) {
      fprintf(stderr, "parallax: --date-default needs a date such as "
                      "2025-10-16%s%s%s\n", v ? ", not '" : "", v ? v : "",
              v ? "'" : "");
      return -1;
    }
    in->date_default = v;
    (*i)++;
    return 1;
  }
  if (!strcmp(a, "--no-progress")) { in->progress = -1; return 1; }
  /* ten million articles held is ample, and gigabytes of memory */
  if (!strcmp(a, "--reorder"))
    return size_option(argc, argv, i, 1, CLI_MAX_REORDER,
                       "a number of articles from 1 to 10M", &in->reorder);
  if (!strcmp(a, "-j") || !strcmp(a, "--jobs"))
    return size_option(argc, argv, i, 1, 1024,
                       "a number of threads from 1 to 1024", &in->jobs);
  /* the analyzer takes texts below 4 GiB; 0 would mean the default */
  if (!strcmp(a, "--max-bytes"))
    return size_option(argc, argv, i, 1, (size_t)4095 << 20,
                       "a size from 1 to 4095M (such as 64M)",
                       &in->max_article_bytes);
  return 0;
}

/* Ends cli_parse with status rc: -1 goes on, anything else frees the paths. */
static int parse_end(cli_input *in, int rc) {
  if (rc < 0) return rc;
  free(in->paths);
  in->paths = NULL;
  return rc;
}

/* Is w a path rather than a word (an article id)? */
static int names_a_path(const char *w) {
  struct stat st;
  return !strcmp(w, "-") || stat(w, &st) == 0;
}

static int check_words_and_input(const char *cmd, cli_input *in) {
  if (in->n_words < in->want_words) {
    fprintf(stderr, "parallax %s: needs %s (see --help)\n", cmd, in->words_what);
    return parse_end(in, CLI_EXIT_USAGE);
  }
  /* "explain ID PATH" would read the path as the second id, then stdin */
  const char *last = in->n_words ? in->words[in->n_words - 1] : NULL;
  if (last && !in->n_paths && names_a_path(last)) {
    fprintf(stderr, "parallax %s: '%s' is a path; %s needs %s\n", cmd, last,
            cmd, in->words_what);
    return parse_end(in, CLI_EXIT_USAGE);
  }
  if (!in->n_paths && isatty(0)) {
    fprintf(stderr,
            "parallax %s: no PATH given and standard input is a terminal:\n"
            "  name files or folders, or - to read standard input (see --help)\n",
            cmd);
    return parse_end(in, CLI_EXIT_USAGE);
  }
  return -1;
}

int cli_parse(const char *cmd, int argc, char **argv, cli_input *in,
              cli_option_fn option, void *opts, void (*help)(FILE *)) {
  for (int i = 1; i < argc; i++) {
    int k = cli_input_option(in, argc, argv, &i);
    if (k == 0 && option) k = option(argc, argv, &i, opts);
    if (k > 0) continue;
    int help_asked = !strcmp(argv[i], "-h") || !strcmp(argv[i], "--help");
    if (k == 0 && !help_asked && (argv[i][0] != '-' || !argv[i][1])) {
      if (in->n_words < in->want_words && in->n_words < 2) in->words[in->n_words++] = argv[i];
      else cli_input_path(in, argv[i]);
      continue;
    }
    if (help_asked) help(stdout);
    else if (k == 0) fprintf(stderr, "parallax %s: unknown option '%s' (see --help)\n", cmd, argv[i]);
    return parse_end(in, help_asked ? CLI_EXIT_OK : CLI_EXIT_USAGE);
  }
  return check_words_and_input(cmd, in);
}

void cli_input_help(FILE *out) {
  fprintf(out,
          "input options:\n"
          "  PATH...           files or folders (read recursively, sorted);\n"
          "                    - reads standard input, as does no PATH when\n"
          "                    input is piped (at a terminal no PATH is an\n"
          "                    error, not a silent wait)\n"
          "  --max-bytes SIZE  skip articles larger than SIZE (default 64M;\n"
          "                    1 to 4095M)\n"
          "  --reorder N       articles held in memory to put the input in\n"
          "                    date order (default 50000, 1 to 10M; commands\n"
          "                    that link articles). Same-time articles are ordered by\n"
          "                    their text, so any order of the same input\n"
          "                    gives the same stories; an article further out\n"
          "                    of order than N is linked late, with a warning,\n"
          "                    and its story may then depend on the order\n"
          "  -j, --jobs N      analyse on N threads (default: the number of\n"
          "                    cores); the output is the same for any N\n"
          "  --date-default DATE  the date of articles that have none (a web\n"
          "                    page without a findable date); without it they\n"
          "                    are skipped and counted as no_date (extract\n"
          "                    writes them with date null)\n"
          "  --progress        progress on stderr (default: when a terminal)\n"
          "  --no-progress     no progress\n"
          "  -q, --quiet       no progress and no summary\n\n");
  cli_exit_help(out);
}

void cli_exit_help(FILE *out) {
  fprintf(out,
          "exit status:\n"
          "  0  done\n"
          "  1  some input was skipped or could not be read (see stderr),\n"
          "     or out of memory\n"
          "  2  bad command line\n"
          "  3  the output could not be written (disk full, ...): incomplete\n");
}

FILE *cli_open_output(const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) fprintf(stderr, "parallax: writing %s: %s\n", path, strerror(errno));
  return f;
}

int cli_close_output(FILE *out, const char *name) {
  int failed = ferror(out);
  errno = 0;
  if (fflush(out) != 0) failed = 1;
  int err = errno;
  if (fclose(out) != 0) {
    failed = 1;
    if (!err) err = errno;
  }
  if (!failed) return 0;
  /* an earlier write failed and its buffer is gone: errno was not kept */
  fprintf(stderr, "parallax: writing %s: %s\n", name,
          err ? strerror(err) : "input/output error");
  return CLI_EXIT_WRITE;
}

static const char *stdin_path[] = {"-"};

/* Prints every diagnostic and counts the errors with whole inputs (those
 * with articles are counted by the reader) for the summary and exit status. */
static void on_diag(const px_diag *d, void *user) {
  cli_input *in = user;
  if (d->severity == PX_ERROR && (d->status == PX_IO || d->status == PX_NOT_FOUND ||
                                  d->status == PX_TRUNCATED))
    in->errors++;
  if (in->progress == 1) fprintf(stderr, "\r\033[K");
  px_diag_print(d, stderr);
}

px_reader *cli_open(cli_input *in) {
  px_reader_opts o = {0};
  o.max_article_bytes = in->max_article_bytes;
  o.on_diag = on_diag;
  o.user = in;
  o.date_default = in->date_default;
  o.keep_undated = in->keep_undated;
  if (in->progress == 0) in->progress = isatty(2) ? 1 : -1;
  if (in->quiet) in->progress = -1;
  const char *const *paths = in->n_paths ? in->paths : stdin_path;
  size_t n_paths = in->n_paths ? in->n_paths : 1;
  if (in->progress == 1) cli_meter_start(in, paths, n_paths);
  px_reader *r = px_reader_open(paths, n_paths, &o);
  if (!r) {
    fprintf(stderr, "parallax: out of memory\n");
    exit(1);
  }
  return r;
}

void cli_dropped(cli_input *in, const px_article *a, px_status st) {
  char msg[256];
  snprintf(msg, sizeof msg, "article '%.160s' dropped: analysis failed: %s",
           a->id, px_strerror(st));
  px_diag d = {PX_ERROR, st, a->file ? a->file : "-", a->line, 0, msg};
  if (in->progress == 1) fprintf(stderr, "\r\033[K");
  px_diag_print(&d, stderr);
  in->dropped++;
  in->dropped_by[st < PX_STATUS_COUNT ? st : PX_NOMEM]++;
}

int cli_finish(cli_input *in, px_reader *r) {
  px_ingest_stats s;
  px_reader_stats(r, &s);
  if (in->progress == 1) fprintf(stderr, "\r\033[K");
  if (!in->quiet) {
    fprintf(stderr, "parallax: read %llu, kept %llu, skipped %llu",
            (unsigned long long)s.read, (unsigned long long)s.kept,
            (unsigned long long)s.skipped);
    const char *sep = " (";
    for (int k = 0; k < PX_STATUS_COUNT; k++) {
      if (!s.by_status[k]) continue;
      fprintf(stderr, "%s%s %llu", sep, px_status_name((px_status)k),
              (unsigned long long)s.by_status[k]);
      sep = ", ";
    }
    if (*sep == ',') fputc(')', stderr);
    if (in->errors)
      fprintf(stderr, "; %zu %s", in->errors,
              cli_plural(in->errors, "file error", "file errors"));
    if (in->dropped) {
      fprintf(stderr, "; dropped in analysis %llu", (unsigned long long)in->dropped);
      const char *dsep = " (";
      for (int k = 0; k < PX_STATUS_COUNT; k++) {
        if (!in->dropped_by[k]) continue;
        fprintf(stderr, "%s%s %llu", dsep, px_status_name((px_status)k),
                (unsigned long long)in->dropped_by[k]);
        dsep = ", ";
      }
      fputc(')', stderr);
    }
    if (s.repaired || s.nul)
      fprintf(stderr, "; repaired invalid UTF-8 in %llu, removed NUL bytes in %llu",
              (unsigned long long)s.repaired, (unsigned long long)s.nul);
    fputc('\n', stderr);
  }
  px_reader_close(r);
  cli_meter_end(in);
  free(in->paths);
  in->paths = NULL;
  return s.skipped || in->errors || in->dropped ? 1 : 0;
}
