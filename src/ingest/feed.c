/* feed.c — RSS 2.0, RSS 1.0 (RDF) and Atom feeds: each item (or entry)
 * becomes an article with its title, link, date (pubDate, dc:date,
 * published, updated), author (dc:creator, author name) and text
 * (content:encoded, Atom content, description or summary, with its HTML
 * stripped). The feed's own title names the outlet. Read with libxml2's
 * streaming reader straight from the byte source, so a feed of any length
 * is read item by item. Entities: only XML's own and character references
 * are expanded; the document type is never loaded, no network is used,
 * and entities a feed declares are not substituted, so an "entity bomb"
 * costs nothing. A feed that is not well-formed is read up to the error,
 * which is reported with its byte offset. */
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ingest/web_internal.h"

#define PX__FEED_FIELD ((size_t)4 << 20) /* a title, link, date kept */

typedef struct px__feed {
  xmlTextReaderPtr xr;
  px__web item;        /* the item's fields (text, title, ...) */
  px__buf raw;         /* the item's HTML before stripping */
  px__buf outlet;      /* the feed's title */
  px__buf guid, date2;
  int text_rank;       /* which source the text came from (lower wins) */
  int date_rank;
  uint64_t n_items;
  int failed;
  char error[160];     /* libxml2's first error */
} px__feed;

static int xml_read(void *ctx, char *buf, int len) {
  px_reader *r = ctx;
  px__src *s = &r->src;
  if (s->win_pos == s->win_len && !px__src_more(s)) return 0;
  size_t n = s->win_len - s->win_pos;
  if (n > (size_t)len) n = (size_t)len;
  memcpy(buf, s->win + s->win_pos, n);
  s->win_pos += n;
  return (int)n;
}

static int xml_close(void *ctx) {
  (void)ctx;
  return 0;
}

/* Keeps libxml2's first error message for the diagnostic. */
static void keep_error(void *arg, const char *msg, xmlParserSeverities sev,
                       xmlTextReaderLocatorPtr loc) {
  char *out = arg;
  (void)loc;
  if (out[0] || !msg || (sev != XML_PARSER_SEVERITY_ERROR &&
                         sev != XML_PARSER_SEVERITY_VALIDITY_ERROR))
    return;
  size_t n = strcspn(msg, "\n");
  if (n > 150) n = 150;
  memcpy(out, msg, n);
  out[n] = '\0';
}

void px__feed_free(px_reader *r) {
  px__feed *f = r->feed;
  if (!f) return;
  if (f->xr) xmlFreeTextReader(f->xr);
  px__web_free(&f->item);
  px__buf_free(&f->raw);
  px__buf_free(&f->outlet);
  px__buf_free(&f->guid);
  px__buf_free(&f->date2);
  free(f);
  r->feed = NULL;
}

static int start(px_reader *r) {
  px__feed_free(r);
  px__feed *f = calloc(1, sizeof *f);
  if (!f) return -1;
  r->feed = f;
  f->xr = xmlReaderForIO(xml_read, xml_close, r, r->file, NULL,
                         XML_PARSE_RECOVER | XML_PARSE_NONET |
                             XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                             XML_PARSE_NOCDATA);
  if (!f->xr) return -1;
  xmlTextReaderSetErrorHandler(f->xr, keep_error, f->error);
  return 0;
}

static const char *local(xmlTextReaderPtr xr) {
  const char *n = (const char *)xmlTextReaderConstLocalName(xr);
  return n ? n : "";
}

static const char *prefix(xmlTextReaderPtr xr) {
  const char *n = (const char *)xmlTextReaderConstPrefix(xr);
  return n ? n : "";
}

/* The text of the current element, into b (bounded). */
static int take_text(xmlTextReaderPtr xr, px__buf *b, size_t max) {
  xmlChar *s = xmlTextReaderReadString(xr);
  b->len = 0;
  int rc = 0;
  if (s) {
    size_t n = strlen((const char *)s);
    if (n > max) n = max;
    rc = px__buf_set(b, (const char *)s, n);
    xmlFree(s);
  } else
    rc = px__buf_set(b, "", 0);
  return rc;
}

/* "jane@example.com (Jane Roe)" -> "Jane Roe" */
static void author_name(px__buf *b) {
  char *open = memchr(b->p, '(', b->len);
  char *close = open ? memchr(open, ')', b->len - (size_t)(open - b->p))
                     : NULL;
  if (open && close && memchr(b->p, '@', (size_t)(open - b->p))) {
    size_t n = (size_t)(close - open - 1);
    memmove(b->p, open + 1, n);
    b->len = n;
    b->p[n] = '\0';
  }
}

