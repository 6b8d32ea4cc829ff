/* test_coverage.c — px_coverage_compute on three made-up articles of one
 * story: a passage shared with a light edit (a word changed, one added),
 * facts every article carries, a fact only one carries, a reworded fact
 * carried by its words and names, a number that disagrees, and the first
 * reporter. */
#include <stdio.h>
#include <stdlib.h>
#include "testutil.h"

static const char *texts[] = {
    "The harbour board of Marlow voted on Tuesday to raise the barge toll by "
    "12 percent from April, after a long debate in the town hall. "
    "Board chair Edda Sorn said the money would pay for dredging the "
    "channel. Three members voted against the plan.",
    "The harbour board of Marlow voted on Tuesday to lift the barge toll by "
    "12 percent from early April, after a long debate in the town hall. "
    "Edda Sorn, who chairs the board, said dredging the channel would be "
    "paid for with the money. Barge owners said they would appeal.",
    "Marlow's harbour board has raised the barge toll by 15 percent. "
    "Barge owners in Marlow said on Wednesday that they would appeal the "
    "decision of the harbour board."};

static void test_story(void **state) {
  (void)state;
  px_featurizer *fz = px_featurizer_new(PX_FEAT_TEXT);
  px_features f[3];
  memset(f, 0, sizeof f);
  const px_features *arts[3];
  for (int i = 0; i < 3; i++) {
    px_article a;
    memset(&a, 0, sizeof a);
    char id[16];
    snprintf(id, sizeof id, "a%d", i);
    a.id = id;
    a.date = "2026-01-0" "1";
    a.text = texts[i];
    a.text_len = strlen(texts[i]);
    a.timestamp = 1767225600 + i;
    assert_int_equal(px_features_compute(fz, &a, &f[i]), PX_OK);
    assert_non_null(f[i].text);
    arts[i] = &f[i];
  }
  px_coverer *c = px_coverer_new();
  px_coverage cv;
  assert_int_equal(px_coverage_compute(c, arts, 3, &cv), PX_OK);
  /* a0 and a1 share their first sentence despite "raise"/"lift" and
   * "early" */
  int found = 0;
  for (size_t i = 0; i < cv.n_passages; i++) {
    const px_passage *p = &cv.passages[i];
    if (p->a == 0 && p->b == 1 && p->words >= 20) {
      found = 1;
      assert_int_equal(p->in_a.start, 0);
      assert_int_equal(p->in_b.start, 0);
    }
  }
  assert_true(found);
  /* facts: a0's first sentence is carried by a1 (passage) and not by a2
   * (its toll is 15 percent); "Three members voted against" is a0's
   * alone; a1's appeal is carried by a2; each fact is listed once */
  int first_ok = 0, alone_ok = 0, appeal_ok = 0;
  for (size_t i = 0; i < cv.n_facts; i++) {
    const px_fact *ft = &cv.facts[i];
    const char *s = f[ft->article].text + ft->span.start;
    assert_int_equal(ft->first, ft->article);
    if (ft->article == 0 && !strncmp(s, "The harbour board", 17)) {
      assert_int_equal(ft->n_carried, 1);
      assert_int_equal(cv.carried[ft->carried_begin], 1);
      first_ok = 1;
    }
    if (ft->article == 0 && !strncmp(s, "Three members", 13)) {
      assert_int_equal(ft->n_carried, 0);
      alone_ok = 1;
    }
    if (ft->article == 1 && !strncmp(s, "Barge owners", 12)) {
      assert_int_equal(ft->n_carried, 1);
      assert_int_equal(cv.carried[ft->carried_begin], 2);
      appeal_ok = 1;
    }
    /* a1's first sentence is a0's fact: not listed again */
    assert_false(ft->article == 1 && !strncmp(s, "The harbour board", 17));
  }
  assert_true(first_ok && alone_ok && appeal_ok);
  px_coverer_free(c);
  for (int i = 0; i < 3; i++) px_features_clear(&f[i]);
  px_featurizer_free(fz);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_story)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
