/* test_ingest.c — the ingest module through its public API: every input
 * format, every bad-input case (each must be reported with file and byte and
 * counted, never dropped silently), compressed and truncated streams, folder
 * order, the stats identity read = kept + skipped, dates and bylines.
 * Fixtures are written by the tests into a fresh mkdtemp folder. */
#define _GNU_SOURCE 1
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include "testutil.h"

/* ---- fixtures and captured diagnostics ----------------------------- */

static char tmp_dir[64];

typedef struct seen_diag {
  px_severity sev;
  px_status st;
  char file[256];
  uint64_t line, byte;
  char msg[512];
} seen_diag;

static seen_diag diags[64];
static size_t n_diags;

static void capture(const px_diag *d, void *user) {
  (void)user;
  if (n_diags == 64) return;
  seen_diag *s = &diags[n_diags++];
  s->sev = d->severity;
  s->st = d->status;
  snprintf(s->file, sizeof s->file, "%s", d->file);
  s->line = d->line;
  s->byte = d->byte;
  snprintf(s->msg, sizeof s->msg, "%s", d->message);
}

/* The first diagnostic with status st, or NULL. */
static const seen_diag *find_diag(px_status st) {
  for (size_t i = 0; i < n_diags; i++)
    if (diags[i].st == st) return &diags[i];
  return NULL;
}

static const seen_diag *find_warning(const char *needle) {
  for (size_t i = 0; i < n_diags; i++)
    if (diags[i].sev == PX_WARNING && strstr(diags[i].msg, needle))
      return &diags[i];
  return NULL;
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw) {
  (void)sb; (void)flag; (void)ftw;
  return remove(path);
}

static int setup(void **state) {
  (void)state;
  snprintf(tmp_dir, sizeof tmp_dir, "/tmp/px_ingest_XXXXXX");
  assert_non_null(mkdtemp(tmp_dir));
  n_diags = 0;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  nftw(tmp_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}

static const char *path_of(const char *name) {
  static char buf[4][512];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", tmp_dir, name);
  return buf[k];
}

static void write_bytes(const char *name, const void *data, size_t n) {
  FILE *f = fopen(path_of(name), "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, n, f), n);
  fclose(f);
}

static void write_file(const char *name, const char *text) {
  write_bytes(name, text, strlen(text));
}

static px_reader *open_one(const char *name, size_t max) {
  const char *paths[1] = {path_of(name)};
  px_reader_opts o = {max, capture, NULL};
  px_reader *r = px_reader_open(paths, 1, &o);
  assert_non_null(r);
  return r;
}

/* Checks read = kept + skipped and that every skip has a reason. */
static void check_stats(px_reader *r, px_ingest_stats *st) {
  px_reader_stats(r, st);
  assert_int_equal(st->read, st->kept + st->skipped);
  uint64_t sum = 0;
  for (int i = 0; i < PX_STATUS_COUNT; i++) sum += st->by_status[i];
  assert_int_equal(sum, st->skipped);
}

/* Reads everything, returning the kept count; ids appended to ids. */
static size_t drain(px_reader *r, char *ids, size_t cap) {
  px_article a;
  size_t n = 0;
  if (ids) ids[0] = '\0';
  while (px_reader_next(r, &a)) {
    n++;
    if (ids) {
      strncat(ids, a.id, cap - strlen(ids) - 1);
      strncat(ids, " ", cap - strlen(ids) - 1);
    }
  }
  return n;
}

/* ---- dated text ---------------------------------------------------- */

static const char seed_credit[] =
    " date 2025-10-17 (Jane Roe, Northwind.com) President Alan Smith said on "
    "Thursday that he spoke by phone with Prime Minister Carla Jones "
    "(who leads the coalition) about a summit.\n\n"
    "\xE2\x80\x9CWe agreed to meet,\xE2\x80\x9D Smith wrote.\n\n"
    "This article originally appeared at Northwind.com.";

static const char seed_plain[] =
    "date 2025-10-16\nU.S. President Alan Smith hailed \"great progress\" "
    "after speaking with Prime Minister Carla Jones (AP) on Wednesday.\n\n"
    "By the end of the call, both sides agreed to talks.\n\n"
    "Smith, a Republican (R-Fla.), has vowed to end the dispute.";

static void test_dated_seed_with_credit(void **state) {
  (void)state;
  write_file("003_credit.txt", seed_credit);
  px_reader *r = open_one("003_credit.txt", 0);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.id, "003_credit");
  assert_string_equal(a.date, "2025-10-17");
  assert_null(a.time);
  assert_int_equal(a.timestamp, 1760659200);
  /* the reader leaves the credit to analysis (the feature record) */
  assert_null(a.outlet);
  assert_null(a.author);
  char *outlet = NULL, *author = NULL;
  assert_int_equal(px_byline_find(a.text, a.text_len, &outlet, &author), 1);
  assert_string_equal(outlet, "Northwind.com");
  assert_string_equal(author, "Jane Roe");
  free(outlet);
  free(author);
  assert_null(a.title);
  assert_int_equal(a.line, 1);
  assert_true(strncmp(a.text, "(Jane Roe, Northwind.com) President", 35) == 0);
  assert_int_equal(a.text_len, strlen(a.text));
  assert_int_equal(px_reader_next(r, &a), 0);
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.kept, 1);
  assert_int_equal(st.files, 1);
  px_reader_close(r);
  assert_int_equal(n_diags, 0);
}

static void test_dated_seed_plain(void **state) {
  (void)state;
  write_file("000_plain.txt", seed_plain);
  px_reader *r = open_one("000_plain.txt", 0);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.id, "000_plain");
  assert_string_equal(a.date, "2025-10-16");
  assert_null(a.outlet); /* no guess from "(AP)" mid-text */
  assert_null(a.author); /* "By the end" is not a byline */
  assert_null(a.title);  /* the first line ends a sentence */
  assert_true(strncmp(a.text, "U.S. President", 14) == 0);
  px_reader_close(r);
}

static void test_dated_title(void **state) {
  (void)state;
  write_file("t.text", "date 2024-02-29T12:30:00+01:00 Storm Hits the Coast\n"
                       "\nThe storm arrived at dawn.\n");
  px_reader *r = open_one("t.text", 0);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.title, "Storm Hits the Coast");
  assert_string_equal(a.text, "Storm Hits the Coast\n\nThe storm arrived at dawn.");
  assert_string_equal(a.time, "12:30:00");
  assert_int_equal(a.timestamp, 1709206200);
  px_reader_close(r);
}

