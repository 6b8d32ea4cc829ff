/* cmd_run.c — parallax run: the one-shot main job. Reads every article in
 * date order, analyses it, finds its quotations, links it into stories
 * (all in one px_pipeline), and prints the story report: stories by size
 * with their outlets, dates, reprints, the people quoted and how the
 * outlets' coverage differs (cli_coverage.c: facts every outlet reports,
 * what each alone adds, who reported first). --format jsonl gives one
 * JSON object per story instead. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax run [OPTIONS] [PATH...]\n\n"
          "Reads the articles and prints the story report: which articles tell\n"
          "the same story, from which outlets and days, which are reprints,\n"
          "who is quoted, and how the outlets' coverage differs: the facts\n"
          "every outlet reports, what each outlet alone adds (how many, the\n"
          "first two) and who reported first ('parallax diff' has it all).\n\n"
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
  cli_records recs;        /* the articles' records, with their text */
  px_coverer *cov;
} run_state;

/* How a story's coverage differs, in short: the facts every outlet
 * reports, what each outlet alone adds (how many, the first two), and
 * who reported first. Stories told by one outlet have none; an article
 * that names no outlet counts as its own, as in parallax diff. */
typedef struct summary {
  size_t shared, n_outlets;
  const char *outlets[16];
  size_t alone[16];
  const px_fact *examples[16][2];
  const px_features *first;
  px_coverage cv;
  const px_features *const *arts;
} summary;

static int summarise(run_state *st, const px_story *s, summary *sm) {
  memset(sm, 0, sizeof *sm);
  size_t n;
  if (s->size < 2 || !st->cov ||
      cli_story_coverage(&st->recs, st->cov, s, &sm->cv, &n) != PX_OK || !n)
    return 0;
  const px_features *const *a = st->recs.arts;
  const char **outs = malloc(n * sizeof *outs);
  if (!outs) return 0;
  size_t no = cli_outlets(a, n, outs); /* an article without one counts alone */
  if (no < 2) {
    free(outs);
    return 0;
  }
  sm->arts = a;
  sm->first = a[0];
  sm->n_outlets = no < 16 ? no : 16;
  for (size_t o = 0; o < sm->n_outlets; o++) sm->outlets[o] = outs[o];
  for (size_t k = 0; k < sm->cv.n_facts; k++) {
    const px_fact *f = &sm->cv.facts[k];
    sm->shared += cli_fact_by_all(&sm->cv, f, a, outs, no);
    if (!px_fact_alone(&sm->cv, f, a)) continue;
    for (size_t o = 0; o < sm->n_outlets; o++) {
      if (strcmp(px_coverage_outlet(a[f->article]), outs[o])) continue;
      if (sm->alone[o] < 2) sm->examples[o][sm->alone[o]] = f;
      sm->alone[o]++;
    }
  }
  free(outs);
  return 1;
}

/* A fact's first words: at most max bytes, cut at a space, white space
 * made single spaces, "..." when cut. */
static void fact_snippet(const px_features *f, const px_fact *x, char *out,
                         size_t max) {
  size_t k = 0, last_space = 0, cut = 0;
  for (uint32_t i = x->span.start; i < x->span.end; i++) {
    char ch = f->text[i];
    if (ch == '\n' || ch == '\t' || ch == '\r') ch = ' ';
    if (ch == ' ' && k && out[k - 1] == ' ') continue;
    if (k + 4 >= max) { cut = 1; break; }
    if (ch == ' ') last_space = k;
    out[k++] = ch;
  }
  if (cut && last_space) k = last_space;
  if (cut) memcpy(out + k, "...", 3), k += 3;
  out[k] = '\0';
}

static void print_coverage_text(const summary *sm) {
  printf("  coverage: %zu %s reported by every outlet; first reported by %s "
         "(%s, %s)\n",
         sm->shared, cli_plural(sm->shared, "fact", "facts"),
         px_coverage_outlet(sm->first), sm->first->date, sm->first->id);
  for (size_t o = 0; o < sm->n_outlets; o++) {
    if (!sm->alone[o]) continue;
    printf("    only %s (%zu):", sm->outlets[o], sm->alone[o]);
    for (size_t e = 0; e < 2 && e < sm->alone[o]; e++) {
      char buf[72];
      const px_fact *f = sm->examples[o][e];
      fact_snippet(sm->arts[f->article], f, buf, sizeof buf);
      printf("%s \"%s\"", e ? ";" : "", buf);
    }
    printf("\n");
  }
}

static json_t *coverage_json(const summary *sm) {
  json_t *only = json_array();
  for (size_t o = 0; o < sm->n_outlets; o++) {
    if (!sm->alone[o]) continue;
    json_t *ex = json_array();
    for (size_t e = 0; e < 2 && e < sm->alone[o]; e++) {
      const px_fact *f = sm->examples[o][e];
      const px_features *fa = sm->arts[f->article];
      json_array_append_new(ex, json_stringn(fa->text + f->span.start,
                                             f->span.end - f->span.start));
    }
    json_array_append_new(only, json_pack("{s:s,s:I,s:o}", "outlet",
                                          sm->outlets[o], "facts",
                                          (json_int_t)sm->alone[o], "first",
                                          ex));
  }
  return json_pack("{s:I,s:o,s:{s:s,s:o,s:s}}", "shared_facts",
                   (json_int_t)sm->shared, "only", only, "first_reported",
                   "article_id", sm->first->id, "outlet",
                   sm->first->outlet ? json_string(sm->first->outlet)
                                     : json_null(),
                   "date", sm->first->date);
}

/* Prints story s as the number-th of the report: numbered as shown, not by
 * its id (the order of first articles), which reads as a jumble. */
static void print_story_text(run_state *st, const px_story *s,
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
  summary sm;
  if (summarise(st, s, &sm)) print_coverage_text(&sm);
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

static json_t *story_json(run_state *st, const px_story *s) {
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
  summary sm;
  json_object_set_new(o, "coverage",
                      summarise(st, s, &sm) ? coverage_json(&sm) : json_null());
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

static void report(run_state *st, const char *format, int all) {
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
  po.flags = PX_FEAT_QUOTES | PX_FEAT_ENTITIES | PX_FEAT_TEXT;
  run_state st = {0};
  po.on_features = cli_records_keep;
  po.user = &st.recs;
  int status = cli_pipeline_run(&in, &po, &st.p);
  if (status < 0) {
    cli_records_free(&st.recs);
    return 1;
  }
  st.linker = px_pipeline_linker(st.p);
  st.cov = px_coverer_new();
  report(&st, o.format, o.all);
  px_coverer_free(st.cov);
  cli_records_free(&st.recs);
  px_pipeline_free(st.p);
  return status;
}
