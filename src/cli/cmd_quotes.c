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
          "  -h, --help      this help\n");
  cli_input_help(out);
}

/* Hands the verbatim quotations of one article to the matcher, piece by
 * piece: a quotation resumed in the next paragraph may be printed whole
 * elsewhere, or split differently. */
static int feed_matcher(px_qmatcher *m, const px_article *a,
                        const px_quote_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    const px_quote *q = &l->quotes[i];
    if (q->kind == PX_QUOTE_INDIRECT) continue;
    char *spk = NULL;
    if (q->speaker.end > q->speaker.start)
      spk = strndup(a->text + q->speaker.start, q->speaker.end - q->speaker.start);
    for (uint32_t k = 0; k < q->n_pieces; k++) {
      px_span s = l->pieces[q->piece_begin + k];
      if (px_qmatcher_add(m, a->id, a->outlet, spk, a->text + s.start,
                          s.end - s.start) < 0) {
        free(spk);
        return 0;
      }
    }
    free(spk);
  }
  return 1;
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

int cmd_quotes(int argc, char **argv) {
  cli_input in = {0};
  int matched = 0;
  int rc = cli_parse("quotes", argc, argv, &in, option, &matched, help);
  if (rc >= 0) return rc;
  px_reader *r = cli_open(&in);
  px_analyzer *an = px_analyzer_new();
  px_quoter *qt = px_quoter_new();
  px_qmatcher *m = matched ? px_qmatcher_new() : NULL;
  if (!r || !an || !qt || (matched && !m)) {
    fprintf(stderr, "parallax: out of memory\n");
    return 1;
  }
  px_article a;
  int failed = 0;
  while (px_reader_next(r, &a)) {
    px_doc d;
    px_quote_list l;
    px_status st = px_analyze(an, a.text, a.text_len, &d);
    if (st == PX_OK) st = px_quotes_find(qt, &d, &l);
    if (st == PX_OK && m && !feed_matcher(m, &a, &l)) st = PX_NOMEM;
    if (st != PX_OK) {
      fprintf(stderr, "%s: %s: %s\n", a.file, a.id, px_strerror(st));
      failed = 1;
      continue;
    }
    if (!m) print_quotes(&a, &l);
    cli_progress(&in, r);
  }
  if (m) px_qmatcher_write(m, stdout);
  px_qmatcher_free(m);
  px_quoter_free(qt);
  px_analyzer_free(an);
  return cli_finish(&in, r) | failed;
}