static void test_dated_bad_inputs(void **state) {
  (void)state;
  mkdir(path_of("bad"), 0700);
  write_file("bad/1_empty.txt", "");
  write_file("bad/2_blank.txt", " \n\t\n");
  write_file("bad/3_nodate.txt", "Some text without a date line.\n");
  write_file("bad/4_baddate.txt", "date 2023-02-29 Text of a leap day.\n");
  write_file("bad/5_notext.txt", "date 2025-01-01\n   \n");
  write_file("bad/6_good", "Date: 2025-01-01\nA body.");
  px_reader *r = open_one("bad", 0);
  char ids[256];
  assert_int_equal(drain(r, ids, sizeof ids), 1);
  assert_string_equal(ids, "6_good ");
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.read, 6);
  assert_int_equal(st.by_status[PX_EMPTY], 2);
  assert_int_equal(st.by_status[PX_NO_DATE], 1);
  assert_int_equal(st.by_status[PX_BAD_DATE], 1);
  assert_int_equal(st.by_status[PX_NO_TEXT], 1);
  const seen_diag *d = find_diag(PX_BAD_DATE);
  assert_non_null(d);
  assert_string_equal(d->file, path_of("bad/4_baddate.txt"));
  assert_non_null(strstr(d->msg, "2023-02-29"));
  assert_string_equal(px_status_name(PX_NO_DATE), "no_date");
  px_reader_close(r);
}

static void test_dated_invalid_utf8_and_nul(void **state) {
  (void)state;
  static const char text[] = "date 2025-03-01\nCaf\xC3\xA9 ok, bad \xFF here,"
                             " nul \0 there.";
  write_bytes("u.txt", text, sizeof text - 1);
  px_reader *r = open_one("u.txt", 0);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_int_equal(a.n_repaired, 1);
  assert_int_equal(a.n_nul, 1);
  assert_string_equal(a.text, "Caf\xC3\xA9 ok, bad \xEF\xBF\xBD here, nul  there.");
  assert_int_equal(strlen(a.text), a.text_len);
  const seen_diag *w = find_warning("invalid UTF-8");
  assert_non_null(w);
  assert_int_equal(w->byte, (uint64_t)(strchr(text, '\xFF') - text));
  w = find_warning("NUL");
  assert_non_null(w);
  assert_int_equal(w->byte, 42); /* where the NUL was in the file */
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.repaired, 1);
  assert_int_equal(st.nul, 1);
  px_reader_close(r);
}

static void test_dated_too_large(void **state) {
  (void)state;
  char *big = malloc(20000);
  assert_non_null(big);
  memcpy(big, "date 2025-01-01\n", 16);
  memset(big + 16, 'x', 20000 - 16);
  write_bytes("big.txt", big, 20000);
  write_bytes("mid.txt", big, 16 + 150); /* fits the file cap, not the text */
  free(big);
  px_reader *r = open_one("big.txt", 100);
  assert_int_equal(drain(r, NULL, 0), 0);
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.by_status[PX_TOO_LARGE], 1);
  px_reader_close(r);
  r = open_one("mid.txt", 100);
  assert_int_equal(drain(r, NULL, 0), 0);
  check_stats(r, &st);
  assert_int_equal(st.by_status[PX_TOO_LARGE], 1);
  px_reader_close(r);
}

/* ---- JSON Lines ---------------------------------------------------- */

static void test_jsonl_fields_and_errors(void **state) {
  (void)state;
  write_file("a.jsonl",
             "{\"id\": \"n-1\", \"date\": \"2014-03-10\", \"time\": "
             "\"2014-03-10T16:52:50Z\", \"outlet\": \"Daily Planet\", "
             "\"url\": \"http://x/1\", \"title\": \"T1\", \"text\": \"Fed "
             "official says\"}\n"
             "\n"
             "{\"id\": 42, \"date\": \"2014-03-11T08:00:00-05:00\", \"body\": "
             "\"By Jane Roe\\n\\nA body.\", \"source\": \"Gazette\"}\n"
             "{\"id\": \"n-3\", \"date\": \"2014-03-1\n"
             "{\"date\": \"2014-03-12\", \"text\": \"no id\"}\n"
             "{\"id\": \"n-5\", \"text\": \"no date\"}\n"
             "{\"id\": \"n-6\", \"date\": \"2014-13-01\", \"text\": \"x\"}\n"
             "{\"id\": \"n-7\", \"date\": \"2014-03-12\", \"text\": \" \"}\n"
             "[1, 2]\r\n"
             "{\"id\": \"n-9\", \"date\": \"2014-03-12\", \"text\": \"nul "
             "\\u0000 in\", \"author\": \"Ann Lee\"}\r\n");
  px_reader *r = open_one("a.jsonl", 0);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.id, "n-1");
  assert_string_equal(a.time, "16:52:50");
  assert_int_equal(a.timestamp, 1394470370);
  assert_string_equal(a.outlet, "Daily Planet");
  assert_string_equal(a.title, "T1");
  assert_string_equal(a.url, "http://x/1");
  assert_int_equal(a.line, 1);
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.id, "42");
  assert_string_equal(a.date, "2014-03-11");
  assert_int_equal(a.timestamp, 1394542800);
  assert_string_equal(a.outlet, "Gazette");
  assert_null(a.author); /* a byline in the text is analysis's to find */
  assert_int_equal(a.line, 3);
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.id, "n-9");
  assert_string_equal(a.text, "nul  in");
  assert_int_equal(a.n_nul, 1);
  assert_string_equal(a.author, "Ann Lee");
  assert_int_equal(px_reader_next(r, &a), 0);
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.kept, 3);
  assert_int_equal(st.by_status[PX_BAD_JSON], 2);
  assert_int_equal(st.by_status[PX_NO_ID], 1);
  assert_int_equal(st.by_status[PX_NO_DATE], 1);
  assert_int_equal(st.by_status[PX_BAD_DATE], 1);
  assert_int_equal(st.by_status[PX_NO_TEXT], 1);
  const seen_diag *d = find_diag(PX_BAD_JSON);
  assert_int_equal(d->line, 4);
  assert_true(d->byte > 200);
  px_reader_close(r);
}

static void test_jsonl_invalid_utf8(void **state) {
  (void)state;
  static const char line[] =
      "{\"id\": \"u\", \"date\": \"2020-01-01\", \"text\": \"a \xC3\x28 b\"}\n";
  write_bytes("u.ndjson", line, sizeof line - 1);
  px_reader *r = open_one("u.ndjson", 0);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_int_equal(a.n_repaired, 1);
  assert_string_equal(a.text, "a \xEF\xBF\xBD( b");
  const seen_diag *w = find_warning("invalid UTF-8");
  assert_non_null(w);
  assert_int_equal(w->byte, (uint64_t)(strchr(line, '\xC3') - line));
  assert_int_equal(w->line, 1);
  px_reader_close(r);
}

