/* cmd_quotes.c — parallax quotes: the quotations of every article as JSON
 * Lines in the format tools/score_quotes.py reads (written by
 * quotes_json.c), or with --matched the same statements grouped across
 * articles and outlets, each variant marked word by word. Articles are
 * linked into stories first, so that a speaker is named as the story
 * names them (px_pipeline_quote_speaker): the quotations wait, as JSON
 * or records, until the stream ends. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "quotes_json.h"

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax quotes [OPTIONS] [PATH...]\n\n"
          "Writes one JSON object per quotation: article_id, kind (direct,\n"
          "partial, indirect), text, start and end (byte offsets of the\n"
          "content in the article text), speaker (the fullest name the\n"
          "story gives the person: articles are grouped into stories as\n"
          "'parallax run' does; null when unresolved), speaker_mention (the\n"
          "speaker as this article writes it), speaker_start, speaker_end,\n"
          "role, cue, confidence, how the speaker was found. Articles in\n"
          "date order, quotations in text order.\n\n"
          "options:\n"
          "  --matched       group the same statement across articles instead:\n"
          "                  one object per statement with its variants marked\n"
          "                  word by word (added, omitted, changed)\n"
          "  -h, --help      this help\n\n"
          "With --db FILE --speaker NAME: a person's quotations from a store\n"
          "(parallax quotes --db FILE --help).\n\n");
  cli_input_help(out);
}

/* The articles' quotations, kept by linker index until the stories are
 * known: as JSON objects (plain) or as records (--matched). */
typedef struct quotes_state {
  json_t **arts;      /* per index: array of quotation objects, owned */
  size_t n, cap;
  cli_records recs;   /* --matched */
  int matched;
} quotes_state;

static int keep(const px_features *f, size_t index, void *user) {
  quotes_state *st = user;
  if (st->matched) return cli_records_keep(f, index, &st->recs);
  if (index >= st->cap) {
    size_t c = st->cap ? st->cap * 2 : 256;
    while (c <= index) c *= 2;
    json_t **g = realloc(st->arts, c * sizeof *g);
    if (!g) return -1;
    memset(g + st->cap, 0, (c - st->cap) * sizeof *g);
    st->arts = g, st->cap = c;
  }
  if (index >= st->n) st->n = index + 1;
  json_t *a = json_array();
  px_quote_list l = {f->quotes, f->n_quotes, f->pieces, f->n_pieces};
  for (size_t i = 0; a && f->text && i < f->n_quotes; i++)
    json_array_append_new(a, px_cli_quote_json(f->id, f->text, &l, &f->quotes[i]));
  st->arts[index] = a;
  return a ? 0 : -1;
}

/* Writes every article's quotations in linking order, each speaker the
 * story-level name (the article's own stays in speaker_mention). */
static int print_quotes(const quotes_state *st, const px_pipeline *p) {
  for (size_t k = 0; k < st->n; k++) {
    json_t *o;
    size_t i;
    json_array_foreach(st->arts[k], i, o) {
      const char *who = px_pipeline_quote_speaker(p, k, i);
      if (who) json_object_set_new(o, "speaker", json_string(who));
      json_dumpf(o, stdout,
                 JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3));
      fputc('\n', stdout);
    }
    if (ferror(stdout)) return 1;
  }
  return 0;
}

/* Hands the verbatim quotations of every article to the matcher, piece by
 * piece (a quotation resumed in the next paragraph may be printed whole
 * elsewhere, or split differently), in linking order: groups and their
 * canonical wordings depend on the order quotations are added, so they
 * depend only on the articles. Speakers are the story-level names. */
static int feed_matcher(px_qmatcher *m, const quotes_state *st,
                        const px_pipeline *p) {
  for (size_t k = 0; k < st->recs.n; k++) {
    const px_features *f = &st->recs.recs[k];
    for (size_t i = 0; f->id && i < f->n_quotes; i++) {
      const px_quote *q = &f->quotes[i];
      if (q->kind == PX_QUOTE_INDIRECT) continue;
      const char *who = px_pipeline_quote_speaker(p, k, i);
      if (!who) who = f->speakers[i];
      for (uint32_t j = 0; j < q->n_pieces; j++) {
        px_span s = f->pieces[q->piece_begin + j];
        if (px_qmatcher_add(m, f->id, f->outlet, who,
                            f->piece_texts[q->piece_begin + j],
                            s.end - s.start) < 0)
          return -1;
      }
    }
  }
  return 0;
}

/* Parses the arguments; returns -1 to go on, else the exit status. */
static int option(int argc, char **argv, int *i, void *opts) {
  if (strcmp(argv[*i], "--matched")) return 0;
  return ((quotes_state *)opts)->matched = 1;
}

int cmd_quotes(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--db")) return cmd_quotes_db(argc, argv);
  cli_input in = {0};
  quotes_state st = {0};
  int rc = cli_parse("quotes", argc, argv, &in, option, &st, help);
  if (rc >= 0) return rc;
  px_pipeline_opts po = {0};
  po.link = 1;
  po.flags = PX_FEAT_QUOTES | PX_FEAT_ENTITIES | (st.matched ? 0 : PX_FEAT_TEXT);
  po.on_features = keep;
  po.user = &st;
  px_pipeline *p;
  rc = cli_pipeline_run(&in, &po, &p);
  if (rc < 0) rc = 1;
  if (p && st.matched) {
    px_qmatcher *m = px_qmatcher_new();
    if (!m || feed_matcher(m, &st, p)) {
      fprintf(stderr, "parallax: out of memory\n");
      rc = 1;
    }
    if (m) px_qmatcher_write(m, stdout);
    px_qmatcher_free(m);
  } else if (p && print_quotes(&st, p)) {
    rc = 1; /* main says why; writing on is no use */
  }
  for (size_t k = 0; k < st.n; k++) json_decref(st.arts[k]);
  free(st.arts);
  cli_records_free(&st.recs);
  px_pipeline_free(p);
  return rc;
}
