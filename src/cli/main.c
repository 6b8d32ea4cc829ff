/* main.c — the parallax command: dispatches to one file per subcommand. */
#include <stdio.h>
#include <string.h>
#include "cli.h"

static const struct {
  const char *name;
  px_cmd_fn fn;
  const char *summary;
} commands[] = {
  {"run", cmd_run, "read articles and print the story report"},
  {"analyze", cmd_analyze, "per-article analysis as JSON Lines"},
  {"cluster", cmd_cluster, "group articles into stories (id<TAB>story)"},
  {"link", cmd_link, "link feature records into stories (the reduce step)"},
  {"explain", cmd_explain, "why two articles are, or are not, one story"},
  {"quotes", cmd_quotes, "quotations with speakers as JSON Lines"},
  {"entities", cmd_entities, "people, places and organisations per story"},
  {"diff", cmd_diff, "how the coverage of each story differs"},
  {"eval", cmd_eval, "score predictions against gold files"},
  {"extract", cmd_extract, "articles as the reader sees them (JSON Lines)"},
  {"ingest", cmd_ingest, "analyse and link articles into a store (--db)"},
  {"stories", cmd_stories, "the stories of a store, newest or largest first"},
  {"story", cmd_story, "one story of a store: articles, reprints, statements"},
  {"search", cmd_search, "full-text search of a store (FTS5, bm25)"},
  {"export", cmd_export, "a store's articles, stories or quotes as jsonl/csv/tsv"},
  {"check", cmd_check, "check a store's integrity"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out) {
  fprintf(out,
          "usage: parallax COMMAND [OPTIONS] [PATH...]\n\n"
          "parallax reads dated news articles (dated text, JSON Lines, CSV,\n"
          "HTML pages, WARC crawls, RSS/Atom feeds, optionally .gz or .zst;\n"
          "folders recursively; - for stdin) and tells\n"
          "which tell the same story, who said what, and how outlets differ.\n\n"
          "commands:\n");
  for (size_t i = 0; i < N_COMMANDS; i++)
    fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fprintf(out, "\n'parallax help COMMAND' (or COMMAND --help) for a command's "
               "options;\n'parallax version' (or --version) for the version.\n\n");
  cli_exit_help(out);
}

/* Edit distance of two short words (insertions, deletions, substitutions
 * and swaps of neighbours), or more than max when it passes max: enough to
 * catch "runn", "clsuter" and "quote". */
static size_t distance(const char *a, const char *b, size_t max) {
  size_t na = strlen(a), nb = strlen(b);
  if (na > 32 || nb > 32) return max + 1;
  size_t d[33][33];
  for (size_t i = 0; i <= na; i++) d[i][0] = i;
  for (size_t j = 0; j <= nb; j++) d[0][j] = j;
  for (size_t i = 1; i <= na; i++)
    for (size_t j = 1; j <= nb; j++) {
      size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
      if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          d[i - 2][j - 2] + 1 < best)
        best = d[i - 2][j - 2] + 1;
      d[i][j] = best;
    }
  return d[na][nb];
}

/* The command closest to a mistyped one, or NULL when none is close: at
 * most two edits, and fewer than the word's length (so "x" suggests
 * nothing). */
static const char *closest_command(const char *typed) {
  const char *best = NULL;
  size_t best_d = 3, len = strlen(typed);
  for (size_t i = 0; i < N_COMMANDS; i++) {
    size_t d = distance(typed, commands[i].name, 2);
    if (d < best_d && d < len) {
      best = commands[i].name;
      best_d = d;
    }
  }
  return best;
}

static int unknown_command(const char *c) {
  const char *near = closest_command(c);
  if (near)
    fprintf(stderr, "parallax: unknown command '%s'; did you mean '%s'?\n", c, near);
  else
    fprintf(stderr, "parallax: unknown command '%s'\n", c);
  fprintf(stderr, "'parallax --help' lists the commands.\n");
  return CLI_EXIT_USAGE;
}

static px_cmd_fn find_command(const char *name) {
  for (size_t i = 0; i < N_COMMANDS; i++)
    if (!strcmp(name, commands[i].name)) return commands[i].fn;
  return NULL;
}

static int dispatch(int argc, char **argv) {
  if (argc < 2) { usage(stderr); return CLI_EXIT_USAGE; }
  const char *c = argv[1];
  if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) {
    if (argc < 3) {
      usage(stdout);
      return CLI_EXIT_OK;
    }
    /* help COMMAND: the command's own --help */
    px_cmd_fn fn = find_command(argv[2]);
    if (!fn) return unknown_command(argv[2]);
    char help_flag[] = "--help";
    char *help_argv[] = {argv[2], help_flag, NULL};
    return fn(2, help_argv);
  }
  if (!strcmp(c, "--version") || !strcmp(c, "-V") || !strcmp(c, "version")) {
    printf("parallax %s\n", PX_VERSION);
    return CLI_EXIT_OK;
  }
  px_cmd_fn fn = find_command(c);
  return fn ? fn(argc - 1, argv + 1) : unknown_command(c);
}

/* Every command writes to stdout through stdio, which holds the first
 * write error; checking it here, once, covers them all. */
int main(int argc, char **argv) {
  int rc = dispatch(argc, argv);
  int written = cli_close_output(stdout, "standard output");
  return written ? written : rc;
}