/* Keys match exactly, and a key given twice takes its last value (a last
 * value that is not a string leaves the field unset), on the fast path and
 * on jansson's alike: each line is read once as is and once with a number
 * the fast path leaves to jansson. */
static void test_jsonl_key_rules(void **state) {
  (void)state;
  static const char *const objs[] = {
      "\"id\":\"k1\",\"date\":\"2025-01-01\",\"text\":\"right\",\"Text\":\"wrong\"",
      "\"id\":\"k2\",\"date\":\"2025-01-01\",\"text\":\"first\",\"text\":\"last\"",
      "\"id\":\"k3\",\"date\":\"2025-01-01\",\"text\":\"first\",\"text\":0,"
      "\"body\":\"fallback\"",
      "\"id\":\"k4\",\"date\":\"2025-01-01\",\"text\":\"\",\"Text\":\"e\",\"Text\":0",
  };
  static const char *const want[] = {"right", "last", "fallback", NULL};
  char pad[96];
  snprintf(pad, sizeof pad, ",\"pad\":1.%070d", 0);
  for (int slow = 0; slow < 2; slow++) {
    char buf[1024] = "";
    for (size_t i = 0; i < 4; i++) {
      strcat(buf, "{");
      strcat(buf, objs[i]);
      strcat(buf, slow ? pad : "");
      strcat(buf, "}\n");
    }
    write_file("keys.jsonl", buf);
    px_reader *r = open_one("keys.jsonl", 0);
    px_article a;
    for (size_t i = 0; want[i]; i++) {
      assert_int_equal(px_reader_next(r, &a), 1);
      assert_string_equal(a.text, want[i]);
    }
    assert_int_equal(px_reader_next(r, &a), 0);
    px_ingest_stats st;
    check_stats(r, &st);
    assert_int_equal(st.by_status[PX_NO_TEXT], 1); /* k4: "text" is "" */
    px_reader_close(r);
  }
}

static void test_jsonl_separate_time(void **state) {
  (void)state;
  write_file("t.jsonl",
             "{\"id\":\"t1\",\"date\":\"2020-01-01\",\"time\":\"08:15\",\"text\":\"x\"}\n"
             "{\"id\":\"t2\",\"date\":\"2020-01-01\",\"time\":\"8am\",\"text\":\"x\"}\n");
  px_reader *r = open_one("t.jsonl", 0);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.time, "08:15:00");
  assert_int_equal(a.timestamp, 1577866500);
  assert_int_equal(px_reader_next(r, &a), 1); /* a bad time is dropped */
  assert_null(a.time);
  assert_int_equal(a.timestamp, 1577836800);
  assert_non_null(find_warning("ignoring malformed time"));
  px_reader_close(r);
}

static void test_jsonl_too_large(void **state) {
  (void)state;
  size_t n = 200000;
  char *buf = malloc(n + 1024);
  assert_non_null(buf);
  int k = sprintf(buf, "{\"id\":\"big\",\"date\":\"2020-01-01\",\"text\":\"");
  memset(buf + k, 'y', n);
  k += (int)n;
  k += sprintf(buf + k, "\"}\n{\"id\":\"mid\",\"date\":\"2020-01-01\","
                        "\"text\":\"%0150d\"}\n", 0);
  k += sprintf(buf + k, "{\"id\":\"ok\",\"date\":\"2020-01-01\",\"text\":\"z\"}\n");
  write_bytes("big.json", buf, (size_t)k);
  free(buf);
  px_reader *r = open_one("big.json", 100);
  char ids[64];
  assert_int_equal(drain(r, ids, sizeof ids), 1);
  assert_string_equal(ids, "ok ");
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.by_status[PX_TOO_LARGE], 2);
  px_reader_close(r);
}

static void test_jsonl_empty(void **state) {
  (void)state;
  write_file("e.jsonl", "\n  \n");
  px_reader *r = open_one("e.jsonl", 0);
  assert_int_equal(drain(r, NULL, 0), 0);
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.by_status[PX_EMPTY], 1);
  px_reader_close(r);
}

/* A .json file holding an array of articles, or pretty-printed objects,
 * is read as a document: each value is one record with its own line. */
static void test_json_documents(void **state) {
  (void)state;
  static const char arr[] = "[\n"
                            "  {\n"
                            "    \"id\": \"a1\",\n"
                            "    \"date\": \"2025-01-01\",\n"
                            "    \"text\": \"First.\"\n"
                            "  },\n"
                            "  {\n"
                            "    \"id\": \"a2\",\n"
                            "    \"text\": \"No date.\"\n"
                            "  },\n"
                            "  7\n"
                            "]\n";
  mkdir(path_of("j"), 0700);
  write_file("j/a.json", arr);
  write_file("j/p.json", "{\n  \"id\": \"p1\",\n  \"date\": \"2025-01-02\",\n"
                       "  \"text\": \"Pretty.\"\n}\n");
  write_file("j/s.jsonl", "{\"id\": \"s1\",\n \"date\": \"2025-01-03\", "
                        "\"text\": \"One.\"}\n"
                        "{\"id\": \"s2\",\n \"date\": \"2025-01-03\", "
                        "\"text\": \"Two.\"}\n");
  write_file("j/b.jsonl", "{\"id\": \"b1\", \"text\": \"cut\n"
                        "{\"id\": \"b2\", \"date\": \"2025-01-04\", "
                        "\"text\": \"Fine.\"}\n");
  write_file("j/c.json", "[{\"id\": \"c1\", \"date\": \"2025-01-05\", "
                       "\"text\": \"Kept.\"},\n {\"id\": \"c2\"");
  const char *paths[1] = {path_of("j")}; /* a b c p s */
  px_reader_opts o = {0, capture, NULL};
  px_reader *r = px_reader_open(paths, 1, &o);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.id, "a1");
  assert_int_equal(a.line, 2);
  char ids[64];
  assert_int_equal(drain(r, ids, sizeof ids), 5);
  assert_string_equal(ids, "b2 c1 p1 s1 s2 ");
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.read, 10);
  assert_int_equal(st.by_status[PX_NO_DATE], 1);
  assert_int_equal(st.by_status[PX_BAD_JSON], 3);
  const seen_diag *d = find_diag(PX_NO_DATE);
  assert_int_equal(d->line, 7);
  assert_int_equal(d->byte, (uint64_t)(strstr(arr, "{\n    \"id\": \"a2") - arr));
  d = find_diag(PX_BAD_JSON);
  assert_int_equal(d->line, 11);
  d = &diags[n_diags - 1];
  assert_non_null(strstr(d->file, "c.json"));
  assert_int_equal(d->line, 2);
  assert_non_null(strstr(d->msg, "does not end"));
  px_reader_close(r);
}

