/* cmd_analyze.c — parallax analyze: one JSON object per article with its
 * metadata, paragraphs and sentences (byte offsets into the text), token
 * counts and quotations. The per-article work is px_analyze and
 * px_quotes_find; this file only prints. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"
#include "quotes_json.h"

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax analyze [OPTIONS] [PATH...]\n\n"
          "Writes one JSON object per article to standard output: id, date,\n"
          "time, outlet, author (and whether they came from a byline in the\n"
          "text), title, url, paragraphs and sentences as [start, end) byte\n"
          "offsets into the text, token counts by type, and the quotations\n"
          "with their speakers (as in 'parallax quotes'), and the entities:\n"
          "people, places, organisations and amounts, each mention with its\n"
          "text, type, canonical name, [start, end) bytes and role (and the\n"
          "unit of an amount; docs/FORMATS.md).\n\n"
          "options:\n"
          "  --features      write feature records instead: all that linking\n"
          "                  reads (terms, names, MinHash, quotations; no\n"
          "                  text), in date order, for 'parallax link' (the\n"
          "                  map step; docs/FORMATS.md, docs/SCALE.md)\n"
          "  --text          include the article text (not with --features)\n"
          "  --no-quotes     leave the quotations out\n"
          "  --no-entities   leave the entities out\n"
          "  -h, --help      this help\n");
  cli_input_help(out);
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *spans_json(const px_doc *d) {
  json_t *paras = json_array();
  for (size_t i = 0; i < d->n_paras; i++)
    json_array_append_new(paras, json_pack("[I,I]", (json_int_t)d->paras[i].start,
                                           (json_int_t)d->paras[i].end));
  return paras;
}

static json_t *sentences_json(const px_doc *d) {
  json_t *sents = json_array();
  for (size_t i = 0; i < d->n_sents; i++)
    json_array_append_new(sents, json_pack("[I,I]", (json_int_t)d->sents[i].start,
                                           (json_int_t)d->sents[i].end));
  return sents;
}

/* The entities: many small objects an article, so the keys (constant)
 * and the strings (from the repaired text and the ISO list: valid UTF-8)
 * skip jansson's checks. */
static json_t *entities_json(px_entity_finder *ef, const px_doc *d) {
  px_entity_list l;
  if (px_entities_find(ef, d, &l) != PX_OK) return json_null();
  json_t *a = json_array();
  for (size_t i = 0; i < l.n; i++) {
    const px_entity *e = &l.ents[i];
    json_t *o = json_object();
    json_object_set_new_nocheck(
        o, "text",
        json_stringn_nocheck(d->text + e->text.start,
                             e->text.end - e->text.start));
    json_object_set_new_nocheck(
        o, "type", json_string_nocheck(px_entity_type_name(e->type)));
    json_object_set_new_nocheck(o, "canonical",
                                json_string_nocheck(e->canonical));
    json_object_set_new_nocheck(o, "start", json_integer(e->text.start));
    json_object_set_new_nocheck(o, "end", json_integer(e->text.end));
    json_object_set_new_nocheck(
        o, "role",
        e->role.end > e->role.start
            ? json_stringn_nocheck(d->text + e->role.start,
                                   e->role.end - e->role.start)
            : json_null());
    json_object_set_new_nocheck(o, "entity", json_integer(e->group));
    if (e->unit)
      json_object_set_new_nocheck(o, "unit", json_string_nocheck(e->unit));
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *token_counts(const px_doc *d) {
  size_t by_type[4] = {0};
  for (size_t i = 0; i < d->n_toks; i++) by_type[d->toks[i].type & 3]++;
  return json_pack("{s:I,s:I,s:I,s:I,s:I}", "total", (json_int_t)d->n_toks,
                   "words", (json_int_t)by_type[PX_TOK_WORD], "numbers",
                   (json_int_t)by_type[PX_TOK_NUMBER], "punctuation",
                   (json_int_t)by_type[PX_TOK_PUNCT], "quote_marks",
                   (json_int_t)by_type[PX_TOK_QUOTE]);
}

/* The article as JSON; fields in a fixed order so output is stable. */
static json_t *article_json(const px_article *a, const px_doc *d, int with_text,
                            px_quoter *qt, px_entity_finder *ef) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(a->id));
  json_object_set_new(o, "date", json_string(a->date));
  json_object_set_new(o, "time", str_or_null(a->time));
  /* an outlet or author the input did not give, from the byline, as
   * the feature record takes it */
  char *outlet = NULL, *author = NULL;
  if (!a->outlet || !a->author)
    px_byline_find(a->text, a->text_len, &outlet, &author);
  json_object_set_new(o, "outlet", str_or_null(a->outlet ? a->outlet : outlet));
  json_object_set_new(o, "outlet_from_text", json_boolean(!a->outlet && outlet));
  json_object_set_new(o, "author", str_or_null(a->author ? a->author : author));
  json_object_set_new(o, "author_from_text", json_boolean(!a->author && author));
  free(outlet);
  free(author);
  json_object_set_new(o, "title", str_or_null(a->title));
  json_object_set_new(o, "url", str_or_null(a->url));
  json_object_set_new(o, "bytes", json_integer((json_int_t)a->text_len));
  if (with_text) json_object_set_new(o, "text", json_stringn(a->text, a->text_len));
  json_object_set_new(o, "paragraphs", spans_json(d));
  json_object_set_new(o, "sentences", sentences_json(d));
  json_object_set_new(o, "tokens", token_counts(d));
  if (qt) {
    json_t *q = px_cli_quotes_json(qt, d);
    json_object_set_new(o, "quotes", q ? q : json_null());
  }
  if (ef) json_object_set_new(o, "entities", entities_json(ef, d));
  return o;
}

