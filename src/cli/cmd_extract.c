/* cmd_extract.c — parallax extract: every article as the reader sees it,
 * one JSON object per line (id, url, title, date, author, outlet, text).
 * On web pages it is a main-text extractor: what tools/score_extraction.py
 * scores. Pages without a findable date are written with date null
 * (unless --date-default gives one), not skipped. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static void help(FILE *out) {
  fprintf(out,
          "usage: parallax extract [OPTIONS] [PATH...]\n\n"
          "Writes one JSON object per article to standard output, as the\n"
          "reader sees it: id, url, title, date (YYYY-MM-DD, null when the\n"
          "article has none), author, outlet and text (null when unknown).\n"
          "On HTML pages, WARC crawls and RSS/Atom feeds this is the main\n"
          "text without navigation, comments and other boilerplate, and the\n"
          "metadata found in the page (JSON-LD, meta tags, <time>, byline\n"
          "markup, the URL).\n\n"
          "options:\n"
          "  -h, --help      this help\n");
  cli_input_help(out);
}

static json_t *str_or_null(const char *s) {
  return s && *s ? json_string(s) : json_null();
}

int cmd_extract(int argc, char **argv) {
  cli_input in = {0};
  int rc = cli_parse("extract", argc, argv, &in, NULL, NULL, help);
  if (rc >= 0) return rc;
  in.keep_undated = 1;
  px_reader *r = cli_open(&in);
  px_article a;
  while (px_reader_next(r, &a)) {
    cli_progress_read(&in, r, &a);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(a.id));
    json_object_set_new(o, "url", str_or_null(a.url));
    json_object_set_new(o, "title", str_or_null(a.title));
    json_object_set_new(o, "date", str_or_null(a.date));
    json_object_set_new(o, "author", str_or_null(a.author));
    json_object_set_new(o, "outlet", str_or_null(a.outlet));
    json_object_set_new(o, "text", json_stringn(a.text, a.text_len));
    int bad = !o || json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (bad || fputc('\n', stdout) == EOF || ferror(stdout)) break;
    cli_progress_done(&in, r);
  }
  return cli_finish(&in, r);
}