/* A document over the limit is refused with one message. */
static void test_json_document_too_large(void **state) {
  (void)state;
  size_t n = 80000;
  char *buf = malloc(n + 64);
  assert_non_null(buf);
  int k = sprintf(buf, "[\n");
  for (; (size_t)k < n;)
    k += sprintf(buf + k, "{\"id\":\"x%d\",\"date\":\"2025-01-01\",\"text\":\"t\"},\n", k);
  k += sprintf(buf + k, "{}]\n");
  write_bytes("big.json", buf, (size_t)k);
  free(buf);
  px_reader *r = open_one("big.json", 100);
  assert_int_equal(drain(r, NULL, 0), 0);
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.read, 1);
  assert_int_equal(st.by_status[PX_TOO_LARGE], 1);
  assert_int_equal(n_diags, 1);
  assert_non_null(strstr(diags[0].msg, "JSON document over the limit"));
  px_reader_close(r);
}

/* ---- CSV ----------------------------------------------------------- */

static void test_csv_records(void **state) {
  (void)state;
  write_file("c.csv",
             "\xEF\xBB\xBFID,Date,Headline,Body,Publisher,Extra\r\n"
             "c1,2021-05-06,\"Title, with comma\",\"Line one\n\nShe said "
             "\"\"hi\"\".\",Wire Co,zz\r\n"
             "\r\n"
             "c2,2021-05-07,,plain text,,\n"
             "c3,,,no date here,,\n"
             "c4,2021-05-08\n");
  px_reader *r = open_one("c.csv", 0);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.id, "c1");
  assert_string_equal(a.title, "Title, with comma");
  assert_string_equal(a.text, "Line one\n\nShe said \"hi\".");
  assert_string_equal(a.outlet, "Wire Co");
  assert_int_equal(a.line, 2);
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.id, "c2");
  assert_null(a.title);
  assert_null(a.outlet);
  assert_int_equal(a.line, 6);
  assert_int_equal(px_reader_next(r, &a), 0);
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.kept, 2);
  assert_int_equal(st.by_status[PX_NO_DATE], 1);
  assert_int_equal(st.by_status[PX_NO_TEXT], 1);
  assert_int_equal(find_diag(PX_NO_DATE)->line, 7);
  px_reader_close(r);
}

/* A quote left open is reported at its record's line, and reading goes on
 * at the next line that starts a record (its date column holds a date), so
 * later records are read and counted, not swallowed. */
static void test_csv_unterminated_quote(void **state) {
  (void)state;
  /* the open quote pairs with q4's: the quote closing it is followed by
     text, not a comma */
  write_file("q.csv", "id,date,text\n"
                      "q1,2021-01-01,fine\n"
                      "q2,2021-01-02,\"never closed\n"
                      "q3,2021-01-03,kept\n"
                      "q4,2021-01-04,\"quoted, fine\n"
                      "across lines\"\n");
  /* the same, paired with the quote of a quoted date */
  write_file("e.csv", "id,date,text\n"
                      "e1,2021-01-01,\"open\n"
                      "prose, with a comma\n"
                      "e2,\"2021-01-02\",kept\n");
  /* the quote runs to the end of the file, over a line of prose */
  write_file("f.csv", "id,date,text\n"
                      "f1,2021-01-01,\"open\n"
                      "prose, with a comma\n"
                      "f2,2021-01-02,kept\n");
  const char *paths[3] = {path_of("q.csv"), path_of("e.csv"),
                          path_of("f.csv")};
  px_reader_opts o = {0, capture, NULL};
  px_reader *r = px_reader_open(paths, 3, &o);
  char ids[64];
  assert_int_equal(drain(r, ids, sizeof ids), 5);
  assert_string_equal(ids, "q1 q3 q4 e2 f2 ");
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.read, 8);
  assert_int_equal(st.by_status[PX_BAD_CSV], 3);
  const seen_diag *d = find_diag(PX_BAD_CSV);
  assert_int_equal(d->line, 3);
  assert_int_equal(d->byte, 32);
  assert_non_null(strstr(d->msg, "closed by a quote on a later line"));
  assert_non_null(strstr(d->msg, "lines 3-3 skipped, reading again from line 4"));
  d = &diags[n_diags - 2];
  assert_non_null(strstr(d->msg, "lines 2-3 skipped, reading again from line 4"));
  d = &diags[n_diags - 1];
  assert_int_equal(d->line, 2);
  assert_non_null(strstr(d->msg, "runs to the end of the file"));
  assert_non_null(strstr(d->msg, "lines 2-3 skipped, reading again from line 4"));
  px_reader_close(r);
}

/* A quote left open past the record limit: reading goes on at the next
 * record in what was read, then at the input after it. */
static void test_csv_open_quote_limit(void **state) {
  (void)state;
  size_t n = 70000;
  char *buf = malloc(n + 256);
  assert_non_null(buf);
  int k = sprintf(buf, "id,date,text\nb1,2021-01-01,\"open\n"
                       "b2,2021-01-02,second\n");
  memset(buf + k, 'x', n);
  k += (int)n;
  k += sprintf(buf + k, "\nb3,2021-01-03,third\n");
  write_bytes("l.csv", buf, (size_t)k);
  free(buf);
  px_reader *r = open_one("l.csv", 100);
  char ids[64];
  assert_int_equal(drain(r, ids, sizeof ids), 2);
  assert_string_equal(ids, "b2 b3 ");
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.by_status[PX_BAD_CSV], 1);
  assert_int_equal(st.by_status[PX_TOO_LARGE], 1); /* the line of x */
  assert_non_null(strstr(find_diag(PX_BAD_CSV)->msg, "runs past the limit"));
  px_reader_close(r);
}

/* A header without a date column is one message naming the columns and
 * what is accepted, not one per row; the rows are counted as skipped. */
static void test_csv_no_date_column(void **state) {
  (void)state;
  write_file("n.csv", "ID,Headline,Body\n"
                      "n1,One,\"text, with\nmore lines\"\n"
                      "n2,Two,text\n"
                      "\n"
                      "n3,Three,text\n");
  px_reader *r = open_one("n.csv", 0);
  assert_int_equal(drain(r, NULL, 0), 0);
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.read, 3);
  assert_int_equal(st.by_status[PX_NO_DATE], 3);
  assert_int_equal(n_diags, 1);
  assert_int_equal(diags[0].line, 1);
  assert_non_null(strstr(diags[0].msg, "no date column"));
  assert_non_null(strstr(diags[0].msg, "ID, Headline, Body"));
  assert_non_null(strstr(diags[0].msg, "named date"));
  px_reader_close(r);
}

/* A repair is reported at the line and byte where the bad bytes are, in
 * every format: not the line where the article starts, not byte 0. */
