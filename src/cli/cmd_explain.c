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
          "and ID_B are, or are not, in one story: the join model's\n"
          "probability for the pair and each feature's part in it, shared\n"
          "terms, time gap, near-duplicate Jaccard, and the revisions that\n"
          "moved either article from one story to another.\n\n"
          "options:\n"
          "  -h, --help      this help\n");
  cli_input_help(out);
}

/* One of the two articles asked about, copied when it goes by. */
typedef struct kept {
  px_features f;      /* owned copy of its record */
  size_t index;
  int found;
} kept;

typedef struct explain_state {
  const char *ids[2];
  kept k[2];
} explain_state;

static int take(const px_features *f, size_t index, void *user) {
  explain_state *st = user;
  for (int s = 0; s < 2; s++) {
    if (st->k[s].found || strcmp(f->id, st->ids[s])) continue;
    st->k[s].found = 1;
    st->k[s].index = index;
    if (px_features_copy(&st->k[s].f, f) != PX_OK) return -1;
  }
  return 0;
}

static void print_side(const char *tag, const px_linker *l, const kept *k,
                       uint32_t story) {
  px_story s;
  printf("%s  %s  %s%s%s%s  story %u", tag, k->f.id, k->f.date,
         k->f.outlet ? " (" : "", k->f.outlet ? k->f.outlet : "",
         k->f.outlet ? ")" : "", story);
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

static void print_revisions(const char *tag, const px_explanation *e,
                            int side) {
  size_t n = e->n_revisions[side];
  if (!n) {
    printf("revisions %s  none\n", tag);
    return;
  }
  printf("revisions %s  %zu:", tag, n);
  for (size_t i = 0; i < n && i < PX_EXPLAIN_REVISIONS; i++)
    printf("%s story %u -> %u (average probability %.3f)", i ? "," : "",
           e->revision[side][i].from, e->revision[side][i].to,
           e->revision[side][i].linkage);
  printf("%s\n", n > PX_EXPLAIN_REVISIONS ? ", ..." : "");
}

static void print_explanation(const px_linker *l, const kept *a,
                              const kept *b, const px_explanation *e) {
  print_side("A", l, a, e->story_a);
  print_side("B", l, b, e->story_b);
  printf("verdict     %s\n", e->story_a == e->story_b ? "same story"
                                                      : "different stories");
  printf("probability %.3f of one story (joins at %.3f on average): %s\n",
         e->probability, e->threshold,
         e->probability >= e->threshold ? "above" : "below");
  printf("model       bias %+.3f", e->bias);
  for (size_t i = 0; i < e->n_features; i++)
    printf("%s %s %.3f (%+.3f)", i % 3 ? "," : "\n           ",
           e->feature[i].name, e->feature[i].value, e->feature[i].part);
  printf("\n");
  print_gap(e->time_gap);
  printf("near-dup    Jaccard %.3f%s\n", e->jaccard,
         e->exact_dup ? " (exact duplicate)" : "");
  printf("shared terms");
  for (size_t i = 0; i < e->n_shared; i++)
    printf("%s %s %.3f", i ? "," : "", e->shared[i].term, e->shared[i].weight);
  printf("%s\n", e->n_shared ? "" : " none");
  print_revisions("A", e, 0);
  print_revisions("B", e, 1);
}

int cmd_explain(int argc, char **argv) {
  cli_input in = {0};
  in.want_words = 2; /* the first two words are the ids */
  in.words_what = "two article ids before the paths: ID_A ID_B PATH...";
  explain_state st;
  memset(&st, 0, sizeof st);
  int rc = cli_parse("explain", argc, argv, &in, NULL, NULL, help);
  if (rc >= 0) return rc;
  st.ids[0] = in.words[0];
  st.ids[1] = in.words[1];
  px_pipeline_opts po = {0};
  po.link = 1;
  po.on_features = take;
  po.user = &st;
  px_pipeline *p;
  rc = cli_pipeline_run(&in, &po, &p);
  kept *ka = &st.k[0], *kb = &st.k[1];
  px_explanation e;
  if (rc < 0) {
    rc = 1;
  } else if (!ka->found || !kb->found) {
    fprintf(stderr, "parallax explain: no article with id '%s'\n",
            ka->found ? st.ids[1] : st.ids[0]);
    rc = 1;
  } else if (px_linker_explain(px_pipeline_linker(p),
                               &ka->f, ka->index, &kb->f, kb->index,
                               &e) != PX_OK) {
    fprintf(stderr, "parallax explain: out of memory\n");
    rc = 1;
  } else {
    print_explanation(px_pipeline_linker(p), ka, kb, &e);
  }
  px_features_clear(&ka->f);
  px_features_clear(&kb->f);
  px_pipeline_free(p);
  return rc;
}
