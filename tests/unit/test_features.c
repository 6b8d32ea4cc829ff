/* test_features.c — the feature record: what px_features_compute finds in
 * a small article (headline, zones, names, quotations), that it is a pure
 * function of the article, and that its JSON line reads back without loss
 * (field by field, and written again byte for byte). */
#include <stdio.h>
#include <stdlib.h>
#include "testutil.h"

static const char *text =
    "Flood waters forced two hundred families from Marlow on Tuesday.\n\n"
    "\"The dam is holding,\" Mayor Ellen Brandt said. She opened the school "
    "as a shelter for 200 people.\n\n"
    "Engineers of the Kessel water board checked the dam again on "
    "Wednesday, and Ellen Brandt thanked them.";

static px_article article(const char *title) {
  px_article a;
  memset(&a, 0, sizeof a);
  a.id = "marlow-1";
  a.date = "2024-05-01";
  a.time = "09:30:00";
  a.outlet = "Valley Post";
  a.title = title;
  a.timestamp = 1714555800;
  a.text = text;
  a.text_len = strlen(text);
  return a;
}

static const px_term *term(const px_features *f, const char *t, int ent) {
  for (size_t i = 0; i < f->n_terms; i++)
    if (!strcmp(f->terms[i].text, t) &&
        (int)(f->terms[i].key & PX_TERM_ENTITY) == ent)
      return &f->terms[i];
  return NULL;
}

static void test_compute(void **state) {
  px_featurizer *fz = px_featurizer_new(PX_FEAT_QUOTES);
  px_features f = {0};
  px_article a = article(NULL);
  assert_int_equal(px_features_compute(fz, &a, &f), PX_OK);
  assert_string_equal(f.id, "marlow-1");
  assert_string_equal(f.outlet, "Valley Post");
  assert_null(f.title);
  assert_string_equal(f.headline,
                      "Flood waters forced two hundred families from Marlow "
                      "on Tuesday.");
  assert_int_equal(f.n_paras, 3);
  assert_true(f.n_sents >= 4);
  assert_true(f.n_shingles > 0);
  /* the first sentence is the headline: its words weigh in the title */
  const px_term *flood = term(&f, "flood", 0);
  assert_non_null(flood);
  assert_true(flood->zone[PX_ZONE_TITLE] == 3.0f);
  /* "dam" twice, in the lead then in the body */
  const px_term *dam = term(&f, "dam", 0);
  assert_non_null(dam);
  assert_true(dam->zone[PX_ZONE_LEAD] > 0 && dam->zone[PX_ZONE_BODY] > 0);
  assert_non_null(term(&f, "brandt", 1));
  /* name mentions: runs of capitalised words inside sentences */
  int full = 0, plain = 0;
  for (size_t i = 0; i < f.n_names; i++) {
    size_t n = f.names[i].end - f.names[i].start;
    const char *s = text + f.names[i].start;
    full += n == 18 && !memcmp(s, "Mayor Ellen Brandt", n);
    plain += n == 12 && !memcmp(s, "Ellen Brandt", n);
  }
  assert_int_equal(full, 1);
  assert_int_equal(plain, 1);
  assert_true(f.has_quotes);
  assert_int_equal(f.n_quotes, 1);
  assert_non_null(f.speakers[0]);
  assert_string_equal(f.piece_texts[f.quotes[0].piece_begin],
                      "\"The dam is holding,\"");
  /* pure: the same article again gives the same record */
  char *j1 = px_features_to_json(&f);
  px_article b = article("Other title");
  assert_int_equal(px_features_compute(fz, &b, &f), PX_OK);
  assert_string_equal(f.headline, "Other title");
  assert_int_equal(px_features_compute(fz, &a, &f), PX_OK);
  char *j2 = px_features_to_json(&f);
  assert_string_equal(j1, j2);
  free(j1);
  free(j2);
  px_features_clear(&f);
  px_featurizer_free(fz);
}