static void test_repairs_name_line_and_byte(void **state) {
  (void)state;
  static const char dated[] = "date 2025-01-01\nLine two.\n\n  Line \xC3\x28 four.\n";
  static const char jsonl[] =
      "{\"id\":\"j1\",\"date\":\"2025-01-01\",\"text\":\"fine\"}\n"
      "{\"id\":\"j2\",\"date\":\"2025-01-01\",\"text\":\"a\\\\u0000b \\u0000c\"}\n";
  static const char csv[] = "id,date,text\n"
                            "c1,2025-01-01,\"One.\n\nTwo \xC3\x28.\"\n"
                            "c2,2025-01-01,\"Say \"\"hi\"\".\n\xC3\x28\"\n";
  write_bytes("d.txt", dated, sizeof dated - 1);
  write_bytes("j.jsonl", jsonl, sizeof jsonl - 1);
  write_bytes("c.csv", csv, sizeof csv - 1);
  const char *paths[3] = {path_of("d.txt"), path_of("j.jsonl"),
                          path_of("c.csv")};
  px_reader_opts o = {0, capture, NULL};
  px_reader *r = px_reader_open(paths, 3, &o);
  assert_int_equal(drain(r, NULL, 0), 5);
  px_reader_close(r);
  const seen_diag *d = find_warning("invalid UTF-8");
  assert_non_null(d);
  assert_int_equal(d->line, 4);
  assert_int_equal(d->byte, (uint64_t)(strchr(dated, '\xC3') - dated));
  d = find_diag(PX_NUL_BYTE);
  assert_non_null(d);
  assert_int_equal(d->line, 2);
  assert_int_equal(d->byte, (uint64_t)(strstr(jsonl, " \\u0000") + 1 - jsonl));
  const seen_diag *c1 = NULL, *c2 = NULL;
  for (size_t i = 0; i < n_diags; i++)
    if (strstr(diags[i].file, "c.csv") && diags[i].st == PX_BAD_UTF8)
      *(c1 ? &c2 : &c1) = &diags[i];
  assert_non_null(c2);
  assert_int_equal(c1->line, 4);
  assert_int_equal(c1->byte, (uint64_t)(strchr(csv, '\xC3') - csv));
  assert_int_equal(c2->line, 6); /* the field has "": line, not byte */
  assert_int_equal(c2->byte, (uint64_t)(strstr(csv, "\"Say") + 1 - csv));
}

/* A second article with an id read before is reported at its own place,
 * naming the first one's, and skipped: the first in input order is kept. */
static void test_duplicate_ids(void **state) {
  (void)state;
  write_file("d.jsonl",
             "{\"id\":\"a\",\"date\":\"2025-01-01\",\"text\":\"first\"}\n"
             "{\"id\":\"b\",\"date\":\"2025-01-01\",\"text\":\"other\"}\n"
             "{\"id\":\" a \",\"date\":\"2025-01-02\",\"text\":\"again\"}\n");
  write_file("d.csv", "id,date,text\nb,2025-01-03,third\nc,2025-01-03,new\n");
  const char *paths[2] = {path_of("d.jsonl"), path_of("d.csv")};
  px_reader_opts o = {0, capture, NULL};
  px_reader *r = px_reader_open(paths, 2, &o);
  char ids[64];
  assert_int_equal(drain(r, ids, sizeof ids), 3);
  assert_string_equal(ids, "a b c ");
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.read, 5);
  assert_int_equal(st.by_status[PX_DUPLICATE_ID], 2);
  const seen_diag *d = find_diag(PX_DUPLICATE_ID);
  assert_int_equal(d->line, 3);
  assert_non_null(strstr(d->file, "d.jsonl"));
  char want[600];
  snprintf(want, sizeof want, "duplicate id \"a\": first read at %s:1",
           path_of("d.jsonl"));
  assert_non_null(strstr(d->msg, want));
  d = &diags[n_diags - 1];
  assert_int_equal(d->line, 2);
  assert_non_null(strstr(d->msg, "d.jsonl:2"));
  assert_string_equal(px_status_name(PX_DUPLICATE_ID), "duplicate_id");
  px_reader_close(r);
}

/* Writes utf8 as UTF-16 (big-endian when be) with a byte-order mark; tail
 * (n_tail bytes) is added as is, for broken endings. */
static void write_utf16(const char *name, const char *utf8, int be,
                        const unsigned char *tail, size_t n_tail) {
  size_t n = strlen(utf8), k = 0;
  unsigned char *out = malloc(2 * n + 4 + n_tail);
  assert_non_null(out);
  unsigned units[2];
  out[k++] = be ? 0xFE : 0xFF;
  out[k++] = be ? 0xFF : 0xFE;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int len = px_utf8_decode(utf8 + i, n - i, &cp);
    assert_true(len > 0);
    i += (size_t)len;
    size_t m = 1;
    units[0] = (unsigned)cp;
    if (cp >= 0x10000) {
      units[0] = 0xD800 + (((unsigned)cp - 0x10000) >> 10);
      units[1] = 0xDC00 + (((unsigned)cp - 0x10000) & 0x3FF);
      m = 2;
    }
    for (size_t u = 0; u < m; u++) {
      out[k++] = (unsigned char)(be ? units[u] >> 8 : units[u] & 0xFF);
      out[k++] = (unsigned char)(be ? units[u] & 0xFF : units[u] >> 8);
    }
  }
  if (n_tail) memcpy(out + k, tail, n_tail);
  write_bytes(name, out, k + n_tail);
  free(out);
}

/* UTF-16 input, known by its byte-order mark, is read as UTF-8: little-
 * and big-endian, a surrogate pair cut by the 64 KiB window, and a broken
 * end (a lone high surrogate, an odd byte) replaced by U+FFFD. */
