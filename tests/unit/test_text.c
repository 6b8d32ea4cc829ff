/* test_text.c — unit tests of src/text: UTF-8, folding, tokens, stems,
 * paragraphs and sentences. */
#include <stdlib.h>
#include "testutil.h"

static px_analyzer *an;

static int setup(void **state) {
  an = px_analyzer_new();
  return an ? 0 : -1;
}
static int teardown(void **state) {
  px_analyzer_free(an);
  return 0;
}

static px_doc run(const char *text) {
  px_doc d;
  assert_int_equal(px_analyze(an, text, strlen(text), &d), PX_OK);
  return d;
}

static void test_utf8_decode(void **state) {
  int32_t cp;
  assert_int_equal(px_utf8_decode("\xE2\x80\x9C", 3, &cp), 3);
  assert_int_equal(cp, 0x201C);
  assert_int_equal(px_utf8_decode("\xC0\x80", 2, &cp), 0);   /* overlong */
  assert_int_equal(px_utf8_decode("\xED\xA0\x80", 3, &cp), 0); /* surrogate */
  assert_int_equal(px_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0);
  assert_int_equal(px_utf8_decode("\xE2\x80", 2, &cp), 0);   /* cut short */
  char buf[4];
  assert_int_equal(px_utf8_encode(0x1F600, buf), 4);
  assert_int_equal(px_utf8_decode(buf, 4, &cp), 4);
  assert_int_equal(cp, 0x1F600);
}

static void test_utf8_repair(void **state) {
  size_t n;
  uint32_t bad, nul;
  char *s = px_utf8_repair("a\xFF" "b\0c\xE2\x80", 7, &n, &bad, &nul);
  assert_non_null(s);
  assert_string_equal(s, "a\xEF\xBF\xBD" "bc\xEF\xBF\xBD\xEF\xBF\xBD");
  assert_int_equal(bad, 3);
  assert_int_equal(nul, 1);
  free(s);
}

static void test_fold(void **state) {
  const char *in = "\xE2\x80\x9CHi\xE2\x80\x9D \xE2\x80\x94 it\xE2\x80\x99s\xC2\xA0"
                   "Caf\xC3\xA9\xE2\x80\x8B\xE2\x80\xA6";
  char out[64];
  uint32_t map[64];
  size_t n = px_fold(in, strlen(in), out, map, sizeof out);
  assert_int_equal(n, strlen("\"hi\" - it's cafe..."));
  assert_memory_equal(out, "\"hi\" - it's cafe...", n);
  assert_int_equal(map[0], 0);       /* the quote mark */
  assert_int_equal(map[1], 3);       /* 'h' after the 3-byte mark */
  assert_int_equal(map[n - 1], strlen(in) - 3); /* the ellipsis */
  assert_int_equal(px_fold(in, strlen(in), out, NULL, 4), n); /* reports need */
}

static void test_words_and_numbers(void **state) {
  const char *t = "U.S. officials don't expect O'Brien's $1.2 billion, 3.5% or 1,200 "
                  "in the 1990s at antiwar.com.";
  px_doc d = run(t);
  const char *want[] = {"U.S.", "officials", "don't", "expect", "O'Brien's", "$",
                        "1.2", "billion", ",", "3.5", "%", "or", "1,200", "in",
                        "the", "1990s", "at", "antiwar.com", "."};
  assert_int_equal(d.n_toks, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < d.n_toks; i++) assert_span(t, d.toks[i].start, d.toks[i].end, want[i]);
  assert_int_equal(d.toks[6].type, PX_TOK_NUMBER);
  assert_int_equal(d.toks[15].type, PX_TOK_WORD);
  assert_true(d.toks[0].flags & PX_TF_ALLCAP);
  assert_true(d.toks[4].flags & PX_TF_CAP);
  assert_true(d.toks[14].flags & PX_TF_STOP);
  /* stems: officials -> offici, O'Brien's -> o'brien */
  assert_memory_equal(d.pool + d.toks[1].stem, "offici", d.toks[1].stem_len);
  assert_int_equal(d.toks[4].stem_len, strlen("o'brien"));
  assert_memory_equal(d.pool + d.toks[4].stem, "o'brien", d.toks[4].stem_len);
}

