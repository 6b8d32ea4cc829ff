/* test_link.c — the link stage: MinHash and near-duplicates, exact
 * duplicates, story clustering (determinism, dormancy, the seeds' kind of
 * pair) and the clustering scores on hand-computed cases. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "testutil.h"

static const char *para[] = {
    "The river flooded the lower town of Marlow on Tuesday after three days "
    "of rain, forcing two hundred families from their homes.",
    "Mayor Ellen Brandt said the council had opened the school gymnasium as "
    "a shelter and asked residents to stay away from the embankment.",
    "Engineers from the regional water board inspected the Kessel dam and "
    "said it was holding, though the reservoir stood at a record level.",
    "Farmers east of the town reported fields under a metre of water and "
    "feared the loss of the spring planting.",
    "Rail services between Marlow and Dunmore were suspended until the "
    "tracks near the old mill can be checked.",
    "Forecasters expect the rain to ease by Thursday, but warned that the "
    "river would keep rising for another day.",
};
static const char *footer =
    "Subscribe to our newsletter for the latest news from the valley. All "
    "rights reserved. Contact the newsroom with tips and corrections.";

/* Joins the chosen paragraphs (bit i of mask: para[i]) and extra text. */
static char *compose(unsigned mask, const char *head, const char *tail) {
  static char buf[8][4096];
  static int k;
  char *b = buf[k++ % 8];
  b[0] = 0;
  if (head) strcat(strcat(b, head), "\n\n");
  for (size_t i = 0; i < sizeof para / sizeof *para; i++)
    if (mask & (1u << i)) strcat(strcat(b, para[i]), "\n\n");
  if (tail) strcat(b, tail);
  return b;
}

static void sig_of(px_analyzer *an, const char *text, uint32_t *sig) {
  px_doc d;
  assert_int_equal(px_analyze(an, text, strlen(text), &d), PX_OK);
  assert_true(px_minhash(&d, sig) > 0);
}

static void test_minhash(void **state) {
  px_analyzer *an = px_analyzer_new();
  uint32_t a[PX_MINHASH_K], b[PX_MINHASH_K];
  sig_of(an, compose(0x3f, NULL, NULL), a);
  sig_of(an, compose(0x3f, NULL, NULL), b);
  assert_true(px_minhash_jaccard(a, b) == 1.0);
  /* a dropped paragraph and a new headline: still a reprint */
  sig_of(an, compose(0x1f, "Floods force families out of Marlow", NULL), b);
  assert_true(px_minhash_jaccard(a, b) >= 0.6);
  /* a different text sharing a long footer is not */
  sig_of(an, compose(0x3f, NULL, footer), a);
  sig_of(an,
         "The orchestra of Dunmore opened its season with a new symphony by "
         "a local composer, and the hall was full on both nights.\n\n"
         "Tickets for the spring concerts go on sale next week.\n\n",
         b);
  assert_true(px_minhash_jaccard(a, b) < 0.2);
  px_analyzer_free(an);
}

static px_article art(const char *id, const char *date, int64_t ts,
                      const char *outlet, const char *text) {
  px_article a;
  memset(&a, 0, sizeof a);
  a.id = id;
  a.date = date;
  a.timestamp = ts;
  a.outlet = outlet;
  a.text = text;
  a.text_len = strlen(text);
  return a;
}

/* Adds an article to the linker by its feature record. */
static px_status link_article(px_linker *l, const px_article *a) {
  px_featurizer *fz = px_featurizer_new(0);
  px_features f = {0};
  px_status st = fz ? px_features_compute(fz, a, &f) : PX_NOMEM;
  if (st == PX_OK) st = px_linker_add(l, &f);
  px_features_clear(&f);
  px_featurizer_free(fz);
  return st;
}

static void test_duplicates(void **state) {
  px_linker *l = px_linker_new(NULL);
  const char *orig = compose(0x3f, NULL, NULL);
  px_article a[4] = {
      art("orig", "2024-05-01", 1714521600, "Valley Post", orig),
      art("exact", "2024-05-01", 1714525200, "Daily Ledger", orig),
      art("edited", "2024-05-02", 1714608000, "Wire",
          compose(0x2f, "By Tom Reyes", "Reporting by the Wire.")),
      art("other", "2024-05-02", 1714608000, "Valley Post",
          "The orchestra of Aldgate began its season with a new symphony. "
          "Tickets for the autumn concerts go on sale next week."),
  };
  for (int i = 0; i < 4; i++) assert_int_equal(link_article(l, &a[i]), PX_OK);
  assert_int_equal(px_linker_finish(l), PX_OK);
  px_linked m[4];
  for (int i = 0; i < 4; i++) assert_true(px_linker_article(l, i, &m[i]));
  assert_int_equal(m[0].dup_of, UINT32_MAX);
  assert_int_equal(m[1].dup_of, 0);
  assert_true(m[1].exact_dup);
  assert_int_equal(m[2].dup_of, 0);
  assert_false(m[2].exact_dup);
  assert_true(m[2].dup_jaccard >= 0.7 && m[2].dup_jaccard < 1);
  assert_int_equal(m[3].dup_of, UINT32_MAX);
  assert_int_equal(m[0].story, m[1].story);
  assert_int_equal(m[0].story, m[2].story);
  assert_true(m[3].story != m[0].story);
  px_story s;
  assert_true(px_linker_story(l, 0, &s));
  assert_int_equal(s.size, 3);
  assert_int_equal(s.n_outlets, 3);
  px_linker_free(l);
}

/* Two reports of one event in other words, and an unrelated one. */
static const char *report_a =
    "Flood waters forced two hundred families from Marlow on Tuesday. Mayor "
    "Ellen Brandt opened the school gymnasium as a shelter. The Kessel dam "
    "is holding, the water board said.";
