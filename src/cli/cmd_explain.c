/* cmd_explain.c — parallax explain A B PATH...: reads the articles as
 * cluster does, then says why articles A and B are, or are not, in one
 * story: similarity and threshold, shared terms, time gap, near-duplicate
 * Jaccard. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax explain [OPTIONS] ID_A ID_B [PATH...]\n\n"
          "Clusters the articles in PATH... and explains why articles ID_A\n"
          "and ID_B are, or are not, in one story.\n\n"
          "options:\n"
          "  -h, --help      this help\n");
  cli_input_help(out);
}

/* A deep copy of an article: the reader's strings are borrowed. */
typedef struct kept {
  px_article a;
  size_t index;
  int found;
} kept;

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void keep(kept *k, const px_article *a, size_t index) {
  k->a = *a;
  k->a.id = dup_or_null(a->id);
  k->a.date = dup_or_null(a->date);
  k->a.time = dup_or_null(a->time);
  k->a.outlet = dup_or_null(a->outlet);
  k->a.author = dup_or_null(a->author);
  k->a.title = dup_or_null(a->title);
  k->a.url = dup_or_null(a->url);
  k->a.file = dup_or_null(a->file);
  char *text = malloc(a->text_len + 1);
  if (text) {
    memcpy(text, a->text, a->text_len);
    text[a->text_len] = 0;
  }
  k->a.text = text;
  k->a.text_len = text ? a->text_len : 0;
  k->index = index;
  k->found = text != NULL;
}

static void unkeep(kept *k) {
  const char *p[] = {k->a.id, k->a.date, k->a.time, k->a.outlet,
                     k->a.author, k->a.title, k->a.url, k->a.file,
                     k->a.text};
  for (size_t i = 0; i < sizeof p / sizeof *p; i++) free((char *)(uintptr_t)p[i]);
}

static void print_side(const char *tag, const px_linker *l, const kept *k,
                       uint32_t story) {
  px_story s;
  printf("%s  %s  %s%s%s%s  story %u", tag, k->a.id, k->a.date,
         k->a.outlet ? " (" : "", k->a.outlet ? k->a.outlet : "",
         k->a.outlet ? ")" : "", story);
  if (px_linker_story_by_id(l, story, &s))
    printf(" of %zu: %s", s.size, s.label);
  printf("\n");
}

static void print_gap(int64_t gap) {
  int64_t g = gap < 0 ? -gap : gap;
  printf("time gap    %lld d %lld h %lld min (%s)\n", (long long)(g / 86400),
         (long long)(g % 86400 / 3600), (long long)(g % 3600 / 60),
         gap > 0 ? "B after A" : gap < 0 ? "B before A" : "same time");
}

static void print_explanation(const px_linker *l, const kept *a,
                              const kept *b, const px_explanation *e) {
  print_side("A", l, a, e->story_a);
  print_side("B", l, b, e->story_b);
  printf("verdict     %s\n", e->story_a == e->story_b ? "same story"
                                                      : "different stories");
  printf("similarity  %.3f (threshold %.3f): %s\n", e->similarity,
         e->threshold, e->similarity >= e->threshold ? "above" : "below");
  if (e->story_sim_ab >= 0)
    printf("A vs B's story centroid %.3f\n", e->story_sim_ab);
  print_gap(e->time_gap);
  printf("near-dup    Jaccard %.3f%s\n", e->jaccard,
         e->exact_dup ? " (exact duplicate)" : "");
  printf("shared terms");
  for (size_t i = 0; i < e->n_shared; i++)
    printf("%s %s %.3f", i ? "," : "", e->shared[i].term, e->shared[i].weight);
  printf("%s\n", e->n_shared ? "" : " none");
}

int cmd_explain(int argc, char **argv) {
  cli_input in = {0};
  const char *ids[2] = {NULL, NULL};
  for (int i = 1; i < argc; i++) {
    int k = cli_input_option(&in, argc, argv, &i);
    if (k < 0) return 2;
    if (k) continue;
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      help(stdout);
      free(in.paths);
      return 0;
    }
    if (!ids[0]) ids[0] = argv[i];
    else if (!ids[1]) ids[1] = argv[i];
    else cli_input_path(&in, argv[i]);
  }
  if (!ids[1]) {
    help(stderr);
    free(in.paths);
    return 2;
  }
  px_linker *l = px_linker_new(NULL);
  if (!l) return 1;
  kept ka = {0}, kb = {0};
  px_reader *r = cli_open(&in);
  px_article a;
  for (size_t n = 0; px_reader_next(r, &a); n++) {
    if (!ka.found && !strcmp(a.id, ids[0])) keep(&ka, &a, n);
    if (!kb.found && !strcmp(a.id, ids[1])) keep(&kb, &a, n);
    if (px_linker_add(l, &a, NULL) != PX_OK) break;
    cli_progress(&in, r);
  }
  int rc = cli_finish(&in, r);
  px_explanation e;
  if (!ka.found || !kb.found) {
    fprintf(stderr, "parallax explain: no article with id '%s'\n",
            ka.found ? ids[1] : ids[0]);
    rc = 1;
  } else if (px_linker_finish(l) != PX_OK ||
             px_linker_explain(l, &ka.a, ka.index, &kb.a, kb.index, &e) !=
                 PX_OK) {
    fprintf(stderr, "parallax explain: out of memory\n");
    rc = 1;
  } else {
    print_explanation(l, &ka, &kb, &e);
  }
  if (ka.found) unkeep(&ka);
  if (kb.found) unkeep(&kb);
  px_linker_free(l);
  return rc;
}
