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
  uint32_t canon, copy; /* article indices */
} dup_pair;

static int by_canon(const void *x, const void *y) {
  const dup_pair *a = x, *b = y;
  if (a->canon != b->canon) return a->canon < b->canon ? -1 : 1;
  return a->copy < b->copy ? -1 : a->copy > b->copy;
}

/* The story's near-duplicate groups, each a canonical copy and its
 * reprints, in input order: sorting the (canonical, copy) pairs keeps
 * this O(size log size) for a story of any size. */
static json_t *dup_groups(const px_linker *l, const px_story *s) {
  json_t *groups = json_array();
  dup_pair *p = malloc((s->size + 1) * sizeof *p);
  size_t n = 0;
  if (!p) return groups;
  for (size_t k = 0; k < s->size; k++) {
    px_linked m;
    px_linker_article(l, s->members[k], &m);
    if (m.dup_of != UINT32_MAX) p[n++] = (dup_pair){m.dup_of, s->members[k]};
  }
  qsort(p, n, sizeof *p, by_canon);
  json_t *copies = NULL;
  for (size_t i = 0; i < n; i++) {
    px_linked m, canon;
    if (i == 0 || p[i].canon != p[i - 1].canon) {
      px_linker_article(l, p[i].canon, &canon);
      json_t *g = json_pack("{s:s,s:[]}", "canonical", canon.id, "copies");
      copies = json_object_get(g, "copies");
      json_array_append_new(groups, g);
    }
    px_linker_article(l, p[i].copy, &m);
    json_array_append_new(copies, json_pack("{s:s,s:f,s:b}", "id", m.id,
                                            "jaccard", m.dup_jaccard,
                                            "exact", m.exact_dup));
  }
  free(p);
  return groups;
}

/* The stories absorbed by revisions, as JSON arrays indexed by the id
 * of the story that holds them at the end (max_id + 1 entries). */
static json_t **merges_by_story(const px_linker *l, uint32_t max_id) {
  json_t **by = calloc((size_t)max_id + 1, sizeof *by);
  if (!by) return NULL;
  px_story_revision r;
  for (size_t i = 0; px_linker_revision_at(l, i, &r); i++) {
    if (r.article != SIZE_MAX || r.holder > max_id) continue;
    if (!by[r.holder]) by[r.holder] = json_array();
    json_array_append_new(by[r.holder],
                          json_pack("{s:s,s:I,s:f}", "label", r.from_label,
                                    "size", (json_int_t)r.from_size,
                                    "linkage", r.linkage));
  }
  return by;
}

static json_t *story_json(const px_linker *l, const px_story *s,
                          json_t *merged) {
  json_t *outlets = json_array(), *members = json_array();
  size_t n = px_linker_story_outlets(l, s->id, NULL, 0);
  const char **names = malloc((n + 1) * sizeof *names);
  if (names) {
    px_linker_story_outlets(l, s->id, names, n);
    for (size_t i = 0; i < n; i++)
      json_array_append_new(outlets, json_string(names[i]));
  }
  free(names);
  for (size_t i = 0; i < s->size; i++) {
    px_linked m;
    px_linker_article(l, s->members[i], &m);
    json_array_append_new(members, json_string(m.id));
  }
  return json_pack("{s:I,s:s,s:I,s:o,s:s,s:s,s:o,s:o,s:o}", "id",
                   (json_int_t)s->id, "label", s->label, "size",
                   (json_int_t)s->size, "outlets", outlets, "first_date",
                   s->first_date, "last_date", s->last_date, "members",
                   members, "near_duplicates", dup_groups(l, s), "merged",
                   merged ? merged : json_array());
}

static int write_story_lines(const px_linker *l, const char *path) {
  FILE *f = cli_open_output(path);
  if (!f) return CLI_EXIT_WRITE;
  px_story s;
  uint32_t max_id = 0;
  for (size_t r = 0; px_linker_story(l, r, &s); r++)
    if (s.id > max_id) max_id = s.id;
  json_t **merged = merges_by_story(l, max_id);
  if (!merged) {
    fclose(f);
    return 1;
  }
  for (size_t r = 0; px_linker_story(l, r, &s); r++) {
    json_t *j = story_json(l, &s, merged[s.id]);
    merged[s.id] = NULL;
    json_dumpf(j, f, JSON_COMPACT | JSON_PRESERVE_ORDER |
                         JSON_REAL_PRECISION(4));
    fputc('\n', f);
    json_decref(j);
  }
  for (uint32_t k = 0; k <= max_id; k++) json_decref(merged[k]);
  free(merged);
  return cli_close_output(f, path);
}

static int write_pairs(const px_linker *l, const char *path) {
  FILE *f = path ? cli_open_output(path) : stdout;
  if (!f) return CLI_EXIT_WRITE;
  px_linked m;
  for (size_t i = 0; px_linker_article(l, i, &m); i++)
    fprintf(f, "%s\t%u\n", m.id, m.story);
  return f != stdout ? cli_close_output(f, path) : 0; /* main checks stdout */
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
  if (o->model) {
    char err[512];
    o->loaded = px_join_model_load(o->model, err, sizeof err);
    if (!o->loaded) {
      fprintf(stderr, "parallax %s: --model %s\n", cmd, err);
      return 2;
    }
    o->linker.model = o->loaded;
  }
  if (o->pairs) {
    o->pairs_f = cli_open_output(o->pairs);
    if (!o->pairs_f) {
      px_join_model_free(o->loaded);
      o->loaded = NULL;
      return CLI_EXIT_WRITE;
    }
    o->linker.pairs = o->pairs_f;
  }
  return 0;
}

int cli_cluster_end(cli_cluster_opts *o, int rc) {
  if (o->pairs_f) {
    int w = cli_close_output(o->pairs_f, o->pairs);
    if (w && !rc) rc = w;
    o->pairs_f = NULL;
  }
  px_join_model_free(o->loaded);
  o->loaded = NULL;
  return rc;
}

int cli_write_stories(const px_linker *l, const char *out,
                      const char *stories) {
  int rc = write_pairs(l, out);
  if (stories) {
    int w = write_story_lines(l, stories);
    if (w) rc = w;
  }
  return rc;
}
