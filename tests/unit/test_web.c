/* test_web.c — HTML pages, WARC records and feeds: main text kept and
 * boilerplate dropped, metadata, charsets, dates, and hostile inputs
 * (deep nesting, a huge attribute, broken tags, lying lengths, entity
 * bombs). Every page here is written for these tests, with fictional
 * outlets and people. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "testutil.h"
#include "ingest/web_internal.h"

typedef struct seen {
  px_status st;
  uint64_t byte;
  char msg[512];
} seen;
static seen diags[64];
static size_t n_diags;

static void capture(const px_diag *d, void *user) {
  (void)user;
  if (n_diags == 64) return;
  diags[n_diags].st = d->status;
  diags[n_diags].byte = d->byte;
  snprintf(diags[n_diags].msg, sizeof diags[n_diags].msg, "%s", d->message);
  n_diags++;
}

static const seen *find_msg(const char *needle) {
  for (size_t i = 0; i < n_diags; i++)
    if (strstr(diags[i].msg, needle)) return &diags[i];
  return NULL;
}

static const char page[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Ferry crews end strike | The Harbour Courier</title>"
    "<meta property=\"og:site_name\" content=\"The Harbour Courier\">"
    "<link rel=\"canonical\" href=\"https://harbourcourier.example/news/"
    "ferry\">"
    "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
    "\"datePublished\": \"2025-10-16T07:45:00+01:00\", \"author\": "
    "[{\"name\": \"Mara Lindqvist\"}, {\"name\": \"Olu Baines\"}]}</script>"
    "<script>document.write('<p>script text</p>')</script></head><body>"
    "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
    "<div class=\"cookie-banner\">We use cookies on this site.</div>"
    "<article><h1>Ferry crews end strike</h1>"
    "<p>Ferry crews on the northern routes agreed early on Thursday to end "
    "a four-day strike after talks through the night.</p>"
    "<h2>What changes</h2>"
    "<p>The deal raises pay by six percent and limits night shifts to three "
    "a week, said Tomas Everly of the union.</p>"
    "<ul><li>Season tickets are extended.</li></ul>"
    "<blockquote><p>We are relieved that islanders can travel again before "
    "the market weekend, the mayor said.</p></blockquote>"
    "<figure><figcaption>A ferry at the quay. Photo: staff</figcaption>"
    "</figure>"
    "<p>Members vote next week and officials expect the agreement to pass "
    "comfortably, they told the Courier.</p></article>"
    "<section class=\"comments\"><p>About time too, said a reader who "
    "missed two shifts at the hospital because of the strike.</p></section>"
    "<footer><p>Copyright 2025 The Harbour Courier, all rights reserved, "
    "twelve Quay Street, Port Elling.</p></footer></body></html>";

static void test_page_main_text(void **state) {
  (void)state;
  px__web w = {0};
  assert_int_equal(px__web_extract(&w, page, strlen(page), NULL), 0);
  const char *t = w.text.p;
  assert_non_null(strstr(t, "Ferry crews on the northern routes"));
  assert_non_null(strstr(t, "What changes"));
  assert_non_null(strstr(t, "Season tickets are extended."));
  assert_non_null(strstr(t, "We are relieved"));
  assert_non_null(strstr(t, "Members vote next week"));
  assert_null(strstr(t, "Home"));
  assert_null(strstr(t, "cookies"));
  assert_null(strstr(t, "script text"));
  assert_null(strstr(t, "Photo: staff"));
  assert_null(strstr(t, "About time too"));
  assert_null(strstr(t, "Copyright"));
  /* paragraphs stay apart */
  assert_non_null(strstr(t, "the night.\n\nWhat changes\n\nThe deal"));
  assert_string_equal(w.title.p, "Ferry crews end strike");
  assert_string_equal(w.date.p, "2025-10-16T07:45:00");
  assert_string_equal(w.author.p, "Mara Lindqvist; Olu Baines");
  assert_string_equal(w.outlet.p, "The Harbour Courier");
  assert_string_equal(w.url.p, "https://harbourcourier.example/news/ferry");
  px__web_free(&w);
}