static const char *report_b =
    "In Marlow, Mayor Ellen Brandt said the Kessel dam was safe a day after "
    "the flood drove families from the lower town to a school shelter.";
static const char *report_c =
    "Dunmore's orchestra opened its season with a symphony by a local "
    "composer; tickets for the spring concerts go on sale next week.";

static void cluster_three(int64_t gap, uint32_t *stories) {
  px_linker_opts o = {0};
  o.window = 3 * 86400;
  px_linker *l = px_linker_new(&o);
  px_article a[3] = {art("a", "2024-05-01", 1714521600, "Post", report_a),
                     art("c", "2024-05-01", 1714521700, "Post", report_c),
                     art("b", "2024-05-02", 1714521600 + gap, "Ledger",
                         report_b)};
  for (int i = 0; i < 3; i++) assert_int_equal(link_article(l, &a[i]), PX_OK);
  assert_int_equal(px_linker_finish(l), PX_OK);
  for (int i = 0; i < 3; i++) {
    px_linked m;
    assert_true(px_linker_article(l, i, &m));
    stories[i] = m.story;
  }
  px_linker_free(l);
}

static void test_stories_and_dormancy(void **state) {
  uint32_t s1[3], s2[3];
  cluster_three(86400, s1);
  assert_int_equal(s1[0], s1[2]);   /* same event, a day apart */
  assert_true(s1[0] != s1[1]);
  cluster_three(86400, s2);         /* deterministic */
  assert_memory_equal(s1, s2, sizeof s1);
  cluster_three(10 * 86400, s2);    /* ten days later: the story slept */
  assert_true(s2[0] != s2[2]);
}

/* An untitled article offers a short label, not its whole first
 * sentence; a bad model file is refused with its line. */
static void test_label_and_model(void **state) {
  px_linker *l = px_linker_new(NULL);
  px_article a = art("long", "2024-05-01", 1714521600, "Post",
                     "MARLOW (Valley Wire) - Flood waters forced two hundred "
                     "families from their homes in the lower town on Tuesday, "
                     "after the river rose above the old stone bridge for the "
                     "first time in forty years. The mayor opened a shelter.");
  assert_int_equal(link_article(l, &a), PX_OK);
  assert_int_equal(px_linker_finish(l), PX_OK);
  px_story s;
  assert_true(px_linker_story(l, 0, &s));
  assert_string_equal(s.label, "Flood waters forced two hundred families from "
                               "their homes in the lower town");
  px_linker_free(l);
  char path[] = "/tmp/px_test_modelXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs("a comment\nW(bias, -1)\nW(no_such_feature, 2)\n", f);
  fclose(f);
  char err[256];
  assert_null(px_join_model_load(path, err, sizeof err));
  assert_non_null(strstr(err, ":3:"));
  f = fopen(path, "w");
  fputs("W(bias, -1)\nW(cos_all, 2.5)\n", f);
  fclose(f);
  px_join_model *m = px_join_model_load(path, err, sizeof err);
  assert_non_null(m);
  px_join_model_free(m);
  remove(path);
}

static void test_scores(void **state) {
  px_cluster_scores s;
  uint32_t g[] = {0, 0, 0, 1, 1, 2}, p[] = {0, 0, 1, 1, 1, 2};
  px_cluster_score(g, p, 6, &s);
  assert_true(fabs(s.bcubed_p - 7.0 / 9) < 1e-9);
  assert_true(fabs(s.bcubed_r - 7.0 / 9) < 1e-9);
  assert_true(fabs(s.pair_p - 0.5) < 1e-9 && fabs(s.pair_r - 0.5) < 1e-9);
  assert_true(fabs(s.ari - 14.0 / 44) < 1e-9);
  assert_true(fabs(s.nmi - 0.6853314789615867) < 1e-9);
  uint32_t singles[] = {0, 1, 2, 3, 4, 5};
  px_cluster_score(g, singles, 6, &s);
  assert_true(s.pair_p == 1.0 && s.pair_r == 0.0 && s.ari == 0.0);
  assert_true(fabs(s.nmi - 0.7216162598446757) < 1e-9);
  uint32_t one[] = {7, 7, 7, 7, 7, 7};
  px_cluster_score(g, one, 6, &s);
  assert_true(s.nmi == 0.0 && s.ari == 0.0 && s.bcubed_r == 1.0);
}

static void test_score_files(void **state) {
  char gold[] = "/tmp/px_test_goldXXXXXX", pred[] = "/tmp/px_test_predXXXXXX";
  int fg = mkstemp(gold), fp = mkstemp(pred);
  assert_true(fg >= 0 && fp >= 0);
  FILE *f = fdopen(fg, "w");
  fputs("a\t1\nb\t1\n\nc\t2\n", f);
  fclose(f);
  f = fdopen(fp, "w");
  fputs("a\tx\r\nc\ty\nzz\tx\n", f);
  fclose(f);
  px_cluster_scores s;
  char err[256];
  assert_int_equal(px_cluster_score_files(gold, pred, &s, err, sizeof err), PX_OK);
  assert_int_equal(s.missing_in_pred, 1);
  assert_int_equal(s.extra_in_pred, 1);
  assert_true(fabs(s.bcubed_r - (0.5 + 0.5 + 1) / 3) < 1e-9);
  assert_true(s.bcubed_p == 1.0);
  assert_int_equal(s.pred_clusters, 3);
  remove(gold);
  remove(pred);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_minhash),
      cmocka_unit_test(test_duplicates),
      cmocka_unit_test(test_stories_and_dormancy),
      cmocka_unit_test(test_label_and_model),
      cmocka_unit_test(test_scores),
      cmocka_unit_test(test_score_files),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
