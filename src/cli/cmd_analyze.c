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

/* The entities, written straight as JSON text: an article has a hundred
 * or so mentions, and a jansson object each (a dozen allocations, the
 * integers through printf) cost more than finding them. The output is
 * byte for byte what json_dumpb wrote for the same objects. */
typedef struct jbuf {
  char *p;
  size_t n, cap;
  int failed;
} jbuf;

static void jb_put(jbuf *b, const char *s, size_t n) {
  if (b->failed || !n) return;
  if (b->n + n > b->cap) {
    size_t c = b->cap ? b->cap : 4096;
    while (c < b->n + n) c *= 2;
    char *g = realloc(b->p, c);
    if (!g) {
      b->failed = 1;
      return;
    }
    b->p = g, b->cap = c;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
}
#define JB_LIT(b, lit) jb_put((b), lit, sizeof lit - 1)

/* A string as jansson writes it (no ensure-ascii, no escaped slash). */
static void jb_str(jbuf *b, const char *s, size_t n) {
  jb_put(b, "\"", 1);
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    jb_put(b, s + run, i - run);
    run = i + 1;
    char esc[8];
    switch (c) {
    case '"': JB_LIT(b, "\\\""); break;
    case '\\': JB_LIT(b, "\\\\"); break;
    case '\b': JB_LIT(b, "\\b"); break;
    case '\f': JB_LIT(b, "\\f"); break;
    case '\n': JB_LIT(b, "\\n"); break;
    case '\r': JB_LIT(b, "\\r"); break;
    case '\t': JB_LIT(b, "\\t"); break;
    default:
      snprintf(esc, sizeof esc, "\\u%04X", c);
      jb_put(b, esc, 6);
    }
  }
  jb_put(b, s + run, n - run);
  jb_put(b, "\"", 1);
}

static void jb_uint(jbuf *b, uint32_t v) {
  char d[12];
  size_t k = sizeof d;
  do d[--k] = (char)('0' + v % 10); while (v /= 10);
  jb_put(b, d + k, sizeof d - k);
}

/* Appends the "entities" array of d to b (null when finding failed). */
static void entities_json(jbuf *b, px_entity_finder *ef, const px_doc *d) {
  px_entity_list l;
  if (px_entities_find(ef, d, &l) != PX_OK) {
    JB_LIT(b, "null");
    return;
  }
  jb_put(b, "[", 1);
  for (size_t i = 0; i < l.n; i++) {
    const px_entity *e = &l.ents[i];
    if (i) jb_put(b, ",", 1);
    JB_LIT(b, "{\"text\":");
    jb_str(b, d->text + e->text.start, e->text.end - e->text.start);
    JB_LIT(b, ",\"type\":\"");
    const char *t = px_entity_type_name(e->type);
    jb_put(b, t, strlen(t));
    JB_LIT(b, "\",\"canonical\":");
    jb_str(b, e->canonical, strlen(e->canonical));
    JB_LIT(b, ",\"start\":");
    jb_uint(b, e->text.start);
    JB_LIT(b, ",\"end\":");
    jb_uint(b, e->text.end);
    JB_LIT(b, ",\"role\":");
    if (e->role.end > e->role.start)
      jb_str(b, d->text + e->role.start, e->role.end - e->role.start);
    else
      JB_LIT(b, "null");
    JB_LIT(b, ",\"entity\":");
    jb_uint(b, e->group);
    if (e->unit) {
      JB_LIT(b, ",\"unit\":");
      jb_str(b, e->unit, strlen(e->unit));
    }
    jb_put(b, "}", 1);
  }
  jb_put(b, "]", 1);
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
                            px_quoter *qt) {
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
  jbuf line = {0}; /* the article's JSON, reused */
  while (px_reader_next(r, &a)) {
    px_doc d;
    px_status st = px_analyze(an, a.text, a.text_len, &d);
    if (st != PX_OK) {
      cli_dropped(&in, &a, st); /* said and counted in the summary */
      continue;
    }
    json_t *j = article_json(&a, &d, with_text, qt);
    /* one write per article: json_dumpf writes token by token */
    line.n = 0;
    size_t need = json_dumpb(j, line.p, line.cap, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (need > line.cap) { /* too small: grown, then written again */
      char *g = realloc(line.p, need);
      if (g) {
        line.p = g, line.cap = need;
        need = json_dumpb(j, line.p, line.cap, JSON_COMPACT | JSON_PRESERVE_ORDER);
      }
    }
    if (need <= line.cap) line.n = need;
    json_decref(j);
    if (ef && line.n) { /* the last field: '}' becomes ,"entities":[...]} */
      line.n--;
      JB_LIT(&line, ",\"entities\":");
      entities_json(&line, ef, &d);
      jb_put(&line, "}", 1);
    }
    if (line.failed || !line.n) {
      fprintf(stderr, "parallax: out of memory\n");
      break;
    }
    fwrite(line.p, 1, line.n, stdout);
    fputc('\n', stdout);
    cli_progress_read(&in, r, &a);
    cli_progress_done(&in, r);
    if (ferror(stdout)) break; /* main says why; reading on is no use */
  }
  px_quoter_free(qt);
  px_entity_finder_free(ef);
  px_analyzer_free(an);
  free(line.p);
  return cli_finish(&in, r);
}