static void test_utf16_input(void **state) {
  (void)state;
  static const char smile[] = "\xF0\x9F\x98\x80";
  write_utf16("d16.txt", "date 2025-02-03\nCaf\xC3\xA9 \xF0\x9F\x98\x80 opens.",
              0, NULL, 0);
  write_utf16("j16.jsonl",
              "{\"id\":\"j16\",\"date\":\"2025-02-03\",\"text\":\"Caf\xC3\xA9\"}\n"
              "{\"id\":\"j17\",\"date\":\"2025-02-03\",\"text\":\"bad \\u0000\"}\n",
              1, NULL, 0);
  size_t n_smiles = 20000;
  char *csv = malloc(n_smiles * 4 + 64);
  assert_non_null(csv);
  int k = sprintf(csv, "id,date,text\nb16,2025-02-03,");
  for (size_t i = 0; i < n_smiles; i++, k += 4) memcpy(csv + k, smile, 4);
  strcpy(csv + k, "\n");
  write_utf16("b16.csv", csv, 0, NULL, 0);
  static const unsigned char broken[] = {0x3D, 0xD8, 0x41};
  write_utf16("e16.txt", "date 2025-02-03\nEnds badly", 0, broken, 3);
  const char *paths[4] = {path_of("d16.txt"), path_of("j16.jsonl"),
                          path_of("b16.csv"), path_of("e16.txt")};
  px_reader_opts o = {0, capture, NULL};
  px_reader *r = px_reader_open(paths, 4, &o);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.text, "Caf\xC3\xA9 \xF0\x9F\x98\x80 opens.");
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.id, "j16");
  assert_string_equal(a.text, "Caf\xC3\xA9");
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.id, "j17");
  assert_int_equal(a.n_nul, 1);
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.id, "b16");
  assert_int_equal(a.text_len, n_smiles * 4);
  assert_memory_equal(a.text, csv + strlen("id,date,text\nb16,2025-02-03,"),
                      n_smiles * 4);
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.text, "Ends badly\xEF\xBF\xBD\xEF\xBF\xBD");
  assert_int_equal(px_reader_next(r, &a), 0);
  free(csv);
  const seen_diag *d = find_diag(PX_NUL_BYTE);
  assert_non_null(d);
  assert_int_equal(d->line, 2);
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.skipped, 0);
  px_reader_close(r);
}

/* ---- compressed input ---------------------------------------------- */

static size_t gzip_bytes(const char *text, unsigned char *out, size_t cap) {
  z_stream z;
  memset(&z, 0, sizeof z);
  assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY),
                   Z_OK);
  z.next_in = (unsigned char *)(uintptr_t)text;
  z.avail_in = (uInt)strlen(text);
  z.next_out = out;
  z.avail_out = (uInt)cap;
  assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
  size_t n = cap - z.avail_out;
  deflateEnd(&z);
  return n;
}

static const char jsonl3[] =
    "{\"id\":\"g1\",\"date\":\"2022-01-01\",\"text\":\"first article\"}\n"
    "{\"id\":\"g2\",\"date\":\"2022-01-02\",\"text\":\"second article\"}\n"
    "{\"id\":\"g3\",\"date\":\"2022-01-03\",\"text\":\"third article, "
    "which is long enough to be cut in the middle by the truncation\"}\n";

static void test_gzip_multi_member(void **state) {
  (void)state;
  unsigned char buf[2048];
  size_t n = gzip_bytes(jsonl3, buf, sizeof buf);
  n += gzip_bytes("{\"id\":\"g4\",\"date\":\"2022-01-04\",\"text\":\"x\"}\n",
                  buf + n, sizeof buf - n);
  write_bytes("m.jsonl.gz", buf, n);
  px_reader *r = open_one("m.jsonl.gz", 0);
  char ids[64];
  assert_int_equal(drain(r, ids, sizeof ids), 4);
  assert_string_equal(ids, "g1 g2 g3 g4 ");
  assert_int_equal(n_diags, 0);
  px_reader_close(r);
}

/* partial: how many cut records were decoded in part (gzip decodes up to
 * the cut; zstd only whole blocks, so a cut block yields nothing). */
static void check_truncated(const char *name, uint64_t partial) {
  px_reader *r = open_one(name, 0);
  char ids[64];
  assert_int_equal(drain(r, ids, sizeof ids), 2);
  assert_string_equal(ids, "g1 g2 ");
  const seen_diag *d = NULL; /* the stream's report, after the line's */
  for (size_t i = 0; i < n_diags; i++)
    if (diags[i].st == PX_TRUNCATED && strstr(diags[i].msg, "compressed byte"))
      d = &diags[i];
  assert_non_null(d);
  assert_int_equal(d->sev, PX_ERROR);
  assert_string_equal(d->file, path_of(name));
  assert_true(d->byte > 100); /* decoded bytes before the cut */

  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.kept, 2);
  assert_int_equal(st.by_status[PX_TRUNCATED], partial);
  px_reader_close(r);
}

static void test_gzip_truncated(void **state) {
  (void)state;
  unsigned char buf[2048];
  size_t n = gzip_bytes(jsonl3, buf, sizeof buf);
  write_bytes("t.jsonl.gz", buf, n - 30); /* cuts the third line */
  check_truncated("t.jsonl.gz", 1);
}

/* Compresses line by line with a flush after each, as a streaming writer
 * does: a zstd block only decodes whole, so this is what lets the lines
 * before a cut survive it. */
static size_t zstd_lines(const char *text, unsigned char *out, size_t cap) {
  ZSTD_CCtx *c = ZSTD_createCCtx();
  assert_non_null(c);
  ZSTD_outBuffer o = {out, cap, 0};
  for (const char *p = text; *p;) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
    ZSTD_inBuffer in = {p, len, 0};
    size_t left;
    do left = ZSTD_compressStream2(c, &o, &in, ZSTD_e_flush);
    while (left && !ZSTD_isError(left));
    assert_false(ZSTD_isError(left));
    p += len;
  }
  ZSTD_inBuffer none = {NULL, 0, 0};
  assert_int_equal(ZSTD_compressStream2(c, &o, &none, ZSTD_e_end), 0);
  ZSTD_freeCCtx(c);
  return o.pos;
}

static void test_zstd_whole_and_truncated(void **state) {
  (void)state;
  unsigned char buf[2048];
  size_t n = zstd_lines(jsonl3, buf, sizeof buf);
  write_bytes("w.jsonl.zst", buf, n);
  px_reader *r = open_one("w.jsonl.zst", 0);
  assert_int_equal(drain(r, NULL, 0), 3);
  assert_int_equal(n_diags, 0);
  px_reader_close(r);
  write_bytes("t.jsonl.zst", buf, n - 12);
  check_truncated("t.jsonl.zst", 0);
}

static void test_gzip_dated_truncated(void **state) {
  (void)state;
  unsigned char buf[2048];
  size_t n = gzip_bytes(seed_credit, buf, sizeof buf);
  write_bytes("d.txt.gz", buf, n);
  write_bytes("e.txt.gz", buf, n / 2);
  px_reader *r = open_one("d.txt.gz", 0);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.id, "d"); /* .txt.gz stripped from the id */
  px_reader_close(r);
  r = open_one("e.txt.gz", 0);
  assert_int_equal(drain(r, NULL, 0), 0);
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.by_status[PX_TRUNCATED], 1);
  px_reader_close(r);
}

/* ---- folders, paths, order ----------------------------------------- */