static void test_page_metadata_fallbacks(void **state) {
  (void)state;
  /* no JSON-LD, no meta: byline markup, a date in the text, the title's
   * site part as the outlet */
  const char *p =
      "<html><head><title>Market moves to the old freight yard - Nordstadt "
      "Anzeiger</title></head><body><div id=\"inhalt\">"
      "<h1>Market moves to the old freight yard</h1>"
      "<p class=\"byline\">By Jorg Kettler | 16.10.2025, 14:20</p>"
      "<p>The weekly market moves from the town hall square to the old "
      "freight yard next spring, the district council decided.</p>"
      "<p>Traders had complained for years about the lack of space and "
      "power points on the square, said the district mayor.</p>"
      "</div></body></html>";
  px__web w = {0};
  assert_int_equal(px__web_extract(&w, p, strlen(p), NULL), 0);
  assert_string_equal(w.title.p, "Market moves to the old freight yard");
  assert_string_equal(w.author.p, "Jorg Kettler");
  assert_string_equal(w.date.p, "2025-10-16T14:20:00");
  assert_string_equal(w.outlet.p, "Nordstadt Anzeiger");
  assert_null(strstr(w.text.p, "Kettler"));
  /* the host names the outlet when nothing else does; the URL's date */
  const char *q = "<html><body><p>Only one paragraph of text here that is "
                  "long enough to count as the article body.</p></body>"
                  "</html>";
  assert_int_equal(px__web_extract(&w, q, strlen(q),
                                   "https://www.valley-ledger.example/2025/"
                                   "09/02/terrace-fees"),
                   0);
  assert_string_equal(w.outlet.p, "valley-ledger.example");
  assert_string_equal(w.date.p, "2025-09-02");
  px__web_free(&w);
}

static void test_tag_table(void **state) {
  (void)state;
  assert_int_equal(px__tag_of("a", 1), PX__T_A);
  assert_int_equal(px__tag_of("video", 5), PX__T_VIDEO);
  assert_int_equal(px__tag_of("h1", 2), PX__T_H1);
  assert_int_equal(px__tag_of("header", 6), PX__T_HEADER);
  assert_int_equal(px__tag_of("thead", 5), PX__T_THEAD);
  assert_int_equal(px__tag_of("blink", 5), PX__T_OTHER);
  /* every listed name is found (the table must stay sorted) */
#define CHECK_TAG(name, s) assert_int_equal(px__tag_of(s, strlen(s)), PX__T_##name);
  PX__TAG_TABLE(CHECK_TAG)
#undef CHECK_TAG
}

static void test_web_dates(void **state) {
  (void)state;
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"2025-10-16T07:45:00+01:00", "2025-10-16T07:45:00"},
      {"2025-10-16", "2025-10-16"},
      {"Published 16.10.2025", "2025-10-16"},
      {"16. Oktober 2025, 14:20 Uhr", "2025-10-16T14:20:00"},
      {"October 16, 2025", "2025-10-16"},
      {"Oct. 6th, 2025 at 9:05", "2025-10-06T09:05:00"},
      {"16 de octubre de 2025", "2025-10-16"},
      {"le 3 d\xC3\xA9" "cembre 2025", "2025-12-03"},
      {"Thu, 16 Oct 2025 14:05:00 +0000", "2025-10-16T14:05:00"},
      {"2025/10/16", "2025-10-16"},
  };
  char out[64];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_true(px__web_date(cases[i].in, strlen(cases[i].in), out));
    assert_string_equal(out, cases[i].out);
  }
  assert_false(px__web_date("10/11/2025", 10, out)); /* ambiguous */
  assert_false(px__web_date("no date here", 12, out));
  assert_false(px__web_date("2025-13-40", 10, out));
  const char *u = "https://x.example/politics/2025/10/16/story.html";
  assert_true(px__url_date(u, strlen(u), out));
  assert_string_equal(out, "2025-10-16");
  u = "https://x.example/story-20251016-42";
  assert_true(px__url_date(u, strlen(u), out));
  assert_string_equal(out, "2025-10-16");
  u = "https://20251016.example/story/123456789";
  assert_false(px__url_date(u, strlen(u), out));
}

