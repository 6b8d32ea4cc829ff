/* cmd_run.c — parallax run: the one-shot main job. Reads every article,
 * analyses it, and prints a readable report: what was read, from which
 * outlets and days. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax run [OPTIONS] [PATH...]\n\n"
          "Reads the articles and prints the report: articles, outlets,\n"
          "dates, sentences.\n\n"
          "options:\n"
          "  -h, --help      this help\n");
  cli_input_help(out);
}

/* Outlets counted in an open-addressing table keyed by name. */
typedef struct {
  char *name;
  size_t count;
} outlet_count;

typedef struct {
  outlet_count *slots;
  size_t cap, n;
} outlet_table;

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static void outlet_add(outlet_table *t, const char *name) {
  if (2 * (t->n + 1) > t->cap) {
    outlet_table g = {calloc(t->cap ? t->cap * 2 : 64, sizeof *g.slots),
                      t->cap ? t->cap * 2 : 64, 0};
    if (!g.slots) return;
    for (size_t i = 0; i < t->cap; i++) {
      if (!t->slots[i].name) continue;
      size_t j = hash_str(t->slots[i].name) & (g.cap - 1);
      while (g.slots[j].name) j = (j + 1) & (g.cap - 1);
      g.slots[j] = t->slots[i];
      g.n++;
    }
    free(t->slots);
    *t = g;
  }
  size_t j = hash_str(name) & (t->cap - 1);
  while (t->slots[j].name && strcmp(t->slots[j].name, name)) j = (j + 1) & (t->cap - 1);
  if (!t->slots[j].name) {
    t->slots[j].name = strdup(name);
    t->n++;
  }
  t->slots[j].count++;
}

static int by_count(const void *a, const void *b) {
  const outlet_count *x = a, *y = b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->name, y->name);
}

static void print_outlets(outlet_table *t, size_t unknown) {
  size_t n = 0;
  for (size_t i = 0; i < t->cap; i++)
    if (t->slots[i].name) t->slots[n++] = t->slots[i];
  qsort(t->slots, n, sizeof *t->slots, by_count);
  printf("\noutlets (%zu", n);
  if (unknown) printf(", and %zu articles with no known outlet", unknown);
  printf("):\n");
  for (size_t i = 0; i < n && i < 20; i++)
    printf("  %6zu  %s\n", t->slots[i].count, t->slots[i].name);
  if (n > 20) printf("  ... and %zu more\n", n - 20);
  for (size_t i = 0; i < n; i++) free(t->slots[i].name);
  free(t->slots);
}

int cmd_run(int argc, char **argv) {
  cli_input in = {0};
  for (int i = 1; i < argc; i++) {
    int k = cli_input_option(&in, argc, argv, &i);
    if (k < 0) return 2;
    if (k) continue;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      help(stdout);
      free(in.paths);
      return 0;
    }
    if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "parallax run: unknown option '%s'\n", argv[i]);
      free(in.paths);
      return 2;
    }
    cli_input_path(&in, argv[i]);
  }
  px_reader *r = cli_open(&in);
  px_analyzer *an = px_analyzer_new();
  if (!an) { fprintf(stderr, "parallax: out of memory\n"); return 1; }
  outlet_table outlets = {0};
  size_t articles = 0, sentences = 0, words = 0, unknown = 0;
  char first[11] = "", last[11] = "";
  px_article a;
  while (px_reader_next(r, &a)) {
    px_doc d;
    if (px_analyze(an, a.text, a.text_len, &d) != PX_OK) continue;
    articles++;
    sentences += d.n_sents;
    for (size_t i = 0; i < d.n_toks; i++) words += d.toks[i].type == PX_TOK_WORD;
    if (a.outlet) outlet_add(&outlets, a.outlet); else unknown++;
    if (!*first || strcmp(a.date, first) < 0) memcpy(first, a.date, 11);
    if (strcmp(a.date, last) > 0) memcpy(last, a.date, 11);
    cli_progress(&in, r);
  }
  printf("parallax %s: %zu articles, %zu sentences, %zu words", PX_VERSION,
         articles, sentences, words);
  if (articles) printf(", %s to %s", first, last);
  printf("\n");
  print_outlets(&outlets, unknown);
  px_analyzer_free(an);
  return cli_finish(&in, r);
}