static void clear_item(px__feed *f) {
  px__web *it = &f->item;
  it->text.len = it->title.len = it->date.len = it->author.len = 0;
  it->url.len = it->outlet.len = 0;
  f->raw.len = f->guid.len = f->date2.len = 0;
  f->text_rank = 99;
  f->date_rank = 99;
}

/* Reads one field element of an item (the reader is on its start tag). */
static int item_field(px_reader *r, px__feed *f) {
  xmlTextReaderPtr xr = f->xr;
  const char *name = local(xr), *pre = prefix(xr);
  px__web *it = &f->item;
  int text_rank = -1, date_rank = -1;
  if (!strcmp(name, "encoded") && !strcmp(pre, "content")) text_rank = 0;
  else if (!strcmp(name, "content")) text_rank = 1;
  else if (!strcmp(name, "description")) text_rank = 2;
  else if (!strcmp(name, "summary")) text_rank = 3;
  if (text_rank >= 0) {
    if (text_rank >= f->text_rank) return 0;
    f->text_rank = text_rank;
    return take_text(xr, &f->raw, r->max);
  }
  if (!strcmp(name, "title") && !pre[0])
    return take_text(xr, &it->title, PX__FEED_FIELD);
  if (!strcmp(name, "link")) {
    xmlChar *href = xmlTextReaderGetAttribute(xr, BAD_CAST "href");
    if (href) {
      xmlChar *rel = xmlTextReaderGetAttribute(xr, BAD_CAST "rel");
      int alt = !rel || !strcmp((const char *)rel, "alternate");
      if (alt && !it->url.len)
        px__buf_set(&it->url, (const char *)href,
                    strlen((const char *)href));
      xmlFree(rel);
      xmlFree(href);
      return 0;
    }
    if (!it->url.len) return take_text(xr, &it->url, PX__FEED_FIELD);
    return 0;
  }
  if (!strcmp(name, "guid") || (!strcmp(name, "id") && !pre[0]))
    return take_text(xr, &f->guid, PX__FEED_FIELD);
  if (!strcmp(name, "pubDate") || (!strcmp(name, "date") &&
                                   !strcmp(pre, "dc")))
    date_rank = 0;
  else if (!strcmp(name, "published") || !strcmp(name, "issued"))
    date_rank = 1;
  else if (!strcmp(name, "updated") || !strcmp(name, "modified"))
    date_rank = 2;
  if (date_rank >= 0) {
    if (date_rank >= f->date_rank) return 0;
    f->date_rank = date_rank;
    return take_text(xr, &f->date2, PX__FEED_FIELD);
  }
  if (!strcmp(name, "author") && !it->author.len) {
    /* Atom: <author><name>..</name><email>..</email></author> */
    xmlNodePtr n = xmlTextReaderExpand(xr);
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name,
                                                 "name")) {
        xmlChar *s = xmlNodeGetContent(c);
        int rc = s ? px__buf_set(&it->author, (const char *)s,
                                 strlen((const char *)s))
                   : 0;
        xmlFree(s);
        return rc;
      }
  }
  if ((!strcmp(name, "creator") && !strcmp(pre, "dc")) ||
      (!strcmp(name, "author") && !it->author.len)) {
    if (xmlTextReaderIsEmptyElement(xr)) return 0;
    int rc = take_text(xr, &it->author, PX__FEED_FIELD);
    /* Atom: <author><name>..</name><email>..</email></author> */
    size_t n = it->author.len;
    const char *t = px__trim(it->author.p, &n);
    const char *nl = memchr(t, '\n', n);
    if (nl) n = (size_t)(nl - t);
    memmove(it->author.p, t, n);
    it->author.len = n;
    it->author.p[n] = '\0';
    author_name(&it->author);
    return rc;
  }
  return 0;
}