typedef struct {
  int with_text, with_quotes, with_entities, features;
} analyze_opts;

static int option(int argc, char **argv, int *i, void *opts) {
  analyze_opts *o = opts;
  if (!strcmp(argv[*i], "--features")) return o->features = 1;
  if (!strcmp(argv[*i], "--text")) return o->with_text = 1;
  if (!strcmp(argv[*i], "--no-quotes")) return !(o->with_quotes = 0);
  if (!strcmp(argv[*i], "--no-entities")) return !(o->with_entities = 0);
  return 0;
}

/* One feature record a line; stops the pipeline once stdout failed
 * (main says why). */
static int write_record(const px_features *f, size_t index, void *user) {
  char *j = px_features_to_json(f);
  if (!j) {
    fprintf(stderr, "parallax: out of memory writing the record of '%s'\n", f->id);
    return 1;
  }
  fputs(j, stdout);
  fputc('\n', stdout);
  free(j);
  return ferror(stdout) ? 1 : 0;
}

/* analyze --features: the pipeline without linking, on -j threads. */
static int analyze_features(cli_input *in, int with_quotes,
                            int with_entities) {
  px_pipeline_opts po = {0};
  po.flags = (with_quotes ? PX_FEAT_QUOTES : 0) |
             (with_entities ? PX_FEAT_ENTITIES : 0);
  po.on_features = write_record;
  px_pipeline *p;
  int rc = cli_pipeline_run(in, &po, &p);
  px_pipeline_free(p);
  return rc < 0 ? 1 : rc;
}

int cmd_analyze(int argc, char **argv) {
  cli_input in = {0};
  analyze_opts o = {0, 1, 1, 0};
  int rc = cli_parse("analyze", argc, argv, &in, option, &o, help);
  if (rc >= 0) return rc;
  if (o.features && o.with_text) {
    fprintf(stderr, "parallax analyze: --text does not go with --features "
                    "(a record holds no text)\n");
    free(in.paths);
    return CLI_EXIT_USAGE;
  }
  if (o.features)
    return analyze_features(&in, o.with_quotes, o.with_entities);
  int with_text = o.with_text, with_quotes = o.with_quotes;
  px_reader *r = cli_open(&in);
  px_analyzer *an = px_analyzer_new();
  px_quoter *qt = with_quotes ? px_quoter_new() : NULL;
  px_entity_finder *ef = o.with_entities ? px_entity_finder_new() : NULL;
  if (!an || (with_quotes && !qt) || (o.with_entities && !ef)) {
    fprintf(stderr, "parallax: out of memory\n");
    return 1;
  }
  px_article a;
  char *line = NULL; /* the article's JSON, reused */
  size_t cap_line = 0;
  while (px_reader_next(r, &a)) {
    px_doc d;
    px_status st = px_analyze(an, a.text, a.text_len, &d);
    if (st != PX_OK) {
      cli_dropped(&in, &a, st); /* said and counted in the summary */
      continue;
    }
    json_t *j = article_json(&a, &d, with_text, qt, ef);
    /* one write per article: json_dumpf writes token by token */
    size_t need = json_dumpb(j, line, cap_line, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (need > cap_line) {
      char *g = realloc(line, need);
      if (g) {
        line = g, cap_line = need;
        need = json_dumpb(j, line, cap_line, JSON_COMPACT | JSON_PRESERVE_ORDER);
      }
    }
    if (need <= cap_line) fwrite(line, 1, need, stdout);
    else json_dumpf(j, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(j);
    cli_progress_read(&in, r, &a);
    cli_progress_done(&in, r);
    if (ferror(stdout)) break; /* main says why; reading on is no use */
  }
  px_quoter_free(qt);
  px_entity_finder_free(ef);
  px_analyzer_free(an);
  free(line);
  return cli_finish(&in, r);
}
