/* test_quotes.c — quotation finding on fictional sentences, one pattern per
 * test: cue after, before and inside, '' `` and guillemets, inner marks the
 * same as the outer ones, quotations over paragraphs, reported speech,
 * partial quotations, speakers with roles, surnames and pronouns, and
 * apostrophes or unbalanced marks that must not make quotations. */
#include "testutil.h"

typedef struct {
  px_analyzer *an;
  px_quoter *qt;
  px_doc doc;
  px_quote_list l;
} fix;

static fix F;

static int setup(void **state) {
  F.an = px_analyzer_new();
  F.qt = px_quoter_new();
  return !(F.an && F.qt);
}

static int teardown(void **state) {
  px_quoter_free(F.qt);
  px_analyzer_free(F.an);
  return 0;
}

static const px_quote_list *run(const char *text) {
  assert_int_equal(px_analyze(F.an, text, strlen(text), &F.doc), PX_OK);
  assert_int_equal(px_quotes_find(F.qt, &F.doc, &F.l), PX_OK);
  return &F.l;
}

#define SPAN_IS(text, s, want) assert_span(text, (s).start, (s).end, want)

static void cue_after_with_role(void **state) {
  const char *t = "\"We will open the bridge in May,\" Harbor chief Jane Rowe said.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  assert_int_equal(l->quotes[0].kind, PX_QUOTE_DIRECT);
  SPAN_IS(t, l->quotes[0].content, "\"We will open the bridge in May,\"");
  SPAN_IS(t, l->quotes[0].speaker, "Jane Rowe");
  SPAN_IS(t, l->quotes[0].role, "Harbor chief");
  SPAN_IS(t, l->quotes[0].cue, "said");
}

static void cue_inside_two_pieces(void **state) {
  const char *t = "Mayor Tom Bell spoke at noon.\n\n"
                  "\xE2\x80\x9CThe bridge is safe,\xE2\x80\x9D he said, "
                  "\xE2\x80\x9C" "and it will stay open.\xE2\x80\x9D";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  assert_int_equal(l->quotes[0].n_pieces, 2);
  SPAN_IS(t, l->quotes[0].mention, "he");
  SPAN_IS(t, l->quotes[0].speaker, "Tom Bell");
  assert_int_equal(l->quotes[0].how, PX_SPEAKER_PRONOUN);
}

static void inner_same_marks(void **state) {
  const char *t = "\"We will end this \"silly\" feud, and soon,\" Jane Rowe wrote.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  SPAN_IS(t, l->quotes[0].content,
          "\"We will end this \"silly\" feud, and soon,\"");
}

static void nyt_marks_and_title(void **state) {
  const char *t = "``We cannot wait any longer,'' Mr. Tom Bell said.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  SPAN_IS(t, l->quotes[0].content, "``We cannot wait any longer,''");
  SPAN_IS(t, l->quotes[0].speaker, "Tom Bell");
}

static void guillemets_cue_before(void **state) {
  const char *t = "Jane Rowe said: \xC2\xAB" "The harbor stays open all year.\xC2\xBB";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  assert_int_equal(l->quotes[0].kind, PX_QUOTE_DIRECT);
  SPAN_IS(t, l->quotes[0].speaker, "Jane Rowe");
}

static void over_paragraphs(void **state) {
  const char *t = "\"The first part runs on and on.\n\n"
                  "\"The second part closes it,\" Jane Rowe said.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  assert_int_equal(l->quotes[0].content.start, 0);
  assert_int_equal(l->quotes[0].content.end, strlen(t) - strlen(" Jane Rowe said."));
  SPAN_IS(t, l->quotes[0].speaker, "Jane Rowe");
}

static void reported_that(void **state) {
  const char *t = "Jane Rowe said on Monday that the ferry would stop running.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  assert_int_equal(l->quotes[0].kind, PX_QUOTE_INDIRECT);
  SPAN_IS(t, l->quotes[0].content, "that the ferry would stop running");
}

