/* cmd_link.c — parallax link: the reduce step. Reads feature records
 * (parallax analyze --features, one JSON object a line) from any number
 * of shards, in any order, links them into stories and writes what
 * parallax cluster writes for the same articles, byte for byte.
 *
 * Each shard is read as a stream. analyze --features writes a shard's
 * records in linking order, so the shards are merged by their heads
 * (px_features_order): memory holds one record per shard plus the
 * pipeline's reorder window, whatever the size of the input, and a shard
 * out of order by less than the window is put right there. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"

/* A record line past this is refused: a record holds no text, so even a
 * 64 MiB article gives far less. */
#define MAX_RECORD ((size_t)256 << 20)
/* Records held to put each file in order: a record weighs some 15 KB in
 * memory, and shards come in order from analyze --features already. */
#define LINK_REORDER 4096

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax link [OPTIONS] [FEATURES.jsonl...]\n\n"
          "Links feature records written by 'parallax analyze --features'\n"
          "into stories and writes exactly what 'parallax cluster' writes\n"
          "for the same articles: article_id<TAB>story_id lines, and with\n"
          "--stories the stories. The records may come in any number of\n"
          "files (shards) given in any order; - reads standard input, as\n"
          "does no file when input is piped. A record whose id was linked\n"
          "before is dropped with a message (the first in date order is\n"
          "kept). docs/SCALE.md shows the map and reduce steps on a cluster.\n\n"
          "options:\n");
  cli_stories_help(out);
  fprintf(out,
          "  --reorder N         records held to put the input in date order\n"
          "                      (default 4096): each file should be in date\n"
          "                      order within N records, as analyze --features\n"
          "                      writes it\n"
          "  -q, --quiet         no summary\n"
          "  -h, --help          this help\n\n");
  cli_exit_help(out);
}

typedef struct shard {
  const char *name;   /* borrowed from argv, or "-" */
  FILE *f;            /* NULL once at its end */
  uint64_t line;      /* line of the head record */
  px_features head;   /* the next record, valid when has */
  int has;
} shard;

typedef struct link_state {
  shard *s;
  size_t n;
  size_t *heap;       /* shard indices with a head, by px_features_order */
  size_t n_heap;
  char *buf;
  size_t cap;
  uint64_t records, bad, errors;
} link_state;

static void say(const shard *sh, const char *what) {
  px_diag d = {PX_ERROR, PX_BAD_JSON, sh->name, sh->line, 0, what};
  px_diag_print(&d, stderr);
}

/* Reads the shard's next record into its head; at the end (or a read
 * error, said and counted) closes it. Bad lines are said, counted and
 * passed over. Returns PX_OK or PX_NOMEM. */
static px_status advance(link_state *st, shard *sh) {
  sh->has = 0;
  while (sh->f) {
    errno = 0;
    ssize_t len = getline(&st->buf, &st->cap, sh->f);
    if (len < 0) {
      if (ferror(sh->f)) {
        fprintf(stderr, "parallax link: reading %s: %s\n", sh->name,
                strerror(errno ? errno : EIO));
        st->errors++;
      }
      if (sh->f != stdin) fclose(sh->f);
      sh->f = NULL;
      break;
    }
    sh->line++;
    while (len > 0 && (st->buf[len - 1] == '\n' || st->buf[len - 1] == '\r'))
      len--;
    size_t i = 0;
    while (i < (size_t)len && (st->buf[i] == ' ' || st->buf[i] == '\t')) i++;
    if (i == (size_t)len) continue; /* a blank line is no record */
    st->records++;
    if ((size_t)len > MAX_RECORD) {
      say(sh, "feature record larger than 256 MiB");
      st->bad++;
      continue;
    }
    char err[200];
    px_status ps = px_features_from_json(st->buf, (size_t)len, &sh->head, err,
                                         sizeof err);
    if (ps == PX_NOMEM) return PX_NOMEM;
    if (ps != PX_OK) {
      say(sh, err);
      st->bad++;
      continue;
    }
    sh->has = 1;
    break;
  }
  return PX_OK;
}

static int heap_before(const link_state *st, size_t a, size_t b) {
  int c = px_features_order(&st->s[a].head, &st->s[b].head);
  return c ? c < 0 : a < b;
}

static void heap_down(link_state *st, size_t i) {
  size_t *h = st->heap, n = st->n_heap;
  for (;;) {
    size_t m = i, l = 2 * i + 1, r = l + 1;
    if (l < n && heap_before(st, h[l], h[m])) m = l;
    if (r < n && heap_before(st, h[r], h[m])) m = r;
    if (m == i) return;
    size_t t = h[i];
    h[i] = h[m];
    h[m] = t;
    i = m;
  }
}

