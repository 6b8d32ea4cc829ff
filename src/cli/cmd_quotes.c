/* cmd_quotes.c — parallax quotes: the quotations of every article as JSON
 * Lines in the format tools/score_quotes.py reads (written by
 * quotes_json.c), or with --matched the same statements grouped across
 * articles and outlets, each variant marked word by word. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "quotes_json.h"

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax quotes [OPTIONS] [PATH...]\n\n"
          "Writes one JSON object per quotation: article_id, kind (direct,\n"
          "partial, indirect), text, start and end (byte offsets of the\n"
          "content in the article text), speaker (the fullest name in the\n"
          "article, null when unresolved), speaker_mention, speaker_start,\n"
          "speaker_end, role, cue, confidence, how the speaker was found.\n\n"
          "options:\n"
          "  --matched       group the same statement across articles instead:\n"
          "                  one object per statement with its variants marked\n"
          "                  word by word (added, omitted, changed)\n"
          "  -h, --help      this help\n\n"
          "With --db FILE --speaker NAME: a person's quotations from a store\n"
          "(parallax quotes --db FILE --help).\n\n");
  cli_input_help(out);
}

/* Hands the verbatim quotations of one article to the matcher, piece by
 * piece: a quotation resumed in the next paragraph may be printed whole
 * elsewhere, or split differently. Called by the pipeline in time order
 * (with its fixed ties): groups and their canonical wordings depend on the
 * order quotations are added, so they depend only on the articles. */
static int feed_matcher(const px_features *f, size_t index, void *user) {
  px_qmatcher *m = user;
  for (size_t i = 0; i < f->n_quotes; i++) {
    const px_quote *q = &f->quotes[i];
    if (q->kind == PX_QUOTE_INDIRECT) continue;
    for (uint32_t k = 0; k < q->n_pieces; k++) {
      px_span s = f->pieces[q->piece_begin + k];
      if (px_qmatcher_add(m, f->id, f->outlet, f->speakers[i],
                          f->piece_texts[q->piece_begin + k],
                          s.end - s.start) < 0)
        return -1;
    }
  }
  return 0;
}

static void print_quotes(const px_article *a, const px_quote_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    json_t *o = px_cli_quote_json(a->id, a->text, l, &l->quotes[i]);
    json_dumpf(o, stdout,
               JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3));
    fputc('\n', stdout);
    json_decref(o);
  }
}

/* Parses the arguments; returns -1 to go on, else the exit status. */
static int option(int argc, char **argv, int *i, void *opts) {
  if (strcmp(argv[*i], "--matched")) return 0;
  return *(int *)opts = 1;
}

typedef struct quotes_state {
  px_analyzer *an;
  px_quoter *qt;
  cli_input *in; /* counts the articles dropped */
} quotes_state;

static int quote_article(const px_article *a, void *user) {
  quotes_state *st = user;
  px_doc d;
  px_quote_list l;
  px_status s = px_analyze(st->an, a->text, a->text_len, &d);
  if (s == PX_OK) s = px_quotes_find(st->qt, &d, &l);
  if (s != PX_OK) {
    cli_dropped(st->in, a, s); /* said and counted in the summary */
    return 0;
  }
  print_quotes(a, &l);
  return ferror(stdout) ? 1 : 0; /* main says why; reading on is no use */
}

int cmd_quotes(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--db")) return cmd_quotes_db(argc, argv);
  cli_input in = {0};
  int matched = 0;
  int rc = cli_parse("quotes", argc, argv, &in, option, &matched, help);
  if (rc >= 0) return rc;
  if (matched) {
    px_qmatcher *m = px_qmatcher_new();
    if (!m) {
      fprintf(stderr, "parallax: out of memory\n");
      return 1;
    }
    px_pipeline_opts po = {0};
    po.flags = PX_FEAT_QUOTES;
    po.on_features = feed_matcher;
    po.user = m;
    px_pipeline *p;
    rc = cli_pipeline_run(&in, &po, &p);
    if (rc < 0) rc = 1;
    px_qmatcher_write(m, stdout);
    px_pipeline_free(p);
    px_qmatcher_free(m);
    return rc;
  }
  px_reader *r = cli_open(&in);
  quotes_state st = {px_analyzer_new(), px_quoter_new(), &in};
  if (!r || !st.an || !st.qt) {
    fprintf(stderr, "parallax: out of memory\n");
    return 1;
  }
  px_article a;
  while (px_reader_next(r, &a) && !quote_article(&a, &st)) {
    cli_progress_read(&in, r, &a);
    cli_progress_done(&in, r);
  }
  px_quoter_free(st.qt);
  px_analyzer_free(st.an);
  return cli_finish(&in, r);
}