/* test_names.c — unit tests of px_names_unify (src/link/names.c). */
#include "testutil.h"

static void unify(const char *const *names, size_t n, size_t *canon) {
  px_names_unify(names, NULL, n, canon);
}

static void surname_to_full_name(void **state) {
  const char *names[] = {"Trump", "Donald Trump", "Yuri Ushakov", "Ushakov"};
  size_t canon[4];
  unify(names, 4, canon);
  assert_int_equal(canon[0], 1);
  assert_int_equal(canon[1], 1);
  assert_int_equal(canon[2], 2);
  assert_int_equal(canon[3], 2);
}

static void spelling_variants(void **state) {
  const char *names[] = {"Volodymyr Zelensky", "Volodymyr Zelenskyy", "Zelenskyy",
                         "Yurin Kovalchik", "Yurin Kovalchyk"};
  size_t canon[5];
  size_t counts[5] = {3, 1, 1, 1, 2};
  px_names_unify(names, counts, 5, canon);
  assert_int_equal(canon[1], 0); /* the more frequent spelling wins */
  assert_int_equal(canon[2], 0);
  assert_int_equal(canon[3], 4);
}

static void ambiguous_surname_left_alone(void **state) {
  const char *names[] = {"Holt", "Mara Holt", "Jonas Holt", "Lee", "Ann Leed"};
  size_t canon[5];
  unify(names, 5, canon);
  assert_int_equal(canon[0], 0); /* two Holts: no guess */
  assert_int_equal(canon[3], 3); /* short surnames need an exact match */
}

static void accents_and_case(void **state) {
  const char *names[] = {"JOSÉ RAMOS", "Ramos", "José Ramos"};
  size_t canon[3];
  unify(names, 3, canon);
  assert_int_equal(canon[1], canon[2]);
  assert_true(canon[1] == 0 || canon[1] == 2);
  px_names_unify(NULL, NULL, 0, canon); /* nothing to do */
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(surname_to_full_name),
    cmocka_unit_test(spelling_variants),
    cmocka_unit_test(ambiguous_surname_left_alone),
    cmocka_unit_test(accents_and_case),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
