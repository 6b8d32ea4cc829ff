/* cmd_cluster.c — parallax cluster: groups articles into stories and
 * writes "article_id<TAB>story_id" lines, and with --stories one JSON
 * object per story (label, size, outlets, dates, members, near-duplicate
 * groups). The pipeline (px_pipeline) does the work; cli_stories.c writes
 * what the linker hands on as it goes (what parallax link writes too). */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax cluster [OPTIONS] [PATH...]\n\n"
          "Groups articles (in date order) into stories across outlets and\n"
          "days and marks reprints. Writes article_id<TAB>story_id lines.\n\n"
          "options:\n");
  cli_stories_help(out);
  fprintf(out, "  -h, --help          this help\n\n");
  cli_input_help(out);
}

static int option(int argc, char **argv, int *i, void *opts) {
  return cli_cluster_option("cluster", opts, argc, argv, i);
}

int cmd_cluster(int argc, char **argv) {
  cli_input in = {0};
  cli_cluster_opts o;
  memset(&o, 0, sizeof o);
  int rc = cli_parse("cluster", argc, argv, &in, option, &o, help);
  if (rc >= 0) return rc;
  rc = cli_cluster_begin("cluster", &o);
  if (rc) {
    free(in.paths);
    return rc;
  }
  px_pipeline_opts po = {0};
  po.link = 1;
  po.linker = &o.linker;
  px_pipeline *p;
  rc = cli_pipeline_run(&in, &po, &p);
  if (rc < 0) return cli_cluster_end(&o, 1);
  px_pipeline_free(p);
  return cli_cluster_end(&o, rc);
}