static void reported_said_after(void **state) {
  const char *t = "The ferry will stop running in June, Rowe said.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  SPAN_IS(t, l->quotes[0].content, "The ferry will stop running in June");
  SPAN_IS(t, l->quotes[0].mention, "Rowe");
}

static void according_to(void **state) {
  const char *t = "According to harbor chief Jane Rowe, the ferry will stop in June.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  SPAN_IS(t, l->quotes[0].content, "the ferry will stop in June");
  SPAN_IS(t, l->quotes[0].speaker, "Jane Rowe");
  SPAN_IS(t, l->quotes[0].cue, "According to");
}

static void told_reporters(void **state) {
  const char *t = "Jane Rowe told reporters the ferry will stop in June.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  SPAN_IS(t, l->quotes[0].content, "the ferry will stop in June");
}

static void wrote_on_social_media(void **state) {
  const char *t = "Jane Rowe wrote on social media that the ferry will stop.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  SPAN_IS(t, l->quotes[0].content, "that the ferry will stop");
}

static void partial_labelled(void **state) {
  const char *t = "Jane Rowe spoke with the council, which she labelled "
                  "\"a very calm one\" afterwards.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  assert_int_equal(l->quotes[0].kind, PX_QUOTE_PARTIAL);
  SPAN_IS(t, l->quotes[0].content, "\"a very calm one\"");
  SPAN_IS(t, l->quotes[0].speaker, "Jane Rowe");
}

static void surname_to_full_name(void **state) {
  const char *t = "Harbor chief Jane Rowe opened the bridge.\n\n"
                  "\"It took nine years to build it,\" Rowe said.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  SPAN_IS(t, l->quotes[0].mention, "Rowe");
  SPAN_IS(t, l->quotes[0].speaker, "Jane Rowe");
  assert_int_equal(l->quotes[0].how, PX_SPEAKER_SURNAME);
}

static void spelling_variants(void **state) {
  const char *t = "Leader Ivan Petrenkoo arrived on Monday.\n\n"
                  "\"We came to talk about the harbor,\" Petrenko said.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  SPAN_IS(t, l->quotes[0].speaker, "Ivan Petrenkoo");
}

static void apostrophes_are_not_quotes(void **state) {
  const char *t = "O'Brien loved rock 'n' roll and the 1990s' clubs in town.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 0);
}

static void unbalanced_marks(void **state) {
  const char *t = "\"This quotation never closes and runs on,\" \"and on\" \"\n\n"
                  "Next paragraph \" with a stray mark.";
  const px_quote_list *l = run(t);
  for (size_t i = 0; i < l->n; i++)
    assert_true(l->quotes[i].content.end <= strlen(t));
}

static void unresolved_is_null(void **state) {
  const char *t = "\"Nobody knows who says this at all,\" they said.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  assert_int_equal(l->quotes[0].speaker.end, 0);
  assert_true(l->quotes[0].confidence < 0.5f);
}

/* "― Name" closing a paragraph signs the quotation before it. */
static void dash_signature(void **state) {
  const char *t = "\xE2\x80\x9CThe ferry should run at night too.\xE2\x80\x9D "
                  "\xE2\x80\x95 Lena Fisk\n\n"
                  "\xE2\x80\x9CWe need a second pier.\xE2\x80\x9D \xE2\x80\x94 Mark Dunn";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 2);
  SPAN_IS(t, l->quotes[0].speaker, "Lena Fisk");
  SPAN_IS(t, l->quotes[1].speaker, "Mark Dunn");
}

/* One newline between paragraphs, as some outlets write them: a quotation
 * signed on one line does not run into the next. */
static void single_newline_paragraphs(void **state) {
  const char *t = "Readers sent us letters about the bridge.\n\n"
                  "\xE2\x80\x9CThe tolls are too high for us.\xE2\x80\x9D "
                  "\xE2\x80\x95 Ana Cruz\n"
                  "\xE2\x80\x9CI cross it twice a day and love it.\xE2\x80\x9D "
                  "\xE2\x80\x95 Tom Bell\n";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 2);
  SPAN_IS(t, l->quotes[0].content, "\xE2\x80\x9CThe tolls are too high for us.\xE2\x80\x9D");
  SPAN_IS(t, l->quotes[0].speaker, "Ana Cruz");
  SPAN_IS(t, l->quotes[1].speaker, "Tom Bell");
}

