/* test_store.c — the store's schema steps and the linker state: a store
 * of every earlier schema is migrated on open; a newer one is refused; a
 * linker saved and loaded halfway goes on exactly as one that never
 * stopped; damaged states are refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testutil.h"
#include "store/store_internal.h"

static char dir[64];

static void path_in(char *out, size_t n, const char *name) {
  snprintf(out, n, "%s/%s", dir, name);
}

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/px_test_store_XXXXXX");
  return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static int user_version(px_store *s) {
  sqlite3_stmt *st;
  int v = -1;
  if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* Every schema from 1 up is brought to the current one on open. */
static void test_migrations(void **state) {
  (void)state;
  for (int v = 1; v <= PX_STORE_SCHEMA; v++) {
    char path[128], name[32], err[512];
    snprintf(name, sizeof name, "v%d.db", v);
    path_in(path, sizeof path, name);
    assert_int_equal(px__store_create(path, v, err, sizeof err), PX_OK);
    px_store *s;
    /* reading migrates too, when the file can be written */
    assert_int_equal(px_store_open(path, PX_STORE_READ, &s, err, sizeof err), PX_OK);
    assert_int_equal(user_version(s), PX_STORE_SCHEMA);
    char *report = NULL;
    assert_int_equal(px_store_check(s, &report), PX_OK);
    assert_string_equal(report, "ok\n");
    free(report);
    /* the column of schema 2 is there */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT file, line FROM articles",
                                        -1, &st, NULL), SQLITE_OK);
    sqlite3_finalize(st);
    /* the index of schema 3 orders a story's articles by date */
    assert_int_equal(sqlite3_prepare_v2(s->db, "SELECT sql FROM sqlite_schema"
                                        " WHERE name = 'articles_story'",
                                        -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_non_null(strstr((const char *)sqlite3_column_text(st, 0),
                           "story, date, time"));
    sqlite3_finalize(st);
    px_store_close(s);
  }
}

static void test_newer_refused(void **state) {
  (void)state;
  char path[128], err[512];
  path_in(path, sizeof path, "new.db");
  assert_int_equal(px__store_create(path, PX_STORE_SCHEMA, err, sizeof err), PX_OK);
  px_store *s;
  assert_int_equal(px_store_open(path, PX_STORE_WRITE, &s, err, sizeof err), PX_OK);
  assert_int_equal(px__store_exec(s, "PRAGMA user_version = 1000;"), SQLITE_OK);
  px_store_close(s);
  assert_int_equal(px_store_open(path, PX_STORE_WRITE, &s, err, sizeof err),
                   PX_DB_NEWER);
  assert_null(s);
  assert_non_null(strstr(err, path));
  assert_non_null(strstr(err, "newer parallax"));
}

/* A linker fed the records of a few articles. */
static px_features *records(size_t *n) {
  static const char *const texts[] = {
      "Dockworkers at the Port of Brennhaven voted on Monday to strike over pay, "
      "the union said, after talks with Brennhaven Terminals broke down.",
      "The Port of Brennhaven was shut on Tuesday as dockworkers walked out over "
      "pay, and ships queued offshore waiting for the strike to end.",
      "The Bank of Veloria raised its key interest rate to 3.5 percent on "
      "Wednesday and signalled a pause, citing slowing inflation.",
      "Ships waited at anchor off Brennhaven for a third day as the dockworkers' "
      "strike over pay went on and the harbour minister called talks.",
      "Veloria's central bank lifted rates to 3.5 percent, its governor said, "
      "adding that inflation was slowing and a pause was likely.",
      "Storm Irmelin flooded the Aldern Valley overnight, leaving two dead and "
      "hundreds of homes under water, officials said on Friday."};
  *n = sizeof texts / sizeof *texts;
  px_features *f = calloc(*n, sizeof *f);
  px_featurizer *fz = px_featurizer_new(0);
  for (size_t i = 0; i < *n; i++) {
    char id[16], date[11];
    snprintf(id, sizeof id, "a%zu", i);
    snprintf(date, sizeof date, "2026-03-0%zu", i + 1);
    px_article a = {0};
    a.id = id;
    a.date = date;
    a.text = texts[i];
    a.text_len = strlen(texts[i]);
    a.timestamp = 1772409600 + (int64_t)i * 86400;
    assert_int_equal(px_features_compute(fz, &a, &f[i]), PX_OK);
  }
  px_featurizer_free(fz);
  return f;
}

static void stories_of(px_linker *l, uint32_t *out, size_t n) {
  assert_int_equal(px_linker_finish(l), PX_OK);
  for (size_t i = 0; i < n; i++) {
    px_linked a;
    assert_true(px_linker_article(l, i, &a));
    out[i] = a.story;
  }
}

static void test_linker_state(void **state) {
  (void)state;
  size_t n;
  px_features *f = records(&n);
  uint32_t once[8], twice[8];
  px_linker *l = px_linker_new(NULL);
  for (size_t i = 0; i < n; i++) assert_int_equal(px_linker_add(l, &f[i]), PX_OK);
  stories_of(l, once, n);
  size_t len;
  assert_null(px_linker_save(l, &len)); /* finished: nothing to go on with */
  px_linker_free(l);
  for (size_t cut = 0; cut <= n; cut++) {
    l = px_linker_new(NULL);
    for (size_t i = 0; i < cut; i++) assert_int_equal(px_linker_add(l, &f[i]), PX_OK);
    void *bytes = px_linker_save(l, &len);
    assert_non_null(bytes);
    px_linker_free(l);
    /* every cut of the bytes, and a flipped magic, are refused */
    for (size_t k = 0; k < len; k += 1 + len / 50) {
      px_linker *bad;
      assert_int_equal(px_linker_load(bytes, k, &bad), PX_BAD_STATE);
      assert_null(bad);
    }
    ((unsigned char *)bytes)[0] ^= 1;
    assert_int_equal(px_linker_load(bytes, len, &l), PX_BAD_STATE);
    ((unsigned char *)bytes)[0] ^= 1;
    assert_int_equal(px_linker_load(bytes, len, &l), PX_OK);
    free(bytes);
    for (size_t i = cut; i < n; i++) assert_int_equal(px_linker_add(l, &f[i]), PX_OK);
    stories_of(l, twice, n);
    assert_memory_equal(once, twice, n * sizeof *once);
    px_linker_free(l);
  }
  for (size_t i = 0; i < n; i++) px_features_clear(&f[i]);
  free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_migrations),
      cmocka_unit_test(test_newer_refused),
      cmocka_unit_test(test_linker_state),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
