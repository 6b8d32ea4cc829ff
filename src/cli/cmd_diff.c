/* cmd_diff.c — parallax diff: how the coverage of each story differs.
 * The articles are grouped into stories (as parallax run does) with their
 * text kept in the records; px_coverage_compute finds the passages each
 * pair shares and, for every fact (sentence), who carries it and who
 * reported it first. This file prints: per story, what every outlet
 * reports, what each outlet alone adds, and what was new each day. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax diff [OPTIONS] [PATH...]\n\n"
          "Groups the articles into stories and, for each story of two\n"
          "articles or more, compares them: the facts (sentences) every\n"
          "outlet reports, those one outlet alone reports, a day-by-day\n"
          "timeline of what was new, and (json) the passages each pair of\n"
          "articles shares with their offsets in both. A fact is carried by\n"
          "another article when a shared passage covers it or one of its\n"
          "sentences holds most of the fact's words, names and numbers and\n"
          "every amount the fact gives (docs/ALGORITHMS.md).\n\n"
          "options:\n"
          "  --format F      text (default) or json (one object per story a line;\n"
          "                  docs/FORMATS.md)\n"
          "  -h, --help      this help\n");
  cli_input_help(out);
}

typedef struct state {
  cli_records recs;
  const char *format;
} state;

static json_t *span_text(const px_features *f, px_span s) {
  return json_stringn(f->text + s.start, s.end - s.start);
}

static void print_fact(const px_features *f, px_span s) {
  printf("    - ");
  for (uint32_t i = s.start; i < s.end; i++)
    putchar(f->text[i] == '\n' || f->text[i] == '\t' ? ' ' : f->text[i]);
  putchar('\n');
}

/* People of the story: persons of the records, names united. */
static json_t *people_json(const px_features *const *a, size_t n) {
  const char **names = NULL;
  size_t *counts = NULL, m = 0, cap = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t e = 0; e < a[i]->n_entities; e++) {
      const px_entity *en = &a[i]->entities[e];
      if (en->type != PX_ENT_PERSON) continue;
      size_t k = 0;
      while (k < m && strcmp(names[k], en->canonical)) k++;
      if (k == m) {
        if (m == cap) {
          cap = cap ? cap * 2 : 32;
          const char **g = realloc(names, cap * sizeof *g);
          size_t *h = g ? realloc(counts, cap * sizeof *h) : NULL;
          if (g) names = g;
          if (!g || !h) { cap = m; break; }
          counts = h;
        }
        names[m] = en->canonical;
        counts[m++] = 0;
      }
      counts[k]++;
    }
  json_t *out = json_array();
  size_t *canon = m ? malloc(m * sizeof *canon) : NULL;
  if (canon) {
    px_names_unify(names, counts, m, canon);
    for (size_t i = 0; i < m; i++)
      if (canon[i] != i) counts[canon[i]] += counts[i], counts[i] = 0;
    for (;;) { /* most mentioned first, ties by name */
      size_t best = m;
      for (size_t i = 0; i < m; i++)
        if (counts[i] && (best == m || counts[i] > counts[best] ||
                          (counts[i] == counts[best] &&
                           strcmp(names[i], names[best]) < 0)))
          best = i;
      if (best == m) break;
      json_array_append_new(out, json_pack("{s:s,s:I}", "name", names[best],
                                           "mentions",
                                           (json_int_t)counts[best]));
      counts[best] = 0;
    }
  }
  free(canon);
  free(names);
  free(counts);
  return out;
}

static json_t *ids_json(const px_coverage *cv, const px_fact *f,
                        const px_features *const *a) {
  json_t *x = json_array();
  for (uint32_t k = 0; k < f->n_carried; k++)
    json_array_append_new(x, json_string(a[cv->carried[f->carried_begin + k]]->id));
  return x;
}

static void story_json(const px_story *s, const px_coverage *cv,
                       const px_features *const *a, size_t n) {
  json_t *o = json_object(), *arts = json_array(), *facts = json_array(),
         *pass = json_array(), *tl = json_array();
  json_object_set_new(o, "story", json_integer(s->id));
  json_object_set_new(o, "label", json_string(s->label));
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arts, json_pack("{s:s,s:o,s:s}", "id", a[i]->id,
                                          "outlet", a[i]->outlet ? json_string(a[i]->outlet) : json_null(),
                                          "date", a[i]->date));
  json_object_set_new(o, "articles", arts);
  for (size_t k = 0; k < cv->n_facts; k++) {
    const px_fact *f = &cv->facts[k];
    const px_features *fa = a[f->article];
    json_array_append_new(
        facts, json_pack("{s:o,s:s,s:I,s:I,s:o,s:s}", "text",
                         span_text(fa, f->span), "article_id", fa->id, "start",
                         (json_int_t)f->span.start, "end",
                         (json_int_t)f->span.end, "carried_by",
                         ids_json(cv, f, a), "first", a[f->first]->id));
  }
  json_object_set_new(o, "facts", facts);
  for (size_t k = 0; k < cv->n_passages; k++) {
    const px_passage *p = &cv->passages[k];
    json_array_append_new(
        pass, json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:o,s:o}", "a",
                        a[p->a]->id, "b", a[p->b]->id, "a_start",
                        (json_int_t)p->in_a.start, "a_end",
                        (json_int_t)p->in_a.end, "b_start",
                        (json_int_t)p->in_b.start, "b_end",
                        (json_int_t)p->in_b.end, "words", (json_int_t)p->words,
                        "text_a", span_text(a[p->a], p->in_a), "text_b",
                        span_text(a[p->b], p->in_b)));
  }
  json_object_set_new(o, "passages", pass);
  /* the timeline: facts by the day their first reporter was dated */
  for (size_t i = 0; i < n; i++) {
    if (i && !strcmp(a[i]->date, a[i - 1]->date)) continue;
    json_t *ids = json_array();
    size_t nf = 0;
    for (size_t j = i; j < n && !strcmp(a[j]->date, a[i]->date); j++) {
      size_t c = 0;
      for (size_t k = 0; k < cv->n_facts; k++) c += cv->facts[k].first == j;
      nf += c;
      if (c) json_array_append_new(ids, json_string(a[j]->id));
    }
    json_array_append_new(tl, json_pack("{s:s,s:I,s:o}", "date", a[i]->date,
                                        "new_facts", (json_int_t)nf,
                                        "articles", ids));
  }
  json_object_set_new(o, "timeline", tl);
  json_object_set_new(o, "people", people_json(a, n));
  json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
  fputc('\n', stdout);
  json_decref(o);
}

