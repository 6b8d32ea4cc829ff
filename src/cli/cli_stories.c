/* cli_stories.c — what parallax cluster and parallax link share: the
 * linker's options, and the two outputs, article_id<TAB>story_id lines
 * and with --stories one JSON object per story (label, size, outlets,
 * dates, members, near-duplicate groups, merges; docs/FORMATS.md). Link
 * over feature records writes these byte for byte as cluster does. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

void cli_stories_help(FILE *out) {
  fprintf(out,
          "  --out FILE          write the lines to FILE (default stdout)\n"
          "  --stories FILE      one JSON object per story, largest first:\n"
          "                      label, outlets, dates, members, near-\n"
          "                      duplicate groups, stories merged into it\n"
          "  --threshold X       average probability of one story (by the\n"
          "                      join model) that joins an article to a\n"
          "                      story or merges two (default 0.4)\n"
          "  --dup-jaccard X     Jaccard of a near-duplicate (default 0.5)\n"
          "  --window DAYS       days an article stays comparable with\n"
          "                      later ones (7)\n"
          "  --horizon DAYS      days during which an article's story may\n"
          "                      be revised (2; at most the window)\n"
          "  --model FILE        the join model's weights (the format of\n"
          "                      src/link/join_model.def; default: built in)\n"
          "  --pairs FILE        write every pair of articles scored, with\n"
          "                      its features (for scripts/train_join.py)\n");
}

/* Parses "--name VALUE" options of the linker; 1 consumed, -1 bad, 0 not
 * one of them. */
static int linker_option(const char *cmd, px_linker_opts *o, int argc,
                         char **argv, int *i) {
  const char *name = argv[*i];
  double *dst = !strcmp(name, "--threshold")     ? &o->threshold
                : !strcmp(name, "--dup-jaccard") ? &o->dup_jaccard
                                                 : NULL;
  int64_t *days = !strcmp(name, "--window")    ? &o->window
                  : !strcmp(name, "--horizon") ? &o->horizon
                                               : NULL;
  if (!dst && !days) return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "parallax %s: %s needs a value\n", cmd, name);
    return -1;
  }
  double v;
  /* probabilities and Jaccards are at most 1; 0 would mean the default.
   * A window past a century is no window, and its seconds stay in int64 */
  if (cli_parse_number(cmd, name, argv[++*i], 0, 1, days ? 36500 : 1, &v))
    return -1;
  if (days) *days = (int64_t)(v * 86400);
  else *dst = v;
  return 1;
}

typedef struct {
  uint32_t canon, copy; /* positions in the story's member list */
  size_t canon_ix;      /* the canonical copy's linker index */
} dup_pair;

static int by_canon(const void *x, const void *y) {
  const dup_pair *a = x, *b = y;
  if (a->canon_ix != b->canon_ix) return a->canon_ix < b->canon_ix ? -1 : 1;
  return a->copy < b->copy ? -1 : a->copy > b->copy;
}

/* The story's near-duplicate groups, each a canonical copy and its
 * reprints, in input order: sorting the (canonical, copy) pairs keeps
 * this O(size log size) for a story of any size. */
static json_t *dup_groups(const px_final_story *s) {
  json_t *groups = json_array();
  size_t size = s->story.size;
  dup_pair *p = malloc((size + 1) * sizeof *p);
  size_t n = 0;
  if (!p) return groups;
  for (size_t k = 0; k < size; k++)
    if (s->members[k].dup_of != UINT32_MAX)
      p[n++] = (dup_pair){0, (uint32_t)k, s->members[k].dup_of};
  qsort(p, n, sizeof *p, by_canon);
  json_t *copies = NULL;
  for (size_t i = 0; i < n; i++) {
    const px_story_member *m = &s->members[p[i].copy];
    if (i == 0 || p[i].canon_ix != p[i - 1].canon_ix) {
      json_t *g = json_pack("{s:s,s:[]}", "canonical",
                            m->dup_of_id ? m->dup_of_id : "", "copies");
      copies = json_object_get(g, "copies");
      json_array_append_new(groups, g);
    }
    json_array_append_new(copies, json_pack("{s:s,s:f,s:b}", "id", m->id,
                                            "jaccard", m->dup_jaccard,
                                            "exact", m->exact_dup));
  }
  free(p);
  return groups;
}

