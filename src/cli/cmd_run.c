/* cmd_run.c — parallax run: the one-shot main job. Reads every article in
 * date order, analyses it, finds its quotations, links it into stories
 * (all in one px_pipeline), and prints the story report: stories by size
 * with their outlets, dates, reprints and the people quoted. --format jsonl gives one JSON object per
 * story instead. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax run [OPTIONS] [PATH...]\n\n"
          "Reads the articles and prints the story report: which articles tell\n"
          "the same story, from which outlets and days, which are reprints, and\n"
          "who is quoted.\n\n"
          "options:\n"
          "  --format F      text (default), json (one array) or jsonl (a story a line)\n"
          "  --all           list single-article stories too\n"
          "  --db FILE       keep the results in a store (as parallax ingest)\n"
          "                  and report every story of it\n"
          "  -h, --help      this help\n\n"
          "The text report numbers stories as it shows them, largest first;\n"
          "json and jsonl give each story's id as 'parallax cluster' does.\n\n");
  cli_input_help(out);
}

typedef struct run_state {
  px_pipeline *p;
  const px_linker *linker; /* borrowed from p */
} run_state;

/* Prints story s as the number-th of the report: numbered as shown, not by
 * its id (the order of first articles), which reads as a jumble. */
static void print_story_text(const run_state *st, const px_story *s,
                             size_t number) {
  const px_linker *l = st->linker;
  printf("\nstory %zu: %s\n", number, s->label ? s->label : "(no headline)");
  printf("  %zu %s, %zu %s, %s", s->size, cli_plural(s->size, "article", "articles"),
         s->n_outlets, cli_plural(s->n_outlets, "outlet", "outlets"), s->first_date);
  if (strcmp(s->first_date, s->last_date)) printf(" to %s", s->last_date);
  printf("\n");
  const char *outlets[12];
  size_t no = px_linker_story_outlets(l, s->id, outlets, 12);
  if (no) {
    printf("  outlets:");
    for (size_t i = 0; i < no && i < 12; i++) printf("%s %s", i ? "," : "", outlets[i]);
    if (no > 12) printf(", and %zu more", no - 12);
    printf("\n");
  }
  size_t nt;
  px_speaker_count *t = px_pipeline_story_speakers(st->p, s->id, &nt);
  if (nt) {
    printf("  quoted:");
    for (size_t i = 0; i < nt && i < 6; i++)
      printf("%s %s (%zu)", i ? "," : "", t[i].name, t[i].quotes);
    printf("\n");
  }
  free(t);
  for (size_t m = 0; m < s->size; m++) {
    px_linked a;
    px_linker_article(l, s->members[m], &a);
    printf("    %s  %-22.22s  %s", a.date, a.outlet ? a.outlet : "-", a.id);
    if (a.dup_of != UINT32_MAX) {
      px_linked c;
      px_linker_article(l, a.dup_of, &c);
      printf("  reprint of %s (%s %.2f)", c.id, a.exact_dup ? "exact" : "Jaccard",
             a.dup_jaccard);
    }
    printf("\n");
  }
}

static json_t *story_json(const run_state *st, const px_story *s) {
  const px_linker *l = st->linker;
  json_t *o = json_object(), *members = json_array(), *outs = json_array(),
         *quoted = json_array();
  json_object_set_new(o, "story", json_integer(s->id));
  json_object_set_new(o, "label", s->label ? json_string(s->label) : json_null());
  json_object_set_new(o, "size", json_integer((json_int_t)s->size));
  json_object_set_new(o, "first_date", json_string(s->first_date));
  json_object_set_new(o, "last_date", json_string(s->last_date));
  size_t no = px_linker_story_outlets(l, s->id, NULL, 0);
  const char **names = no ? malloc(no * sizeof *names) : NULL;
  if (names) px_linker_story_outlets(l, s->id, names, no);
  for (size_t i = 0; names && i < no; i++) json_array_append_new(outs, json_string(names[i]));
  free(names);
  json_object_set_new(o, "outlets", outs);
  size_t nt;
  px_speaker_count *t = px_pipeline_story_speakers(st->p, s->id, &nt);
  for (size_t i = 0; i < nt; i++)
    json_array_append_new(quoted, json_pack("{s:s,s:I}", "speaker", t[i].name,
                                            "quotes", (json_int_t)t[i].quotes));
  free(t);
  json_object_set_new(o, "quoted", quoted);
  for (size_t m = 0; m < s->size; m++) {
    px_linked a, c;
    px_linker_article(l, s->members[m], &a);
    json_t *j = json_pack("{s:s,s:s,s:o}", "id", a.id, "date", a.date, "outlet",
                          a.outlet ? json_string(a.outlet) : json_null());
    if (a.dup_of != UINT32_MAX && px_linker_article(l, a.dup_of, &c)) {
      json_object_set_new(j, "reprint_of", json_string(c.id));
      json_object_set_new(j, "jaccard", json_real(a.dup_jaccard));
    }
    json_array_append_new(members, j);
  }
  json_object_set_new(o, "articles", members);
  return o;
}