static void story_text(const px_story *s, const px_coverage *cv,
                       const px_features *const *a, size_t n) {
  const char **outs = malloc(n * sizeof *outs);
  if (!outs) return;
  size_t no = cli_outlets(a, n, outs);
  printf("story %u: %s (%zu articles, %zu %s)\n", s->id, s->label, n, no,
         cli_plural(no, "outlet", "outlets"));
  size_t shared = 0;
  for (size_t k = 0; k < cv->n_facts; k++)
    shared += cli_fact_by_all(cv, &cv->facts[k], a, outs, no);
  printf("  reported by every outlet (%zu):\n", shared);
  for (size_t k = 0; k < cv->n_facts; k++)
    if (cli_fact_by_all(cv, &cv->facts[k], a, outs, no))
      print_fact(a[cv->facts[k].article], cv->facts[k].span);
  for (size_t o = 0; o < no; o++) {
    size_t c = 0;
    for (size_t k = 0; k < cv->n_facts; k++)
      c += !strcmp(px_coverage_outlet(a[cv->facts[k].article]), outs[o]) &&
           px_fact_alone(cv, &cv->facts[k], a);
    printf("  only %s (%zu):\n", outs[o], c);
    for (size_t k = 0; k < cv->n_facts; k++)
      if (!strcmp(px_coverage_outlet(a[cv->facts[k].article]), outs[o]) &&
          px_fact_alone(cv, &cv->facts[k], a))
        print_fact(a[cv->facts[k].article], cv->facts[k].span);
  }
  printf("  timeline:\n");
  for (size_t i = 0; i < n; i++) {
    if (i && !strcmp(a[i]->date, a[i - 1]->date)) continue;
    size_t nf = 0;
    for (size_t k = 0; k < cv->n_facts; k++)
      nf += !strcmp(a[cv->facts[k].first]->date, a[i]->date);
    printf("    %s  %zu new %s:", a[i]->date, nf, cli_plural(nf, "fact", "facts"));
    const char *last = NULL;
    for (size_t j = i; j < n && !strcmp(a[j]->date, a[i]->date); j++) {
      size_t c = 0;
      for (size_t k = 0; k < cv->n_facts; k++) c += cv->facts[k].first == j;
      if (!c || (last && !strcmp(last, px_coverage_outlet(a[j])))) continue;
      printf("%s %s", last ? "," : "", px_coverage_outlet(a[j]));
      last = px_coverage_outlet(a[j]);
    }
    putchar('\n');
  }
  putchar('\n');
  free(outs);
}

static int option(int argc, char **argv, int *i, void *opts) {
  state *st = opts;
  if (strcmp(argv[*i], "--format")) return 0;
  st->format = *i + 1 < argc ? argv[++*i] : "";
  if (strcmp(st->format, "text") && strcmp(st->format, "json")) {
    fprintf(stderr, "parallax diff: --format is text or json\n");
    return -1;
  }
  return 1;
}

int cmd_diff(int argc, char **argv) {
  cli_input in = {0};
  state st = {0};
  st.format = "text";
  int rc = cli_parse("diff", argc, argv, &in, option, &st, help);
  if (rc >= 0) return rc;
  px_pipeline_opts po = {0};
  po.flags = PX_FEAT_ENTITIES | PX_FEAT_TEXT;
  po.link = 1;
  po.on_features = cli_records_keep;
  po.user = &st.recs;
  px_pipeline *p;
  rc = cli_pipeline_run(&in, &po, &p);
  if (rc < 0) rc = 1;
  const px_linker *l = p ? px_pipeline_linker(p) : NULL;
  px_coverer *cvr = l ? px_coverer_new() : NULL;
  for (uint32_t id = 1; cvr && id <= px_linker_max_story_id(l); id++) {
    px_story s;
    if (!px_linker_story_by_id(l, id, &s) || s.size < 2) continue;
    px_coverage cv;
    size_t n;
    if (cli_story_coverage(&st.recs, cvr, &s, &cv, &n) != PX_OK) {
      fprintf(stderr, "parallax: out of memory\n");
      rc = 1;
      break;
    }
    const px_features *const *arts = st.recs.arts;
    if (!strcmp(st.format, "json")) story_json(&s, &cv, arts, n);
    else story_text(&s, &cv, arts, n);
  }
  px_coverer_free(cvr);
  cli_records_free(&st.recs);
  px_pipeline_free(p);
  return rc;
}