static void test_folder_order(void **state) {
  (void)state;
  const char *art = "date 2025-01-01\nText.";
  mkdir(path_of("f"), 0700);
  mkdir(path_of("f/a"), 0700);
  write_file("f/b.txt", art);
  write_file("f/a/z.txt", art);
  write_file("f/a.txt", art);
  write_file("f/.hidden.txt", art);
  write_file("f/README.md", "# not an article\n");
  write_file("f/c.csv", "id,date,text\nc,2025-01-02,T\n");
  write_file("f/d.dat", "\n  {\"id\":\"d\",\"date\":\"2025-01-01\",\"text\":\"J\"}");
  const char *paths[2] = {path_of("f"), path_of("missing")};
  px_reader_opts o = {0, capture, NULL};
  px_reader *r = px_reader_open(paths, 2, &o);
  char ids[128];
  assert_int_equal(drain(r, ids, sizeof ids), 5);
  assert_string_equal(ids, "a z b c d ");
  assert_non_null(find_diag(PX_NOT_FOUND));
  assert_non_null(find_diag(PX_USAGE)); /* README.md: unknown format */
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.files, 6);
  assert_int_equal(st.skipped, 0);
  px_reader_close(r);
}

/* Counts the diagnostics whose message holds needle. */
static size_t count_diags(const char *needle) {
  size_t n = 0;
  for (size_t i = 0; i < n_diags; i++) n += strstr(diags[i].msg, needle) != NULL;
  return n;
}

/* Each folder and file is read once, by device and inode: a link back up
 * (up -> ..) or to itself (here -> .) is one warning, not 32 or endless
 * reads; a file reached again through a symbolic or hard link, or given
 * twice, is skipped with a note naming its first path. */
static void test_folder_links(void **state) {
  (void)state;
  const char *art = "date 2025-01-01\nText.";
  mkdir(path_of("f"), 0700);
  mkdir(path_of("f/sub"), 0700);
  mkdir(path_of("g"), 0700);
  write_file("f/a.txt", art);
  write_file("f/sub/b.txt", art);
  write_file("g/c.txt", art);
  assert_int_equal(symlink("..", path_of("f/sub/up")), 0);
  assert_int_equal(symlink(".", path_of("g/here")), 0);
  assert_int_equal(symlink("a.txt", path_of("f/sym.txt")), 0);
  assert_int_equal(link(path_of("f/a.txt"), path_of("f/hard.txt")), 0);
  const char *paths[3] = {path_of("f"), path_of("g"), path_of("f/a.txt")};
  px_reader_opts o = {0, capture, NULL};
  px_reader *r = px_reader_open(paths, 3, &o);
  char ids[128];
  assert_int_equal(drain(r, ids, sizeof ids), 3);
  assert_string_equal(ids, "a b c ");
  assert_int_equal(count_diags("symbolic link loop"), 2);
  assert_int_equal(count_diags("the same file as"), 3);
  const seen_diag *d = find_warning("symbolic link loop");
  assert_non_null(strstr(d->file, "f/sub/up"));
  assert_non_null(strstr(d->msg, path_of("f")));
  d = find_warning("the same file as");
  assert_non_null(strstr(d->file, "f/hard.txt"));
  assert_non_null(strstr(d->msg, "f/a.txt"));
  px_ingest_stats st;
  check_stats(r, &st);
  assert_int_equal(st.files, 3);
  px_reader_close(r);
}

/* ---- dates and bylines --------------------------------------------- */

static void test_date_parse(void **state) {
  (void)state;
  char d[11], t[9];
  int64_t ts;
  assert_int_equal(px_date_parse("1970-01-01", 10, d, t, &ts), PX_OK);
  assert_int_equal(ts, 0);
  assert_string_equal(t, "");
  assert_int_equal(px_date_parse("2000-03-01T00:00:00Z", 20, d, t, &ts), PX_OK);
  assert_int_equal(ts, 951868800);
  assert_int_equal(px_date_parse("1969-12-31 23:59:59", 19, d, t, &ts), PX_OK);
  assert_int_equal(ts, -1);
  const char *z = "2025-10-16T10:00:00.123+02:00";
  assert_int_equal(px_date_parse(z, strlen(z), d, t, &ts), PX_OK);
  assert_string_equal(d, "2025-10-16");
  assert_string_equal(t, "10:00:00");
  assert_int_equal(ts, 1760601600);
  assert_int_equal(px_date_parse("2024-02-29", 10, d, t, &ts), PX_OK);
  assert_int_equal(px_date_parse("2000-02-29", 10, d, t, &ts), PX_OK);
  const char *bad[] = {"2023-02-29", "1900-02-29", "2025-04-31", "2025-00-10",
                       "2025-1-01",  "2025-01-01T25:00", "2025-01-01x",
                       "20250101",   "2025-01-01T10:00+2x", ""};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(px_date_parse(bad[i], strlen(bad[i]), d, t, &ts),
                     PX_BAD_DATE);
}

/* The non-ISO forms feeds use, each with what it must give. */
static void test_date_parse_common(void **state) {
  (void)state;
  static const struct { const char *in, *date, *time; int64_t ts; } ok[] = {
      {"16 Oct 2025", "2025-10-16", "", 1760572800},
      {"16 October 2025", "2025-10-16", "", 1760572800},
      {"October 16, 2025", "2025-10-16", "", 1760572800},
      {"Oct. 16 2025", "2025-10-16", "", 1760572800},
      {"Sept 3, 2025", "2025-09-03", "", 1756857600},
      {"Oct 16, 2025 14:05", "2025-10-16", "14:05:00", 1760623500},
      {"Oct 16, 2025, 2:05 pm", "2025-10-16", "14:05:00", 1760623500},
      {"October 16, 2025 12:05 AM EDT", "2025-10-16", "00:05:00", 1760587500},
      {"Thu, 16 Oct 2025 14:05:00 +0000", "2025-10-16", "14:05:00", 1760623500},
      {"Thursday, 16 Oct 2025 16:05:00 +0200", "2025-10-16", "16:05:00",
       1760623500},
      {"Thu, 16 Oct 2025 14:05:00 GMT", "2025-10-16", "14:05:00", 1760623500},
      {"2025/10/16", "2025-10-16", "", 1760572800},
      {"2025/1/5 08:00", "2025-01-05", "08:00:00", 1736064000},
      {"2025-10-16T14:05:00Z", "2025-10-16", "14:05:00", 1760623500},
      {"2025-10-16T16:05+02:00", "2025-10-16", "16:05:00", 1760623500},
      {"2025-10-16 09:05:00-0500", "2025-10-16", "09:05:00", 1760623500},
  };
  char d[11], t[9];
  int64_t ts;
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    assert_int_equal(px_date_parse(ok[i].in, strlen(ok[i].in), d, t, &ts),
                     PX_OK);
    assert_string_equal(d, ok[i].date);
    assert_string_equal(t, ok[i].time);
    assert_int_equal(ts, ok[i].ts);
  }
  const char *bad[] = {"16/10/2025", "10/16/2025", "31 Sep 2025",
                       "Octo 16, 2025", "16 Oct", "Oct 16, 2025 13:05 pm",
                       "Thu, 16 Oct 2025 14:05:00 XYZ", "2025/10/16T10:00",
                       "16 Oct 2025 garbage"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(px_date_parse(bad[i], strlen(bad[i]), d, t, &ts),
                     PX_BAD_DATE);
}