/* Hands over the item just read. */
static int emit_item(px_reader *r, px__feed *f, uint64_t byte,
                     px_article *out) {
  px__web *it = &f->item;
  px__web *w = px__reader_web(r);
  if (!w) return px__skip(r, PX_NOMEM, 0, byte, "out of memory");
  if (f->raw.len && px__html_to_text(w, f->raw.p, f->raw.len, &it->text))
    return px__skip(r, PX_NOMEM, 0, byte, "out of memory");
  it->date.len = 0;
  char d[64];
  if (f->date2.len && px__web_date(f->date2.p, f->date2.len, d))
    px__buf_set(&it->date, d, strlen(d));
  else if (f->date2.len)
    px__buf_set(&it->date, f->date2.p, f->date2.len); /* reported as bad */
  if (f->outlet.len) px__buf_set(&it->outlet, f->outlet.p, f->outlet.len);
  /* titles in feeds may carry markup too */
  if (it->title.len && memchr(it->title.p, '<', it->title.len)) {
    px__buf tmp = {0};
    if (px__html_to_text(w, it->title.p, it->title.len, &tmp) == 0)
      px__buf_set(&it->title, tmp.p, tmp.len);
    px__buf_free(&tmp);
  }
  px__buf *all[] = {&it->text, &it->title, &it->date, &it->author,
                    &it->outlet, &it->url};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (px__buf_reserve(all[i], 0) != 0)
      return px__skip(r, PX_NOMEM, 0, byte, "out of memory");
    else
      all[i]->p[all[i]->len] = '\0';
  char num[48];
  const char *id = f->guid.len ? f->guid.p : it->url.len ? it->url.p : NULL;
  size_t idn = f->guid.len ? f->guid.len : it->url.len;
  if (!id) {
    idn = (size_t)snprintf(num, sizeof num, "#%llu",
                           (unsigned long long)f->n_items);
    /* the file's name and the item's number */
    px__buf_set(&f->guid, r->stem ? r->stem : "feed",
                strlen(r->stem ? r->stem : "feed"));
    px__buf_append(&f->guid, num, idn);
    id = f->guid.p;
    idn = f->guid.len;
  }
  return px__web_emit(r, it, id, idn, 0, byte, NULL, out);
}

int px__feed_next(px_reader *r, px_article *out) {
  if (r->n_records == 0) { /* a new input */
    if (start(r) != 0) {
      px__diag(r, PX_ERROR, PX_NOMEM, 0, 0, "out of memory");
      r->done = 1;
      return PX__END;
    }
  }
  px__feed *f = r->feed;
  r->n_records = 1; /* started */
  xmlTextReaderPtr xr = f->xr;
  int item_depth = -1, in_channel_title = 0;
  uint64_t item_byte = 0;
  for (;;) {
    int rc = xmlTextReaderRead(xr);
    if (rc != 1) {
      if (rc < 0 || (r->src.err == PX_OK && f->n_items == 0 &&
                     !f->failed)) {
        long at = xmlTextReaderByteConsumed(xr);
        if (rc < 0)
          px__diag(r, PX_ERROR, PX_BAD_XML, 0,
                   at < 0 ? 0 : (uint64_t)at,
                   "the feed is not well-formed XML from about here "
                   "(%s); the items before were read",
                   f->error[0] ? f->error : "libxml2 gave no reason");
        if (f->n_items == 0)
          px__skip(r, PX_EMPTY, 0, 0, "no items in the feed");
      }
      r->done = 1;
      return PX__END;
    }
    int type = xmlTextReaderNodeType(xr);
    int depth = xmlTextReaderDepth(xr);
    const char *name = local(xr);
    if (type == XML_READER_TYPE_ELEMENT) {
      if (item_depth < 0 && (!strcmp(name, "item") || !strcmp(name, "entry"))) {
        if (xmlTextReaderIsEmptyElement(xr)) continue;
        item_depth = depth;
        long at = xmlTextReaderByteConsumed(xr);
        item_byte = at < 0 ? 0 : (uint64_t)at;
        clear_item(f);
        continue;
      }
      if (item_depth >= 0 && depth == item_depth + 1) {
        if (item_field(r, f) != 0)
          return px__skip(r, PX_NOMEM, 0, item_byte, "out of memory");
        continue;
      }
      if (item_depth < 0 && !strcmp(name, "title") && !f->outlet.len &&
          depth <= 2)
        in_channel_title = 1;
      if (in_channel_title) {
        if (take_text(xr, &f->outlet, 1024) != 0)
          return px__skip(r, PX_NOMEM, 0, 0, "out of memory");
        size_t n = f->outlet.len;
        const char *t = px__trim(f->outlet.p, &n);
        memmove(f->outlet.p, t, n);
        f->outlet.len = n;
        in_channel_title = 0;
      }
      continue;
    }
    if (type == XML_READER_TYPE_END_ELEMENT && item_depth >= 0 &&
        depth == item_depth) {
      item_depth = -1;
      f->n_items++;
      int step = emit_item(r, f, item_byte, out);
      if (step == PX__KEPT) return step;
    }
  }
}