static FILE *open_shard(const char *name) {
  if (!strcmp(name, "-")) return stdin;
  struct stat sb;
  if (stat(name, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    errno = EISDIR;
    return NULL;
  }
  return fopen(name, "r");
}

/* Merges the shards into the pipeline. Returns PX_OK or the status that
 * stopped it. */
static px_status merge(link_state *st, px_pipeline *p) {
  for (size_t i = 0; i < st->n; i++) {
    shard *sh = &st->s[i];
    sh->f = open_shard(sh->name);
    if (!sh->f) {
      fprintf(stderr, "parallax link: reading %s: %s\n", sh->name,
              strerror(errno));
      st->errors++;
      continue;
    }
    if (advance(st, sh) != PX_OK) return PX_NOMEM;
    if (sh->has) st->heap[st->n_heap++] = i;
  }
  for (size_t i = st->n_heap / 2; i-- > 0;) heap_down(st, i);
  while (st->n_heap) {
    shard *sh = &st->s[st->heap[0]];
    px_status ps = px_pipeline_push_features(p, &sh->head, sh->name, sh->line);
    if (ps != PX_OK) return ps;
    if (advance(st, sh) != PX_OK) return PX_NOMEM;
    if (!sh->has) st->heap[0] = st->heap[--st->n_heap];
    heap_down(st, 0);
  }
  return PX_OK;
}

typedef struct {
  cli_cluster_opts c;
} link_opts;

static int option(int argc, char **argv, int *i, void *opts) {
  return cli_cluster_option("link", &((link_opts *)opts)->c, argc, argv, i);
}

int cmd_link(int argc, char **argv) {
  cli_input in = {0};
  link_opts o;
  memset(&o, 0, sizeof o);
  int rc = cli_parse("link", argc, argv, &in, option, &o, help);
  if (rc >= 0) return rc;
  rc = cli_cluster_begin("link", &o.c);
  if (rc) {
    free(in.paths);
    return rc;
  }
  static const char *stdin_name[] = {"-"};
  const char **names = in.n_paths ? in.paths : stdin_name;
  size_t n = in.n_paths ? in.n_paths : 1;
  link_state st = {0};
  st.n = n;
  st.s = calloc(n, sizeof *st.s);
  st.heap = calloc(n, sizeof *st.heap);
  px_pipeline_opts po = {0};
  po.link = 1;
  po.linker = &o.c.linker;
  po.threads = 1; /* nothing to analyse */
  po.reorder = in.reorder ? in.reorder : LINK_REORDER;
  px_pipeline *p = st.s && st.heap ? px_pipeline_new(&po) : NULL;
  px_status ps = PX_NOMEM;
  if (p) {
    for (size_t i = 0; i < n; i++) st.s[i].name = names[i];
    ps = merge(&st, p);
    px_status fs = px_pipeline_finish(p);
    if (ps == PX_OK) ps = fs;
  }
  for (size_t i = 0; st.s && i < n; i++) {
    if (st.s[i].f && st.s[i].f != stdin) fclose(st.s[i].f);
    px_features_clear(&st.s[i].head);
  }
  free(st.s);
  free(st.heap);
  free(st.buf);
  free(in.paths);
  if (ps != PX_OK) {
    fprintf(stderr, "parallax link: %s\n", px_strerror(ps));
    px_pipeline_free(p);
    return cli_cluster_end(&o.c, 1);
  }
  px_pipeline_counts c;
  px_pipeline_stats(p, &c);
  if (c.late && !in.quiet)
    fprintf(stderr,
            "parallax: %llu %s came more than %zu %s out of order and\n"
            "  %s linked late: the stories may depend on the order of the\n"
            "  files (--reorder N widens the window)\n",
            (unsigned long long)c.late, cli_plural(c.late, "record", "records"),
            (size_t)po.reorder, cli_plural(po.reorder, "record", "records"),
            cli_plural(c.late, "was", "were"));
  if (!in.quiet) {
    fprintf(stderr, "parallax: read %llu %s from %zu %s, linked %llu",
            (unsigned long long)st.records,
            cli_plural(st.records, "record", "records"), n,
            cli_plural(n, "file", "files"), (unsigned long long)c.linked);
    uint64_t skipped = st.bad + c.dropped;
    if (skipped) {
      fprintf(stderr, ", skipped %llu (", (unsigned long long)skipped);
      const char *sep = "";
      if (st.bad) {
        fprintf(stderr, "bad_json %llu", (unsigned long long)st.bad);
        sep = ", ";
      }
      for (int k = 0; k < PX_STATUS_COUNT; k++)
        if (c.by_status[k]) {
          fprintf(stderr, "%s%s %llu", sep, px_status_name((px_status)k),
                  (unsigned long long)c.by_status[k]);
          sep = ", ";
        }
      fputc(')', stderr);
    }
    if (st.errors)
      fprintf(stderr, "; %llu %s", (unsigned long long)st.errors,
              cli_plural(st.errors, "file error", "file errors"));
    fputc('\n', stderr);
  }
  rc = st.bad || st.errors || c.dropped ? CLI_EXIT_INPUT : CLI_EXIT_OK;
  px_pipeline_free(p);
  return cli_cluster_end(&o.c, rc);
}
