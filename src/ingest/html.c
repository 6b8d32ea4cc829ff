/* html.c — an HTML page as an article: the reader step for .html files
 * (and pages found by sniffing), and the extraction every web format
 * shares (px__web_extract: charset-converted UTF-8 in, main text and
 * metadata out). A page is read whole, but never more than the article
 * limit, so a huge page cannot exhaust memory. The id is the file name
 * without folders and extensions; the date comes from the page, else
 * from --date-default, else the page is skipped as no_date (or kept
 * without a date by `extract`). */
#include <stdlib.h>
#include <string.h>
#include "ingest/web_internal.h"

void px__web_free(px__web *w) {
  if (!w) return;
  px__buf *all[] = {&w->text,   &w->title, &w->date,   &w->author,
                    &w->outlet, &w->url,   &w->lang,   &w->scratch};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) px__buf_free(all[i]);
  px__page_free(&w->page);
  free(w->blocks);
  free(w->nstat);
  memset(w, 0, sizeof *w);
}

int px__web_extract(px__web *w, const char *html, size_t n, const char *url) {
  if (px__page_parse(&w->page, html, n) != 0) return -1;
  if (px__main_text(w) != 0) return -1;
  return px__page_meta(w, url);
}

int px__html_to_text(px__web *w, const char *html, size_t n, px__buf *out) {
  /* A fragment: every block is kept, so parse and render them all. */
  out->len = 0;
  if (px__buf_reserve(out, n) != 0) return -1;
  out->p[0] = '\0';
  if (px__page_parse(&w->page, html, n) != 0) return -1;
  const px__page *pg = &w->page;
  int space = 1, para = 0;
  for (size_t i = 1; i < pg->n_nodes; i++) {
    const px__node *e = &pg->nodes[i];
    if (e->tag == PX__T_BR) { para = para ? para : 1; continue; }
    if (e->tag == PX__T_P || e->tag == PX__T_DIV || e->tag == PX__T_LI ||
        (e->tag >= PX__T_H1 && e->tag <= PX__T_H6) ||
        e->tag == PX__T_BLOCKQUOTE || e->tag == PX__T_TR) {
      para = 2;
      continue;
    }
    if (e->tag != PX__T_TEXT) continue;
    const char *t = pg->pool.p + e->str;
    for (uint32_t k = 0; k < e->str_len; k++) {
      unsigned char c = (unsigned char)t[k];
      int sp = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
      if (c == 0xC2 && k + 1 < e->str_len && (unsigned char)t[k + 1] == 0xA0) {
        sp = 1;
        k++;
      }
      if (sp) { space = 1; continue; }
      if (out->len) {
        const char *sep = para == 2 ? "\n\n" : para == 1 ? "\n" : space ? " "
                                                                        : "";
        if (px__buf_append(out, sep, strlen(sep)) != 0) return -1;
      }
      if (px__buf_append(out, &t[k], 1) != 0) return -1;
      space = para = 0;
    }
  }
  return 0;
}

px__web *px__reader_web(px_reader *r) {
  if (!r->web) r->web = calloc(1, sizeof *r->web);
  return r->web;
}

int px__web_emit(px_reader *r, px__web *w, const char *id, size_t id_len,
                 uint64_t line, uint64_t byte, const char *fallback_date,
                 px_article *out) {
  px__fields f;
  memset(&f, 0, sizeof f);
  f.id = (px__span){id, id_len, 1};
  if (w->date.len) f.date = (px__span){w->date.p, w->date.len, 1};
  else if (fallback_date && *fallback_date)
    f.date = (px__span){fallback_date, strlen(fallback_date), 1};
  f.text = (px__span){w->text.p, w->text.len, 1};
  if (w->title.len) f.title = (px__span){w->title.p, w->title.len, 1};
  if (w->author.len) f.author = (px__span){w->author.p, w->author.len, 1};
  if (w->outlet.len) f.outlet = (px__span){w->outlet.p, w->outlet.len, 1};
  if (w->url.len) f.url = (px__span){w->url.p, w->url.len, 1};
  f.line = line;
  f.byte = byte;
  f.text_byte = byte;
  f.web = 1;
  return px__article_emit(r, &f, out);
}

int px__html_next(px_reader *r, px_article *out) {
  r->done = 1; /* one page per file */
  r->line = 1;
  int oom = 0;
  if (px__read_capped(r, r->max, &oom))
    return px__skip(r, PX_TOO_LARGE, 1, 0,
                    "page is over the article limit of %zu bytes", r->max);
  if (oom) return px__skip(r, PX_NOMEM, 1, 0, "out of memory");
  if (r->src.err != PX_OK)
    return px__skip(r, r->src.err, 1, px__src_tell(&r->src),
                    "page incomplete: input ends early");
  px__web *w = px__reader_web(r);
  if (!w || !r->stem) return px__skip(r, PX_NOMEM, 1, 0, "out of memory");
  char cs[40];
  px__charset_detect(r->line_buf.p, r->line_buf.len, NULL, cs);
  size_t bad;
  int unknown;
  if (px__to_utf8(r->line_buf.p, r->line_buf.len, cs, &r->repair_buf, &bad,
                  &unknown) != 0)
    return px__skip(r, PX_NOMEM, 1, 0, "out of memory");
  if (unknown)
    px__diag(r, PX_WARNING, PX_BAD_UTF8, 1, 0,
             "unknown charset \"%s\"; read as windows-1252", cs);
  if (bad)
    px__diag(r, PX_WARNING, PX_BAD_UTF8, 1, 0,
             "%zu byte(s) that are not %s replaced with U+FFFD", bad, cs);
  if (px__web_extract(w, r->repair_buf.p, r->repair_buf.len, NULL) != 0)
    return px__skip(r, PX_NOMEM, 1, 0, "out of memory");
  return px__web_emit(r, w, r->stem, strlen(r->stem), 1, 0, NULL, out);
}

void px__web_release(px_reader *r) {
  px__warc_free(r);
  px__feed_free(r);
  px__web_free(r->web);
  free(r->web);
  r->web = NULL;
}