static void test_quote_marks(void **state) {
  const char *t = "``Go,'' she said. \"A \"big\" one,\" rock 'n' roll of the 1990s' "
                  "\xE2\x80\x9Cyes\xE2\x80\x9D";
  px_doc d = run(t);
  size_t q = 0;
  const px_token *marks[16];
  for (size_t i = 0; i < d.n_toks; i++)
    if (d.toks[i].type == PX_TOK_QUOTE) marks[q++] = &d.toks[i];
  assert_int_equal(q, 11);
  assert_int_equal(marks[0]->quote, '"');           /* `` */
  assert_int_equal(marks[0]->end - marks[0]->start, 2);
  /* the first token of a sentence is marked so; a quote mark too */
  assert_int_equal(marks[0]->flags, PX_TF_OPEN | PX_TF_SENT_START);
  assert_int_equal(marks[1]->quote, '"');           /* '' */
  assert_true(marks[1]->flags & PX_TF_CLOSE);
  assert_int_equal(marks[2]->flags & ~PX_TF_SENT_START, PX_TF_OPEN); /* "A */
  assert_int_equal(marks[3]->flags, PX_TF_OPEN);    /* "big */
  assert_int_equal(marks[4]->flags, PX_TF_CLOSE);   /* big" */
  assert_true(marks[5]->flags & PX_TF_CLOSE);       /* one," */
  assert_int_equal(marks[6]->quote, '\'');          /* 'n */
  assert_int_equal(marks[8]->flags, PX_TF_CLOSE);   /* 1990s' */
  assert_int_equal(marks[9]->flags, PX_TF_OPEN);    /* typographic open */
  assert_int_equal(marks[10]->flags, PX_TF_CLOSE);
}

/* Counts sentences and checks the first and last. */
static void expect_sentences(const char *t, size_t n, const char *first, const char *last) {
  px_doc d = run(t);
  assert_int_equal(d.n_sents, n);
  assert_span(t, d.sents[0].start, d.sents[0].end, first);
  assert_span(t, d.sents[n - 1].start, d.sents[n - 1].end, last);
}

static void test_sentences_abbreviations(void **state) {
  expect_sentences("U.S. President Donald Trump spoke. He left.", 2,
                   "U.S. President Donald Trump spoke.", "He left.");
  expect_sentences("Sen. Jane Doe and Gov. Bob Roe met Mr. Lee on Jan. 5 at 9 a.m. "
                   "The talks ended.", 2,
                   "Sen. Jane Doe and Gov. Bob Roe met Mr. Lee on Jan. 5 at 9 a.m.",
                   "The talks ended.");
  expect_sentences("J. R. Holt arrived in the U.S. The crowd cheered.", 2,
                   "J. R. Holt arrived in the U.S.", "The crowd cheered.");
  expect_sentences("Growth was 3.5 percent. Costs rose to $1.2 billion.", 2,
                   "Growth was 3.5 percent.", "Costs rose to $1.2 billion.");
}

static void test_sentences_quotes_and_ellipses(void **state) {
  expect_sentences("He paused... and went on. Then he left.", 2,
                   "He paused... and went on.", "Then he left.");
  expect_sentences("\"We won.\" The crowd cheered.", 2, "\"We won.\"", "The crowd cheered.");
  expect_sentences("\"Is it over?\" she asked.", 1, "\"Is it over?\" she asked.",
                   "\"Is it over?\" she asked.");
  expect_sentences("\"We will bring this \"inglorious\" War, between A and B, to an end.\"",
                   1, "\"We will bring this \"inglorious\" War, between A and B, to an end.\"",
                   "\"We will bring this \"inglorious\" War, between A and B, to an end.\"");
}

static void test_paragraphs(void **state) {
  const char *t = "Storm hits coast\n\nThe storm hit. Roofs flew.\n  \nIt ended";
  px_doc d = run(t);
  assert_int_equal(d.n_paras, 3);
  assert_int_equal(d.n_sents, 4);
  assert_span(t, d.paras[0].start, d.paras[0].end, "Storm hits coast");
  assert_span(t, d.paras[1].start, d.paras[1].end, "The storm hit. Roofs flew.");
  assert_int_equal(d.sents[3].para, 2);
  assert_int_equal(d.paras[1].sent_begin, 1);
  assert_int_equal(d.paras[1].sent_end, 3);
  /* no blank line anywhere: one paragraph per line */
  d = run("Line one\nLine two\nLine three");
  assert_int_equal(d.n_paras, 3);
  assert_int_equal(d.n_sents, 3);
}

static void test_empty_and_odd(void **state) {
  px_doc d = run("");
  assert_int_equal(d.n_toks, 0);
  assert_int_equal(d.n_sents, 0);
  d = run("   \n\n\t ");
  assert_int_equal(d.n_paras, 0);
  d = run("\xEF\xBF\xBD\xE2\x80\x8B...!?");
  assert_true(d.n_toks >= 2);
  assert_true(px_is_stopword("the", 3));
  assert_false(px_is_stopword("trump", 5));
  assert_false(px_is_stopword("", 0));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_utf8_decode),
    cmocka_unit_test(test_utf8_repair),
    cmocka_unit_test(test_fold),
    cmocka_unit_test(test_words_and_numbers),
    cmocka_unit_test(test_quote_marks),
    cmocka_unit_test(test_sentences_abbreviations),
    cmocka_unit_test(test_sentences_quotes_and_ellipses),
    cmocka_unit_test(test_paragraphs),
    cmocka_unit_test(test_empty_and_odd),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
