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
  {"explain", cmd_explain, "why two articles are, or are not, one story"},
  {"quotes", cmd_quotes, "quotations with speakers as JSON Lines"},
  {"eval", cmd_eval, "score predictions against gold files"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out) {
  fprintf(out,
          "usage: parallax COMMAND [OPTIONS] [PATH...]\n\n"
          "parallax reads dated news articles (dated text, JSON Lines, CSV,\n"
          "optionally .gz or .zst; folders recursively; - for stdin) and tells\n"
          "which tell the same story, who said what, and how outlets differ.\n\n"
          "commands:\n");
  for (size_t i = 0; i < N_COMMANDS; i++)
    fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fprintf(out, "\n'parallax COMMAND --help' for a command's options; "
               "'parallax --version'.\n\n");
  cli_exit_help(out);
}

static int dispatch(int argc, char **argv) {
  if (argc < 2) { usage(stderr); return 2; }
  const char *c = argv[1];
  if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(c, "--version") || !strcmp(c, "-V")) {
    printf("parallax %s\n", PX_VERSION);
    return 0;
  }
  for (size_t i = 0; i < N_COMMANDS; i++)
    if (!strcmp(c, commands[i].name)) return commands[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "parallax: unknown command '%s'\n\n", c);
  usage(stderr);
  return 2;
}

/* Every command writes to stdout through stdio, which holds the first
 * write error; checking it here, once, covers them all. */
int main(int argc, char **argv) {
  int rc = dispatch(argc, argv);
  int written = cli_close_output(stdout, "standard output");
  return written ? written : rc;
}