/* The mention of "X, who said" runs to "who"; the speaker is X. */
static void relative_who(void **state) {
  const char *t = "The plan was backed by Jane Rowe, who said the harbor "
                  "\"will finally be open to everyone.\"";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  SPAN_IS(t, l->quotes[0].mention, "Jane Rowe, who");
  SPAN_IS(t, l->quotes[0].speaker, "Jane Rowe");
}

/* An opening phrase and a dateline are no subject: the quoted words of
 * "Following ..., the council ..." are the council's. */
static void intro_phrase_not_subject(void **state) {
  const char *t = "HARBORTON \xE2\x80\x94 Following a long meeting with Mayor "
                  "Tom Bell, Lena Fisk called the toll plan "
                  "\"a burden on every family in town.\"";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  SPAN_IS(t, l->quotes[0].speaker, "Lena Fisk");
}

/* A straight mark with a space before it can still close: "this, " Name
 * said". */
static void spaced_closing_mark(void **state) {
  const char *t = "\"The pier is not safe for the crews at night, \" "
                  "Jane Rowe said.\n\nThe crews agreed.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  assert_false(l->quotes[0].unclosed);
  SPAN_IS(t, l->quotes[0].speaker, "Jane Rowe");
}

/* Documents speak too, with their own verbs, and role words may hold a
 * number: "said 9/11 widow Jane Rowe". */
static void document_and_number_role(void **state) {
  const char *t = "\"No ferry may leave after dark,\" the harbor notice reads.\n\n"
                  "\"They are wrong about the ferry,\" said 9/11 widow Ana Cruz.";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 2);
  SPAN_IS(t, l->quotes[0].mention, "the harbor notice");
  SPAN_IS(t, l->quotes[0].cue, "reads");
  SPAN_IS(t, l->quotes[1].speaker, "Ana Cruz");
}

/* A reported clause stops at ", but he said": the comma may stand inside
 * the closing mark. */
static void clause_stops_at_but(void **state) {
  const char *t = "Jane Rowe said that the pier was \"not ready for ferries,\" "
                  "but she said the crews would start work on Monday.";
  const px_quote_list *l = run(t);
  assert_true(l->n >= 1);
  SPAN_IS(t, l->quotes[0].content,
          "that the pier was \"not ready for ferries,\"");
}

/* a new sentence that runs on into the next quotation introduces that
 * one: its cue is not the previous quotation's */
static void cue_of_next_sentence(void **state) {
  const char *t = "The council met on Monday.\n\n"
                  "\"The bridge is late. It is costly,\" Mayor Tom Bell said of "
                  "the plan. \"But it will open in May.\" Of the tunnel, Ann "
                  "Cole said, \"It is a dream.\"";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 2);
  assert_int_equal(l->quotes[0].n_pieces, 2);
  SPAN_IS(t, l->quotes[0].speaker, "Tom Bell");
  SPAN_IS(t, l->quotes[1].content, "\"It is a dream.\"");
  SPAN_IS(t, l->quotes[1].speaker, "Ann Cole");
}

/* quoted words with no cue in the sentence after a partial quotation's
 * cue go on that quotation; after plain reported speech they do not */
static void partial_goes_on(void **state) {
  const char *t = "The council met on Monday.\n\n"
                  "The new bridge \"looks like a costly mistake,\" says Jo "
                  "Rowe, a planner. \"Who asked for it?\"";
  const px_quote_list *l = run(t);
  assert_int_equal(l->n, 1);
  assert_int_equal(l->quotes[0].kind, PX_QUOTE_PARTIAL);
  assert_int_equal(l->quotes[0].n_pieces, 2);
  SPAN_IS(t, l->quotes[0].speaker, "Jo Rowe");
  const char *u = "The council met on Monday.\n\n"
                  "Jo Rowe said the new bridge was a costly mistake. "
                  "\"Who asked for it in the first place?\"";
  l = run(u);
  assert_int_equal(l->n, 2);
  assert_int_equal(l->quotes[1].kind, PX_QUOTE_DIRECT);
  assert_int_equal(l->quotes[1].n_pieces, 1);
}