static void test_charsets(void **state) {
  (void)state;
  char cs[40];
  px__buf out = {0};
  size_t bad;
  int unknown;
  /* labelled Latin-1 and Latin-1: windows-1252 */
  const char l1[] = "<meta charset=\"ISO-8859-1\"><p>Gr\xFC\xDF" "e \x80</p>";
  px__charset_detect(l1, strlen(l1), NULL, cs);
  assert_string_equal(cs, "windows-1252");
  assert_int_equal(px__to_utf8(l1, strlen(l1), cs, &out, &bad, &unknown), 0);
  assert_non_null(strstr(out.p, "Gr\xC3\xBC\xC3\x9F" "e \xE2\x82\xAC"));
  /* labelled Latin-1 but UTF-8: UTF-8 wins */
  const char mis[] = "<meta charset=\"iso-8859-1\"><p>Caf\xC3\xA9 cr\xC3\xAA"
                     "pe</p>";
  px__charset_detect(mis, strlen(mis), NULL, cs);
  assert_string_equal(cs, "utf-8");
  /* labelled UTF-8 but Latin-1 */
  const char lie[] = "<meta charset=\"utf-8\"><p>Caf\xE9 cr\xEApe</p>";
  px__charset_detect(lie, strlen(lie), NULL, cs);
  assert_string_equal(cs, "windows-1252");
  /* http-equiv and the transport */
  const char he[] = "<meta http-equiv=\"Content-Type\" content=\"text/html; "
                    "charset=windows-1251\"><p>\xCF\xF0\xE8</p>";
  px__charset_detect(he, strlen(he), NULL, cs);
  assert_string_equal(cs, "windows-1251");
  assert_int_equal(px__to_utf8(he, strlen(he), cs, &out, &bad, &unknown), 0);
  assert_non_null(strstr(out.p, "\xD0\x9F\xD1\x80\xD0\xB8"));
  px__charset_detect(l1, strlen(l1), "koi8-r", cs);
  assert_string_equal(cs, "koi8-r");
  char ct[40];
  px__content_type_charset("text/html; charset=\"Shift_JIS\"", 30, ct);
  assert_string_equal(ct, "shift_jis");
  /* an unknown charset is read as windows-1252, with a flag */
  assert_int_equal(px__to_utf8("abc\xE9", 4, "x-no-such", &out, &bad,
                               &unknown), 0);
  assert_true(unknown);
  assert_string_equal(out.p, "abc\xC3\xA9");
  /* bytes that do not decode become U+FFFD */
  assert_int_equal(px__to_utf8("a\xFF" "b", 3, "utf-8", &out, &bad,
                               &unknown), 0);
  assert_int_equal(bad, 1);
  assert_string_equal(out.p, "a\xEF\xBF\xBD" "b");
  px__buf_free(&out);
}

static void test_hostile_nesting(void **state) {
  (void)state;
  size_t depth = 100000;
  size_t cap = depth * 11 + 4096;
  char *p = malloc(cap);
  assert_non_null(p);
  size_t n = 0;
  n += (size_t)sprintf(p + n, "<html><body>");
  for (size_t i = 0; i < depth; i++) n += (size_t)sprintf(p + n, "<div>");
  n += (size_t)sprintf(p + n, "<p>A paragraph deep inside a hundred thousand "
                              "folders of markup, still found.</p>");
  for (size_t i = 0; i < depth; i++) n += (size_t)sprintf(p + n, "</div>");
  n += (size_t)sprintf(p + n, "</body></html>");
  px__web w = {0};
  clock_t t0 = clock();
  assert_int_equal(px__web_extract(&w, p, n, NULL), 0);
  assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 20);
  assert_non_null(strstr(w.text.p, "still found"));
  /* unclosed, mixed tags */
  n = 0;
  for (size_t i = 0; i < depth; i++)
    n += (size_t)sprintf(p + n, i % 2 ? "<span>" : "<b>");
  n += (size_t)sprintf(p + n, "words at the bottom");
  assert_int_equal(px__web_extract(&w, p, n, NULL), 0);
  px__web_free(&w);
  free(p);
}

