/* test_entities.c — the entity finder on small made-up articles: roles
 * kept apart from names, aliases of one person united, demonyms and
 * countries from the ISO list, places and organisations from the words
 * around them, amounts with their units, capitals that are no names; and
 * the entities of a feature record read back from its JSON line. */
#include <stdio.h>
#include <stdlib.h>
#include "testutil.h"

typedef struct found {
  px_analyzer *an;
  px_entity_finder *ef;
  px_doc d;
  px_entity_list l;
} found;

static void find(found *f, const char *text) {
  f->an = px_analyzer_new();
  f->ef = px_entity_finder_new();
  assert_non_null(f->an);
  assert_non_null(f->ef);
  assert_int_equal(px_analyze(f->an, text, strlen(text), &f->d), PX_OK);
  assert_int_equal(px_entities_find(f->ef, &f->d, &f->l), PX_OK);
}

static void done(found *f) {
  px_entity_finder_free(f->ef);
  px_analyzer_free(f->an);
}

/* The first mention written as s, or NULL. */
static const px_entity *at(const found *f, const char *s) {
  for (size_t i = 0; i < f->l.n; i++) {
    const px_entity *e = &f->l.ents[i];
    if (e->text.end - e->text.start == strlen(s) &&
        !memcmp(f->d.text + e->text.start, s, strlen(s)))
      return e;
  }
  return NULL;
}

static void expect(const found *f, const char *s, px_entity_type t,
                   const char *canonical) {
  const px_entity *e = at(f, s);
  if (!e) fail_msg("no entity \"%s\"", s);
  assert_int_equal(e->type, t);
  assert_string_equal(e->canonical, canonical);
}

static void test_people(void **state) {
  (void)state;
  found f;
  find(&f, "Marlen President Osric Vale spoke with Tamsin Rook on Monday. "
           "Kremlin aide Yorik Ulmann told reporters the call was long.\n\n"
           "Vale said the talks would go on. Later, President Vale and "
           "Rook met again, Ulmann said.");
  expect(&f, "Osric Vale", PX_ENT_PERSON, "Osric Vale");
  expect(&f, "Yorik Ulmann", PX_ENT_PERSON, "Yorik Ulmann");
  const px_entity *u = at(&f, "Yorik Ulmann");
  assert_string_equal("Kremlin aide", "Kremlin aide");
  assert_int_equal(u->role.end - u->role.start, strlen("Kremlin aide"));
  assert_memory_equal(f.d.text + u->role.start, "Kremlin aide", 12);
  /* "Vale", "President Vale" and "Osric Vale" are one person */
  const px_entity *full = at(&f, "Osric Vale"), *sur = at(&f, "Vale");
  assert_int_equal(full->group, sur->group);
  assert_string_equal(sur->canonical, "Osric Vale");
  expect(&f, "Rook", PX_ENT_PERSON, "Tamsin Rook");
  /* days are no entities */
  assert_null(at(&f, "Monday"));
  done(&f);
}

static void test_places_orgs_amounts(void **state) {
  (void)state;
  found f;
  find(&f, "DRAVEN, Ostmark (Northwire) - The Harbour Ministry said on "
           "Tuesday that more than 300 drones and 37 missiles hit the Sarvel "
           "valley. The port lost $1.2 billion in 2024, officials in Draven "
           "said, and the strike cost over 1,000 miles of cable.\n\n"
           "FULL TEXT of the statement follows. Russian and Hungarian "
           "officials met in Budapest, Hungary, near the Lessing Bridge. "
           "The telecoms group, Veltra, and mobile operator KorraNet bid.");
  expect(&f, "DRAVEN", PX_ENT_PLACE, "Draven");
  expect(&f, "Draven", PX_ENT_PLACE, "Draven");
  expect(&f, "Northwire", PX_ENT_ORG, "Northwire");
  expect(&f, "Harbour Ministry", PX_ENT_ORG, "Harbour Ministry");
  expect(&f, "more than 300 drones", PX_ENT_AMOUNT, "300 drones");
  expect(&f, "37 missiles", PX_ENT_AMOUNT, "37 missiles");
  expect(&f, "$1.2 billion", PX_ENT_AMOUNT, "$1.2 billion");
  expect(&f, "over 1,000 miles", PX_ENT_AMOUNT, "1000 miles");
  assert_string_equal(at(&f, "37 missiles")->unit, "missiles");
  expect(&f, "Sarvel", PX_ENT_PLACE, "Sarvel");
  expect(&f, "Lessing Bridge", PX_ENT_PLACE, "Lessing Bridge");
  expect(&f, "Veltra", PX_ENT_ORG, "Veltra");
  expect(&f, "KorraNet", PX_ENT_ORG, "KorraNet");
  assert_null(at(&f, "FULL TEXT"));
  assert_null(at(&f, "2024"));
  if (px_entities_source()) { /* iso-codes installed */
    expect(&f, "Russian", PX_ENT_PLACE, "Russia");
    expect(&f, "Hungarian", PX_ENT_PLACE, "Hungary");
    expect(&f, "Hungary", PX_ENT_PLACE, "Hungary");
    expect(&f, "Budapest", PX_ENT_PLACE, "Budapest");
  }
  done(&f);
}