/* Every span of every quotation lies inside the text and ends after it
 * starts: what the JSON writer copies bytes from. */
static void assert_spans_sane(const px_quote_list *l, size_t len) {
  for (size_t i = 0; i < l->n; i++) {
    const px_quote *q = &l->quotes[i];
    const px_span sp[] = {q->content, q->cue, q->mention, q->speaker, q->role};
    for (size_t k = 0; k < sizeof sp / sizeof sp[0]; k++) {
      assert_true(sp[k].start <= sp[k].end);
      assert_true(sp[k].end <= len);
    }
    assert_true(q->piece_begin + q->n_pieces <= l->n_pieces);
    for (uint32_t k = 0; k < q->n_pieces; k++) {
      px_span p = l->pieces[q->piece_begin + k];
      assert_true(p.start <= p.end && p.end <= len);
      assert_true(q->content.start <= p.start && p.end <= q->content.end);
    }
  }
}

/* A cue followed by a dash and a second verb or "while": the reported
 * clause of "said" is cut at once and nothing of what was said is left
 * (the second verb may still report its own clause). It once came out as
 * a content piece ending before it started. */
static void dash_after_cue_reports_nothing(void **state) {
  static const char *const texts[] = {
    "Coach Ana Petrov spoke after practice.\n\n"
    "She said - and argued for a plan.",
    "The guard kept the ball.\n\n"
    "he said \xE2\x80\x94 while cutting toward the basket.",
    "Tom Bell said \xE2\x80\x93 but lamented the delay.",
    "Officials said -- and warned of more rain.",
  };
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    const char *t = texts[i];
    const px_quote_list *l = run(t);
    assert_spans_sane(l, strlen(t));
    for (size_t k = 0; k < l->n; k++)
      assert_memory_not_equal(t + l->quotes[k].cue.start, "said", 4);
  }
}

/* "according" with no "to" after it, the text's last word, is the cue of
 * the aside after a quotation: its span is that word alone, not one token
 * more past the end. */
static void according_last_word(void **state) {
  const char *t = "\"We will open the bridge very soon,\" Rowe according";
  const px_quote_list *l = run(t);
  assert_spans_sane(l, strlen(t));
  assert_int_equal(l->n, 1);
  SPAN_IS(t, l->quotes[0].cue, "according");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(cue_after_with_role),
    cmocka_unit_test(cue_inside_two_pieces),
    cmocka_unit_test(inner_same_marks),
    cmocka_unit_test(nyt_marks_and_title),
    cmocka_unit_test(guillemets_cue_before),
    cmocka_unit_test(over_paragraphs),
    cmocka_unit_test(reported_that),
    cmocka_unit_test(reported_said_after),
    cmocka_unit_test(according_to),
    cmocka_unit_test(told_reporters),
    cmocka_unit_test(wrote_on_social_media),
    cmocka_unit_test(partial_labelled),
    cmocka_unit_test(surname_to_full_name),
    cmocka_unit_test(spelling_variants),
    cmocka_unit_test(apostrophes_are_not_quotes),
    cmocka_unit_test(unbalanced_marks),
    cmocka_unit_test(unresolved_is_null),
    cmocka_unit_test(dash_signature),
    cmocka_unit_test(single_newline_paragraphs),
    cmocka_unit_test(relative_who),
    cmocka_unit_test(intro_phrase_not_subject),
    cmocka_unit_test(spaced_closing_mark),
    cmocka_unit_test(document_and_number_role),
    cmocka_unit_test(clause_stops_at_but),
    cmocka_unit_test(cue_of_next_sentence),
    cmocka_unit_test(partial_goes_on),
    cmocka_unit_test(dash_after_cue_reports_nothing),
    cmocka_unit_test(according_last_word),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