static json_t *story_json(const px_final_story *f) {
  const px_story *s = &f->story;
  json_t *outlets = json_array(), *members = json_array(),
         *merged = json_array();
  for (size_t i = 0; i < s->n_outlets; i++)
    json_array_append_new(outlets, json_string(f->outlets[i]));
  for (size_t i = 0; i < s->size; i++)
    json_array_append_new(members, json_string(f->members[i].id));
  for (size_t i = 0; i < f->n_merged; i++)
    json_array_append_new(merged,
                          json_pack("{s:s,s:I,s:f}", "label",
                                    f->merged[i].label, "size",
                                    (json_int_t)f->merged[i].size, "linkage",
                                    f->merged[i].linkage));
  return json_pack("{s:I,s:s,s:I,s:o,s:s,s:s,s:o,s:o,s:o}", "id",
                   (json_int_t)s->id, "label", s->label, "size",
                   (json_int_t)s->size, "outlets", outlets, "first_date",
                   s->first_date, "last_date", s->last_date, "members",
                   members, "near_duplicates", dup_groups(f), "merged",
                   merged);
}

/* The sink's two ends: each article's line as soon as its story is final,
 * each story as soon as it is closed (docs/FORMATS.md). */
static int on_article(const px_linked *a, void *user) {
  cli_cluster_opts *o = user;
  return fprintf(o->out_f, "%s\t%u\n", a->id, a->story) < 0;
}

static int on_stories(const px_final_story *s, size_t n, void *user) {
  cli_cluster_opts *o = user;
  if (!o->stories_f) return 0;
  for (size_t k = 0; k < n; k++) {
    json_t *j = story_json(&s[k]);
    if (!j) return 1;
    int rc = json_dumpf(j, o->stories_f, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                             JSON_REAL_PRECISION(4));
    json_decref(j);
    if (rc || fputc('\n', o->stories_f) == EOF) return 1;
  }
  return 0;
}

int cli_cluster_option(const char *cmd, cli_cluster_opts *o, int argc,
                       char **argv, int *i) {
  int k = linker_option(cmd, &o->linker, argc, argv, i);
  if (k) return k;
  const char **dst = !strcmp(argv[*i], "--out")       ? &o->out
                    : !strcmp(argv[*i], "--stories") ? &o->stories
                    : !strcmp(argv[*i], "--model")   ? &o->model
                    : !strcmp(argv[*i], "--pairs")   ? &o->pairs
                                                     : NULL;
  if (!dst) return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "parallax %s: %s needs a file name\n", cmd, argv[*i]);
    return -1;
  }
  *dst = argv[++*i];
  return 1;
}

int cli_cluster_begin(const char *cmd, cli_cluster_opts *o) {
  o->out_f = o->out ? cli_open_output(o->out) : stdout;
  if (!o->out_f) return CLI_EXIT_WRITE;
  if (o->stories && !(o->stories_f = cli_open_output(o->stories))) {
    cli_cluster_end(o, 0);
    return CLI_EXIT_WRITE;
  }
  o->sink = (px_linker_sink){on_article, on_stories, o};
  o->linker.sink = &o->sink;
  if (o->model) {
    char err[512];
    o->loaded = px_join_model_load(o->model, err, sizeof err);
    if (!o->loaded) {
      fprintf(stderr, "parallax %s: --model %s\n", cmd, err);
      cli_cluster_end(o, 0);
      return 2;
    }
    o->linker.model = o->loaded;
  }
  if (o->pairs) {
    o->pairs_f = cli_open_output(o->pairs);
    if (!o->pairs_f) {
      cli_cluster_end(o, 0);
      return CLI_EXIT_WRITE;
    }
    o->linker.pairs = o->pairs_f;
  }
  return 0;
}

int cli_cluster_end(cli_cluster_opts *o, int rc) {
  if (o->out_f && o->out_f != stdout) { /* main checks stdout */
    int w = cli_close_output(o->out_f, o->out);
    if (w && !rc) rc = w;
  }
  o->out_f = NULL;
  if (o->stories_f) {
    int w = cli_close_output(o->stories_f, o->stories);
    if (w && !rc) rc = w;
    o->stories_f = NULL;
  }
  if (o->pairs_f) {
    int w = cli_close_output(o->pairs_f, o->pairs);
    if (w && !rc) rc = w;
    o->pairs_f = NULL;
  }
  px_join_model_free(o->loaded);
  o->loaded = NULL;
  return rc;
}