static void test_demonym_of_the_article(void **state) {
  (void)state;
  found f;
  find(&f, "Velorian farmers blocked the road. Veloria says the dam will "
           "cut the flow, and Velorian President Anselm Dorr agreed.");
  expect(&f, "Veloria", PX_ENT_PLACE, "Veloria");
  expect(&f, "Anselm Dorr", PX_ENT_PERSON, "Anselm Dorr");
  const px_entity *v = NULL;
  for (size_t i = 0; i < f.l.n; i++)
    if (f.l.ents[i].text.start > 60 &&
        !memcmp(f.d.text + f.l.ents[i].text.start, "Velorian", 8))
      v = &f.l.ents[i];
  assert_non_null(v);
  assert_string_equal(v->canonical, "Veloria");
  done(&f);
}

static void test_record_round_trip(void **state) {
  (void)state;
  const char *text = "Kremlin aide Yorik Ulmann said 37 missiles hit Draven, "
                     "Ostmark. Ulmann spoke in Draven.";
  px_article a;
  memset(&a, 0, sizeof a);
  a.id = "e-1";
  a.date = "2026-01-02";
  a.text = text;
  a.text_len = strlen(text);
  px_featurizer *fz = px_featurizer_new(PX_FEAT_ENTITIES);
  px_features f = {0}, g = {0};
  assert_int_equal(px_features_compute(fz, &a, &f), PX_OK);
  assert_true(f.has_entities);
  assert_true(f.n_entities >= 4);
  char *j = px_features_to_json(&f);
  assert_non_null(j);
  char err[128];
  assert_int_equal(px_features_from_json(j, strlen(j), &g, err, sizeof err),
                   PX_OK);
  assert_int_equal(g.n_entities, f.n_entities);
  for (size_t i = 0; i < f.n_entities; i++) {
    assert_int_equal(g.entities[i].text.start, f.entities[i].text.start);
    assert_int_equal(g.entities[i].group, f.entities[i].group);
    assert_string_equal(g.entities[i].canonical, f.entities[i].canonical);
  }
  char *k = px_features_to_json(&g);
  assert_string_equal(j, k);
  free(j);
  free(k);
  px_features_clear(&f);
  px_features_clear(&g);
  px_featurizer_free(fz);
}

/* Quotation speakers: the outer speaker of a nested attribution, and
 * words that are no one (a day, a role's qualifier) dropped. */
static void test_speakers(void **state) {
  (void)state;
  const char *text =
      "Marlen President Osric Vale spoke with Tamsin Rook on Monday.\n\n"
      "Vale told Rook that sending new drones to Ostmark would harm the "
      "talks, Kremlin aide Yorik Ulmann told reporters.\n\n"
      "Health minister Ada Brell said on Tuesday that the wards would "
      "reopen within a week.\n\n"
      "Wednesday said the port would stay closed until the storm passed.";
  px_analyzer *an = px_analyzer_new();
  px_quoter *qt = px_quoter_new();
  px_doc d;
  px_quote_list l;
  assert_int_equal(px_analyze(an, text, strlen(text), &d), PX_OK);
  assert_int_equal(px_quotes_find(qt, &d, &l), PX_OK);
  int nested = 0;
  for (size_t i = 0; i < l.n; i++) {
    const px_quote *q = &l.quotes[i];
    const char *c = text + q->content.start;
    if (!strncmp(c, "Vale told Rook", 14)) {
      assert_span(text, q->speaker.start, q->speaker.end, "Yorik Ulmann");
      nested = 1;
    }
    if (q->speaker.end > q->speaker.start) {
      assert_false(!strncmp(text + q->speaker.start, "Wednesday", 9));
      assert_false(q->speaker.end - q->speaker.start == 6 &&
                   !strncmp(text + q->speaker.start, "Health", 6));
    }
  }
  assert_true(nested);
  px_quoter_free(qt);
  px_analyzer_free(an);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_people),
      cmocka_unit_test(test_places_orgs_amounts),
      cmocka_unit_test(test_demonym_of_the_article),
      cmocka_unit_test(test_record_round_trip),
      cmocka_unit_test(test_speakers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