static void test_json_round_trip(void **state) {
  px_featurizer *fz = px_featurizer_new(PX_FEAT_QUOTES);
  px_features f = {0}, g = {0};
  const char *titles[] = {NULL, "Marlow flood: families leave their homes"};
  for (int k = 0; k < 2; k++) {
    px_article a = article(titles[k]);
    assert_int_equal(px_features_compute(fz, &a, &f), PX_OK);
    char *j = px_features_to_json(&f), err[200];
    assert_non_null(j);
    assert_null(strchr(j, '\n'));
    assert_int_equal(px_features_from_json(j, strlen(j), &g, err, sizeof err),
                     PX_OK);
    assert_string_equal(g.id, f.id);
    assert_string_equal(g.date, f.date);
    assert_string_equal(g.time, f.time);
    assert_string_equal(g.headline, f.headline);
    assert_true(g.timestamp == f.timestamp && g.text_len == f.text_len);
    assert_true(f.text_hash == px_text_hash(a.text, a.text_len));
    assert_true(g.text_hash == f.text_hash);
    assert_int_equal(px_features_order(&f, &g), 0);
    assert_true(g.content == f.content && g.n_words == f.n_words);
    assert_memory_equal(g.minhash, f.minhash, sizeof f.minhash);
    assert_int_equal(g.n_terms, f.n_terms);
    for (size_t i = 0; i < f.n_terms; i++) {
      assert_true(g.terms[i].key == f.terms[i].key);
      assert_true(g.terms[i].weight == f.terms[i].weight);
      assert_memory_equal(g.terms[i].zone, f.terms[i].zone,
                          sizeof f.terms[i].zone);
      assert_string_equal(g.terms[i].text, f.terms[i].text);
    }
    assert_int_equal(g.n_names, f.n_names);
    assert_memory_equal(g.names, f.names, f.n_names * sizeof *f.names);
    assert_int_equal(g.n_quotes, f.n_quotes);
    assert_memory_equal(g.quotes, f.quotes, f.n_quotes * sizeof *f.quotes);
    assert_memory_equal(g.pieces, f.pieces, f.n_pieces * sizeof *f.pieces);
    char *j2 = px_features_to_json(&g);
    assert_string_equal(j, j2);
    free(j);
    free(j2);
  }
  char err[200];
  assert_int_equal(px_features_from_json("{\"id\":1}", 8, &g, err, sizeof err),
                   PX_BAD_JSON);
  assert_non_null(strstr(err, "id"));
  assert_int_equal(px_features_from_json("[", 1, &g, err, sizeof err),
                   PX_BAD_JSON);
  px_features_clear(&f);
  px_features_clear(&g);
  px_featurizer_free(fz);
}

/* An outlet and author the input does not give come from the text's
 * credit, into the record (not into the article as read). */
static void test_byline(void **state) {
  static const char credited[] =
      "(Jane Roe, Northwind.com) The council voted on Tuesday to close the "
      "old bridge to lorries after engineers found cracks in two piers.";
  px_featurizer *fz = px_featurizer_new(0);
  px_features f = {0};
  px_article a = article(NULL);
  a.outlet = NULL;
  a.text = credited;
  a.text_len = strlen(credited);
  assert_int_equal(px_features_compute(fz, &a, &f), PX_OK);
  assert_string_equal(f.outlet, "Northwind.com");
  assert_string_equal(f.author, "Jane Roe");
  assert_true(f.outlet_from_text && f.author_from_text);
  a.outlet = "Valley Post"; /* a given outlet wins */
  assert_int_equal(px_features_compute(fz, &a, &f), PX_OK);
  assert_string_equal(f.outlet, "Valley Post");
  assert_false(f.outlet_from_text);
  assert_true(f.author_from_text);
  px_features_clear(&f);
  px_featurizer_free(fz);
}

/* Records are linked by time, then text hash, then id: the order the
 * pipeline gives their articles. */
static void test_order(void **state) {
  px_features a = {0}, b = {0};
  a.id = "b";
  b.id = "a";
  a.date = b.date = "2025-01-01";
  a.timestamp = 10, b.timestamp = 20;
  a.text_hash = 9, b.text_hash = 1;
  assert_true(px_features_order(&a, &b) < 0);
  assert_true(px_features_order(&b, &a) > 0);
  b.timestamp = 10;
  assert_true(px_features_order(&a, &b) > 0); /* by hash */
  b.text_hash = 9;
  assert_true(px_features_order(&a, &b) > 0); /* by id */
  b.id = "b";
  assert_int_equal(px_features_order(&a, &b), 0);
  b.title = "x"; /* one id twice: a fixed order all the same */
  assert_true(px_features_order(&a, &b) < 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_compute),
      cmocka_unit_test(test_json_round_trip),
      cmocka_unit_test(test_order),
      cmocka_unit_test(test_byline),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
