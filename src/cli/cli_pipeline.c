/* cli_pipeline.c — the commands that read articles run one px_pipeline
 * (order, analyze, link: src/pipeline/); this file opens the input, wires
 * the pipeline's progress to the progress display, and says what the
 * pipeline reports: articles linked late, articles dropped in analysis. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

typedef struct ctx {
  cli_input *in;
  px_reader *r;
  const px_pipeline_opts *cmd; /* the command's callbacks and user */
} ctx;

static int on_features(const px_features *f, size_t index, void *user) {
  const ctx *c = user;
  return c->cmd->on_features(f, index, c->cmd->user);
}

static void on_diag(const px_diag *d, void *user) {
  const ctx *c = user;
  if (c->cmd->on_diag) c->cmd->on_diag(d, c->cmd->user);
  else px_diag_print(d, stderr);
}

static void on_progress(int event, const px_article *a, void *user) {
  const ctx *c = user;
  if (event == PX_PROGRESS_READ) cli_progress_read(c->in, c->r, a);
  else if (event == PX_PROGRESS_DONE) cli_progress_done(c->in, c->r);
  else cli_progress_input_end(c->in);
}

int cli_pipeline_run(cli_input *in, const px_pipeline_opts *cmd,
                     px_pipeline **out) {
  *out = NULL;
  px_reader *r = cli_open(in);
  ctx c = {in, r, cmd};
  px_pipeline_opts o = *cmd;
  o.reorder = in->reorder;
  o.threads = (unsigned)in->jobs;
  o.on_features = cmd->on_features ? on_features : NULL;
  o.on_diag = on_diag;
  o.on_progress = on_progress;
  o.user = &c;
  px_pipeline *p = r ? px_pipeline_new(&o) : NULL;
  px_status st = p ? px_pipeline_run(p, r) : PX_NOMEM;
  if (p) {
    px_status fst = px_pipeline_finish(p);
    if (st == PX_OK) st = fst;
    px_pipeline_counts n;
    px_pipeline_stats(p, &n);
    in->dropped = n.dropped;
    memcpy(in->dropped_by, n.by_status, sizeof in->dropped_by);
    size_t window = in->reorder ? in->reorder : PX_DEFAULT_REORDER;
    if (n.late && !in->quiet)
      fprintf(stderr,
              "parallax: %llu %s came more than %zu %s out of order and\n"
              "  %s linked late, where %s came: the stories may depend on the\n"
              "  input order (--reorder N widens the window)\n",
              (unsigned long long)n.late, cli_plural(n.late, "article", "articles"),
              window, cli_plural(window, "article", "articles"),
              cli_plural(n.late, "was", "were"), cli_plural(n.late, "it", "they"));
  }
  int status = r ? cli_finish(in, r) : 1;
  if (st != PX_OK) {
    fprintf(stderr, "parallax: %s\n",
            st == PX_USAGE ? "stopped" : px_strerror(st));
    px_pipeline_free(p);
    return -1;
  }
  *out = p;
  return status;
}