static void test_hostile_attribute(void **state) {
  (void)state;
  size_t big = (size_t)50 << 20;
  char *p = malloc(big + 512);
  assert_non_null(p);
  size_t n = (size_t)sprintf(p, "<html><body><div class=\"");
  memset(p + n, 'x', big);
  n += big;
  n += (size_t)sprintf(p + n, "\"><p>Text after a fifty megabyte attribute "
                              "should not crash anything at all.</p></div>"
                              "</body></html>");
  px__web w = {0};
  assert_int_equal(px__web_extract(&w, p, n, NULL), 0);
  px__web_free(&w);
  free(p);
}

static void test_broken_tags(void **state) {
  (void)state;
  static const char *const pages[] = {
      "<p>Unclosed <b>bold <i>italic</p></b> text continues here and there "
      "with enough words to be a paragraph.</i>",
      "<div <p>>>< </ </div></div></div><p>after broken</p>",
      "<html><body><p>a &amp;&lt;&#x1F600;&#0;&#xD800;&bogus; entity</p>",
      "<!-- never closed comment <p>inside",
      "<script>never closed script <p>x</p>",
      "<table><tr><td>cell<td>cell<tr><td>row</table></td></tr>",
      "<title>only a title",
      "",
      "<",
      "<?xml version=\"1.0\"?><html xmlns=\"x\"><body><p>xhtml</p></body>",
  };
  px__web w = {0};
  for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
    assert_int_equal(px__web_extract(&w, pages[i], strlen(pages[i]), NULL),
                     0);
  const char *e = pages[2];
  assert_int_equal(px__web_extract(&w, e, strlen(e), NULL), 0);
  px__web_free(&w);
}

static const char undated[] =
    "<html><body><article><h1>Volunteers clear the dunes</h1><p>More than "
    "forty volunteers spent Sunday morning collecting plastic from the "
    "dunes north of the lighthouse, the organisers said.</p></article>"
    "</body></html>";

static void test_no_date(void **state) {
  (void)state;
  px_reader_opts o = {0, capture, NULL, NULL, 0};
  n_diags = 0;
  px_reader *r = px__reader_open_mem("dunes.html", undated, strlen(undated),
                                     &o);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 0);
  px_ingest_stats st;
  px_reader_stats(r, &st);
  assert_int_equal(st.by_status[PX_NO_DATE], 1);
  assert_non_null(find_msg("--date-default"));
  px_reader_close(r);
  o.date_default = "2025-10-01";
  r = px__reader_open_mem("dunes.html", undated, strlen(undated), &o);
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.date, "2025-10-01");
  assert_string_equal(a.id, "dunes");
  assert_string_equal(a.title, "Volunteers clear the dunes");
  px_reader_close(r);
  o.date_default = NULL;
  o.keep_undated = 1;
  r = px__reader_open_mem("dunes.html", undated, strlen(undated), &o);
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_null(a.date);
  px_reader_close(r);
}

static void test_sniffing(void **state) {
  (void)state;
  /* a page in a file without an HTML name is found by its content */
  const char *p = "\n  <!DOCTYPE html><html><head><meta name=\"date\" "
                  "content=\"2025-10-02\"></head><body><p>Harbour fees rise "
                  "for the first time in ten years, the port said on "
                  "Thursday.</p></body></html>";
  px_reader_opts o = {0, capture, NULL, NULL, 0};
  px_reader *r = px__reader_open_mem("page.dat", p, strlen(p), &o);
  px_article a;
  assert_int_equal(px_reader_next(r, &a), 1);
  assert_string_equal(a.date, "2025-10-02");
  assert_non_null(strstr(a.text, "Harbour fees rise"));
  px_reader_close(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_page_main_text),
      cmocka_unit_test(test_page_metadata_fallbacks),
      cmocka_unit_test(test_tag_table),
      cmocka_unit_test(test_web_dates),
      cmocka_unit_test(test_charsets),
      cmocka_unit_test(test_hostile_nesting),
      cmocka_unit_test(test_hostile_attribute),
      cmocka_unit_test(test_broken_tags),
      cmocka_unit_test(test_no_date),
      cmocka_unit_test(test_sniffing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