static void print_summary(const run_state *st) {
  const px_linker *l = st->linker;
  size_t n = px_linker_n_articles(l), ns = px_linker_n_stories(l), multi = 0, dups = 0;
  px_story s;
  for (size_t r = 0; px_linker_story(l, r, &s); r++) multi += s.size > 1;
  px_linked a;
  for (size_t i = 0; px_linker_article(l, i, &a); i++) dups += a.dup_of != UINT32_MAX;
  printf("parallax %s: %zu %s in %zu %s (%zu told by more than one article), "
         "%zu %s\n",
         PX_VERSION, n, cli_plural(n, "article", "articles"), ns,
         cli_plural(ns, "story", "stories"), multi, dups,
         cli_plural(dups, "reprint", "reprints"));
}

static void report(const run_state *st, const char *format, int all) {
  const px_linker *l = st->linker;
  px_story s;
  int text = !strcmp(format, "text"), array = !strcmp(format, "json");
  json_t *arr = array ? json_array() : NULL;
  if (text) print_summary(st);
  size_t singles = 0;
  for (size_t r = 0; px_linker_story(l, r, &s); r++) {
    if (s.size == 1 && !all) { singles++; continue; }
    if (text) { print_story_text(st, &s, r + 1); continue; }
    json_t *o = story_json(st, &s);
    if (array) { json_array_append_new(arr, o); continue; }
    json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3));
    fputc('\n', stdout);
    json_decref(o);
  }
  if (text && singles)
    printf("\n%zu more %s of a single article (--all lists them)\n", singles,
           cli_plural(singles, "story", "stories"));
  if (array) {
    json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3));
    fputc('\n', stdout);
    json_decref(arr);
  }
}

typedef struct {
  const char *format;
  int all;
  const char *db;
} run_opts;

static int option(int argc, char **argv, int *i, void *opts) {
  run_opts *o = opts;
  if (!strcmp(argv[*i], "--all")) return o->all = 1;
  if (!strcmp(argv[*i], "--db")) {
    if (*i + 1 >= argc) {
      fprintf(stderr, "parallax run: --db needs a file name\n");
      return -1;
    }
    o->db = argv[++*i];
    return 1;
  }
  if (strcmp(argv[*i], "--format")) return 0;
  o->format = *i + 1 < argc ? argv[++*i] : "";
  if (strcmp(o->format, "text") && strcmp(o->format, "json") && strcmp(o->format, "jsonl")) {
    fprintf(stderr, "parallax run: --format is text, json or jsonl\n");
    return -1;
  }
  return 1;
}

int cmd_run(int argc, char **argv) {
  cli_input in = {0};
  run_opts o = {"text", 0, NULL};
  int prc = cli_parse("run", argc, argv, &in, option, &o, help);
  if (prc >= 0) return prc;
  if (o.db) return cli_store_run(&in, o.db, o.format, o.all);
  px_pipeline_opts po = {0};
  po.link = 1;
  po.flags = PX_FEAT_QUOTES;
  run_state st = {NULL, NULL};
  int status = cli_pipeline_run(&in, &po, &st.p);
  if (status < 0) return 1;
  st.linker = px_pipeline_linker(st.p);
  report(&st, o.format, o.all);
  px_pipeline_free(st.p);
  return status;
}