/* A dated file's date may hold spaces; a bad one is quoted whole, with the
 * accepted forms. */
static void test_dated_long_dates(void **state) {
  (void)state;
  write_file("rfc.txt", "date Thu, 16 Oct 2025 14:05:00 +0000\nBody here.");
  write_file("same.txt", "date 16 Oct 2025 The body starts here.");
  write_file("bad.txt", "date 16 Octember 2025\nBody.");
  const char *paths[3] = {path_of("rfc.txt"), path_of("same.txt"),
                          path_of("bad.txt")};
  px_reader_opts o = {0, capture, NULL};
  px_reader *r = px_reader_open(paths, 3, &o);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.date, "2025-10-16");
  assert_string_equal(a.time, "14:05:00");
  assert_string_equal(a.text, "Body here.");
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_null(a.time);
  assert_string_equal(a.text, "The body starts here.");
  assert_int_equal(px_reader_next(r, &a), 0);
  const seen_diag *d = find_diag(PX_BAD_DATE);
  assert_non_null(d);
  assert_non_null(strstr(d->msg, "\"16 Octember 2025\""));
  assert_non_null(strstr(d->msg, "accepted: 2025-10-16"));
  px_reader_close(r);
}

static void byline_is(const char *text, const char *outlet,
                      const char *author) {
  char *o = NULL, *a = NULL;
  int found = px_byline_find(text, strlen(text), &o, &a);
  assert_int_equal(found, outlet || author);
  if (outlet) assert_string_equal(o, outlet);
  else assert_null(o);
  if (author) assert_string_equal(a, author);
  else assert_null(a);
  free(o);
  free(a);
}

static void test_byline(void **state) {
  (void)state;
  byline_is("(Jane Roe, Northwind.com) President Smith said.", "Northwind.com",
            "Jane Roe");
  byline_is("(Reuters) - Oil prices rose on Monday.", "Reuters", NULL);
  byline_is("LONDON (Reuters) - Oil prices rose.", "Reuters", NULL);
  byline_is("KYIV, Ukraine (AP) \xE2\x80\x94 Drones struck overnight.", "AP",
            NULL);
  byline_is("By Jane Roe\n\nThe council met.", NULL, "Jane Roe");
  byline_is("By Jane Roe and John van der Berg, Daily Planet\n\nText.",
            "Daily Planet", "Jane Roe and John van der Berg");
  byline_is("By JANE ROE | The Evening Post\nText.", "The Evening Post",
            "JANE ROE");
  byline_is("By Jane Roe, Staff Writer\nText.", NULL, "Jane Roe");
  byline_is("Storm Hits Coast\n\nBy Ann Lee\n\nRain fell.", NULL, "Ann Lee");
  byline_is("Text of the story.\n\nThis story was first published by "
            "Northwind Gazette.", "Northwind Gazette", NULL);
  byline_is("Text.\n\nThis article originally appeared at Antiwar.org.",
            "Antiwar.org", NULL);
  byline_is("Text of the story.\n\xE2\x80\x94 Associated Press", "Associated Press",
            NULL);
  byline_is("Text of the story.\n- Daily Planet\n", "Daily Planet", NULL);
  byline_is("By Ann Lee\nText.\n\xE2\x80\x94 Associated Press",
            "Associated Press", "Ann Lee");
  byline_is("Text of the story.\n\n- Ann Lee.", NULL, "Ann Lee");
  byline_is("Text of the story.\n\n- Reuters.", "Reuters", NULL);
  byline_is("(Reuters) - Text of the story.\n\n- Ann Lee.", "Reuters",
            "Ann Lee");
  /* conservative: nothing from these */
  byline_is("By the time we arrived, it was over.", NULL, NULL);
  byline_is("He said (Reuters) - something in the middle.", NULL, NULL);
  byline_is("The talks (held in secret) - ended.", NULL, NULL);
  byline_is("Urban Outfitters (URBN) - Daily Trading Review", NULL, NULL);
  byline_is("Mannheim, Germany (Sports Network) - Text.", "Sports Network",
            NULL);
  byline_is("(this is an aside, really) and more.", NULL, NULL);
  byline_is("Text.\n\nThis article appeared in print on page 3.", NULL, NULL);
  byline_is("Text.\n- and then they left.", NULL, NULL);
  byline_is("Text.\n- 30 -", NULL, NULL);
  byline_is("", NULL, NULL);
}

static void test_status_names(void **state) {
  (void)state;
  assert_string_equal(px_status_name(PX_OK), "ok");
  assert_string_equal(px_status_name(PX_BAD_CSV), "bad_csv");
  assert_string_equal(px_strerror(PX_TRUNCATED), "truncated compressed stream");
  assert_string_equal(px_status_name(PX_STATUS_COUNT), "unknown");
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  px_diag d = {PX_ERROR, PX_BAD_JSON, "x.jsonl", 3, 120, "malformed JSON"};
  px_diag_print(&d, f);
  fclose(f);
  assert_string_equal(out, "x.jsonl:3: byte 120: error: malformed JSON\n");
  free(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
      T(test_dated_seed_with_credit), T(test_dated_seed_plain),
      T(test_dated_title),            T(test_dated_bad_inputs),
      T(test_dated_invalid_utf8_and_nul), T(test_dated_too_large),
      T(test_jsonl_fields_and_errors), T(test_jsonl_invalid_utf8),
      T(test_jsonl_separate_time),    T(test_jsonl_key_rules),
      T(test_jsonl_too_large),        T(test_jsonl_empty),
      T(test_json_documents),         T(test_json_document_too_large),
      T(test_csv_records),            T(test_csv_unterminated_quote),
      T(test_csv_open_quote_limit),   T(test_csv_no_date_column),
      T(test_repairs_name_line_and_byte), T(test_duplicate_ids),
      T(test_utf16_input),
      T(test_gzip_multi_member),      T(test_gzip_truncated),
      T(test_zstd_whole_and_truncated), T(test_gzip_dated_truncated),
      T(test_folder_order),           T(test_folder_links),
      T(test_date_parse),
      T(test_date_parse_common),      T(test_dated_long_dates),
      T(test_byline),                 T(test_status_names),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
