/* cli.h — what the subcommands of the parallax command share: the command
 * table, the input options every command takes, the end-of-run summary and
 * progress. The CLI uses only include/parallax.h from the library. */
#ifndef PX_CLI_H
#define PX_CLI_H
#include <stdint.h>
#include <stdio.h>
#include "parallax.h"

/* Exit statuses, as --help and README.md tell them. */
enum {
  CLI_EXIT_OK = 0,
  CLI_EXIT_INPUT = 1, /* some input skipped, a file unreadable, out of memory */
  CLI_EXIT_USAGE = 2, /* a bad command line */
  CLI_EXIT_WRITE = 3  /* the output could not be written: it is incomplete */
};

/* A subcommand: argv[0] is the subcommand's name. Returns the exit status. */
typedef int (*px_cmd_fn)(int argc, char **argv);

int cmd_analyze(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_cluster(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_quotes(int argc, char **argv);
int cmd_entities(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_link(int argc, char **argv);
/* The store's commands (cmd_store.c). */
int cmd_ingest(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_story(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_check(int argc, char **argv);
/* quotes --db FILE --speaker NAME: cmd_quotes hands a line with --db here */
int cmd_quotes_db(int argc, char **argv);
/* In src/serve/ (the HTTP face), linked into the same program. */
int cmd_serve(int argc, char **argv);

/* Options shared by every command that reads articles. */
typedef struct cli_input {
  const char **paths; /* borrowed from argv; owned array (free) */
  size_t n_paths;
  size_t max_article_bytes;
  int quiet;          /* no progress, no summary */
  int progress;       /* progress on stderr (default: when a terminal) */
  size_t errors;      /* file errors: missing, unreadable, truncated */
  size_t reorder;     /* reorder window in articles (0: the default) */
  size_t jobs;        /* analysis threads (0: the number of cores) */
  const char *date_default; /* --date-default, borrowed from argv */
  int keep_undated;   /* the command keeps articles without a date */
  uint64_t dropped;   /* articles dropped in analysis (cli_pipeline_run) */
  uint64_t dropped_by[PX_STATUS_COUNT];
  /* Words a command takes before the paths, such as explain's two ids:
   * the command sets want_words (at most 2) and words_what, which says
   * what they are in errors; cli_parse fills words (borrowed from argv). */
  const char *words[2];
  size_t n_words, want_words;
  const char *words_what;
  struct cli_meter *meter; /* owned: progress state, NULL without progress */
} cli_input;

/* If argv[*i] is an input option (--max-bytes N, --quiet, --progress,
 * --no-progress), consumes it (and its value) and returns 1; returns -1 on a
 * bad value (after printing why), 0 when it is not an input option. */
int cli_input_option(cli_input *in, int argc, char **argv, int *i);

/* A command's own options: returns 1 when argv[*i] (with its value, *i
 * advanced past it) was taken, 0 when it is not the command's, -1 on a bad
 * value after saying why. */
typedef int (*cli_option_fn)(int argc, char **argv, int *i, void *opts);

/* Parses a command line: the shared input options, the leading words and
 * the paths into in, the command's own options through option (may be
 * NULL), -h/--help through help. Missing words, a path where the last
 * word was wanted, and no path when standard input is a terminal (which
 * would wait in silence) are usage errors. Returns -1 when the command
 * should go on, else the exit status to return now (0 after --help, 2 on
 * a usage error, after saying why). */
int cli_parse(const char *cmd, int argc, char **argv, cli_input *in,
              cli_option_fn option, void *opts, void (*help)(FILE *));

/* Adds a positional path. */
void cli_input_path(cli_input *in, const char *path);

/* Opens a reader over the input (stdin when no path was given). */
px_reader *cli_open(cli_input *in);

/* Progress on stderr, now and then, with the share done and the time left
 * when the input's size is known (cli_progress.c). A command tells each
 * article read (a is borrowed for the call), each article done with, and
 * the end of the input (cli_each_in_time_order tells all three). */
void cli_progress_read(const cli_input *in, const px_reader *r, const px_article *a);
void cli_progress_done(const cli_input *in, const px_reader *r);
void cli_progress_input_end(const cli_input *in);
/* Sizes up the input for cli_progress (cli_open calls it when progress is
 * on); cli_meter_end frees what it keeps (cli_finish calls it). */
void cli_meter_start(cli_input *in, const char *const *paths, size_t n);
void cli_meter_end(cli_input *in);

/* Says that article a was dropped because its analysis failed with st
 * (file, line and id named, as every diagnostic) and counts it for the
 * summary's "dropped in analysis" and the exit status: commands that
 * analyse without a pipeline lose no article without both. */
void cli_dropped(cli_input *in, const px_article *a, px_status st);

/* Prints "read N, kept M, skipped K (reason n, ...)" on stderr, closes the
 * reader, frees in->paths, and returns 1 if anything was skipped, else 0. */
int cli_finish(cli_input *in, px_reader *r);

/* run --db FILE: ingests in's paths into the store db, then prints the
 * store's stories in format (text, json, jsonl); all: single-article
 * stories too. Returns the exit status. */
struct cli_input;
int cli_store_run(cli_input *in, const char *db, const char *format, int all);

#define CLI_MAX_REORDER ((size_t)10 << 20) /* "10M" as --reorder reads it */

/* Runs the pipeline over the input: opens the reader, builds a pipeline
 * from o (the command's flags, linking and callbacks; threads and the
 * reorder window come from in), pushes every article, ends it, warns of
 * articles linked late, prints the summary (cli_finish) and closes the
 * reader. *out receives the pipeline (owned: px_pipeline_free) for the
 * report, or NULL. Returns the exit status so far (0, or 1 when articles
 * were skipped or dropped), or -1 after saying it ran out of memory or
 * was stopped. */
int cli_pipeline_run(cli_input *in, const px_pipeline_opts *o,
                     px_pipeline **out);

/* Coverage, for parallax diff and the run report (cli_coverage.c). The
 * records of every linked article (with PX_FEAT_TEXT), by linker index:
 * cli_records_keep is a px_features_fn (user: the cli_records). */
typedef struct cli_records {
  px_features *recs;
  size_t n, cap;
  const px_features **arts; /* scratch: one story's records */
} cli_records;
int cli_records_keep(const px_features *f, size_t index, void *user);
void cli_records_free(cli_records *r);
/* The coverage of story s (px_coverage_compute over its records in
 * linking order): *cv is borrowed from c, r->arts holds the records it
 * indexes until the next call, *n_arts how many (at most
 * PX_COVERAGE_MAX_ARTICLES). */
px_status cli_story_coverage(cli_records *r, px_coverer *c, const px_story *s,
                             px_coverage *cv, size_t *n_arts);
/* The distinct outlets (px_coverage_outlet) of a[0..n) into out (n
 * slots); returns how many. */
size_t cli_outlets(const px_features *const *a, size_t n, const char **out);
/* Does every outlet of outs carry fact f? */
int cli_fact_by_all(const px_coverage *cv, const px_fact *f,
                    const px_features *const *a, const char **outs, size_t no);

/* The options of the commands that link (cluster, link): the linker's,
 * --out FILE and --stories FILE (cli_stories.c). */
typedef struct cli_cluster_opts {
  px_linker_opts linker;
  const char *out, *stories; /* borrowed from argv; NULL: stdout, none */
  const char *model, *pairs; /* --model, --pairs: borrowed from argv */
  px_join_model *loaded;     /* owned between cli_cluster_begin and _end */
  FILE *pairs_f;             /* the same */
  FILE *out_f, *stories_f;   /* the same (out_f may be stdout) */
  px_linker_sink sink;       /* writes them as the linker hands on */
} cli_cluster_opts;
/* Opens --out and --stories and sets the linker's sink to write them,
 * loads --model and opens --pairs into o->linker. Returns 0, or the exit
 * status after a message (what was opened is closed). */
int cli_cluster_begin(const char *cmd, cli_cluster_opts *o);
/* Closes and frees what cli_cluster_begin opened; returns rc, or the exit
 * status of a failed write of an output file when rc was 0. */
int cli_cluster_end(cli_cluster_opts *o, int rc);
/* A cli_option_fn for them, with the command's name for messages. */
int cli_cluster_option(const char *cmd, cli_cluster_opts *o, int argc,
                       char **argv, int *i);
/* Their lines of --help. */
void cli_stories_help(FILE *out);


/* Opens path for writing a command's output, or says why it cannot
 * ("parallax: writing PATH: Permission denied") and returns NULL. */
FILE *cli_open_output(const char *path);

/* Flushes and closes out (main does so for stdout, last of all) and says
 * what failed, "parallax: writing NAME: No space left on
 * device". stdio keeps the first error of any write in the stream, so one
 * check at the end covers every write before it. Returns 0, or
 * CLI_EXIT_WRITE after the message. */
int cli_close_output(FILE *out, const char *name);

/* Prints the text of --help of a command and the shared input options,
 * then the exit statuses. */
void cli_input_help(FILE *out);
/* Prints what each exit status means. */
void cli_exit_help(FILE *out);

/* one when n is 1, else many: "%zu %s", n, cli_plural(n, "story", "stories"). */
const char *cli_plural(uint64_t n, const char *one, const char *many);

/* Parses value, the value of option name of command cmd, as a finite
 * number from lo (or above lo when lo_open) to hi. Else says so, naming
 * the option and its range, and returns -1. */
int cli_parse_number(const char *cmd, const char *name, const char *value,
                     double lo, int lo_open, double hi, double *out);

/* Parses a non-negative size with an optional K/M/G suffix. */
int cli_parse_size(const char *s, size_t *out);
#endif
