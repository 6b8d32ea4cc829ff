/* html_tree.c — a page as a compact tree, built from the events of
 * libxml2's HTML parser (SAX: no libxml2 tree is made, which halves the
 * parse cost). Kept: elements with their tag, "id class" names and a few
 * flags, text nodes, and the attributes the metadata needs (meta tags,
 * the canonical link, <time datetime>, itemprops, <html lang>). Dropped:
 * scripts (but JSON-LD is kept aside), styles, templates, SVG and other
 * non-text content. Elements nested past PX__MAX_DEPTH are not made into
 * nodes (their text goes to the deepest kept one), so no later walk can
 * be deep, and every walk is a loop anyway. */
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ingest/web_internal.h"

#define PX__MAX_DEPTH 400
#define PX__MAX_ATTRS 4096
#define PX__MAX_LD ((size_t)1 << 20)
#define PX__MAX_TITLE 4096
#define PX__MAX_NAMES 256 /* bytes of "id class" kept per element */

static const struct {
  const char *name;
  int tag;
} tag_names[] = {
#define PX__TAG_NAME(name, s) {s, PX__T_##name},
    PX__TAG_TABLE(PX__TAG_NAME)
#undef PX__TAG_NAME
};

int px__tag_of(const char *name, size_t n) {
  /* the table is in alphabetical order: binary search */
  size_t lo = 0, hi = sizeof tag_names / sizeof tag_names[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const char *t = tag_names[mid].name;
    size_t tl = strlen(t);
    int c = strncmp(name, t, n < tl ? n : tl);
    if (c == 0) c = (n > tl) - (n < tl);
    if (c == 0) return tag_names[mid].tag;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return PX__T_OTHER;
}

static int skipped_tag(int tag) {
  switch (tag) {
  case PX__T_SCRIPT: case PX__T_STYLE: case PX__T_TEMPLATE: case PX__T_SVG:
  case PX__T_MATH: case PX__T_NOSCRIPT: case PX__T_IFRAME: case PX__T_OBJECT:
  case PX__T_CANVAS: case PX__T_SELECT: case PX__T_TEXTAREA:
  case PX__T_BUTTON: case PX__T_VIDEO: case PX__T_AUDIO:
    return 1;
  }
  return 0;
}

static uint32_t new_node(px__page *pg, int tag) {
  if (pg->n_nodes == pg->cap_nodes) {
    size_t cap = pg->cap_nodes ? pg->cap_nodes * 2 : 1024;
    if (cap > UINT32_MAX) { pg->oom = 1; return 0; }
    px__node *n = realloc(pg->nodes, cap * sizeof *n);
    if (!n) { pg->oom = 1; return 0; }
    pg->nodes = n;
    pg->cap_nodes = cap;
  }
  uint32_t id = (uint32_t)pg->n_nodes++;
  px__node *nd = &pg->nodes[id];
  memset(nd, 0, sizeof *nd);
  nd->tag = (uint16_t)tag;
  if (id == 0) return 0;
  px__node *par = &pg->nodes[pg->cur];
  nd->parent = pg->cur;
  nd->depth = par->depth + 1;
  /* append as the last child: find it through the parent's first child
   * chain end, kept in the parent's "next of last" by a small trick: we
   * walk from the previous node, which is the last child or inside it */
  if (!par->first) par->first = id;
  else {
    uint32_t k = id - 1; /* the previous node is the last child or below */
    while (pg->nodes[k].parent != pg->cur) k = pg->nodes[k].parent;
    pg->nodes[k].next = id;
  }
  return id;
}

static uint32_t pool_add(px__page *pg, const char *s, size_t n) {
  if (pg->pool.len > UINT32_MAX - n - 1) { pg->oom = 1; return 0; }
  uint32_t at = (uint32_t)pg->pool.len;
  if (px__buf_append(&pg->pool, s, n) != 0) pg->oom = 1;
  return at;
}

static void add_attr(px__page *pg, uint32_t node, int kind, const char *key,
                     const char *val) {
  if (pg->n_attrs >= PX__MAX_ATTRS || !val) return;
  size_t vl = strlen(val);
  if (vl > 8192) return; /* no metadata is that long */
  if (pg->n_attrs == pg->cap_attrs) {
    size_t cap = pg->cap_attrs ? pg->cap_attrs * 2 : 64;
    px__attr *a = realloc(pg->attrs, cap * sizeof *a);
    if (!a) { pg->oom = 1; return; }
    pg->attrs = a;
    pg->cap_attrs = cap;
  }
  size_t kl = key ? strlen(key) : 0;
  px__attr *a = &pg->attrs[pg->n_attrs++];
  a->node = node;
  a->kind = kind;
  a->key = pool_add(pg, key ? key : "", kl);
  a->key_len = (uint32_t)kl;
  a->val = pool_add(pg, val, vl);
  a->val_len = (uint32_t)vl;
}

static int has_word(const char *v, const char *w) {
  size_t n = strlen(w);
  for (const char *p = v; (p = px__ci_find(p, w)); p += n)
    if ((p == v || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ')) return 1;
  return 0;
}

static int hidden_style(const char *v) {
  /* display:none or visibility:hidden, spaces allowed */
  char c[64];
  size_t k = 0;
  for (; *v && k < sizeof c - 1; v++)
    if (*v != ' ') c[k++] = (char)(*v | 0x20);
  c[k] = '\0';
  return strstr(c, "display:none") || strstr(c, "visibility:hidden");
}

/* Reads the attributes of a new element: names, flags, metadata. */
static void element_attrs(px__page *pg, uint32_t id, int tag,
                          const xmlChar **atts) {
  px__node *nd = &pg->nodes[id];
  const char *idv = NULL, *cls = NULL, *prop = NULL, *name = NULL,
             *content = NULL, *itemprop = NULL, *rel = NULL, *href = NULL,
             *datetime = NULL, *lang = NULL, *type = NULL;
  for (size_t i = 0; atts && atts[i]; i += 2) {
    const char *k = (const char *)atts[i], *v = (const char *)atts[i + 1];
    if (!v) v = "";
    switch (k[0]) {
    case 'a':
      if (!strcmp(k, "aria-hidden") && !strcasecmp(v, "true"))
        nd->flags |= PX__NF_HIDDEN;
      break;
    case 'c':
      if (!strcmp(k, "class")) cls = v;
      else if (!strcmp(k, "content")) content = v;
      break;
    case 'd': if (!strcmp(k, "datetime")) datetime = v; break;
    case 'h':
      if (!strcmp(k, "href")) href = v;
      else if (!strcmp(k, "hidden")) nd->flags |= PX__NF_HIDDEN;
      break;
    case 'i':
      if (!strcmp(k, "id")) idv = v;
      else if (!strcmp(k, "itemprop")) itemprop = v;
      break;
    case 'l': if (!strcmp(k, "lang")) lang = v; break;
    case 'n': if (!strcmp(k, "name")) name = v; break;
    case 'p': if (!strcmp(k, "property")) prop = v; break;
    case 'r': if (!strcmp(k, "rel")) rel = v; break;
    case 's':
      if (!strcmp(k, "style") && hidden_style(v)) nd->flags |= PX__NF_HIDDEN;
      break;
    case 't': if (!strcmp(k, "type")) type = v; break;
    }
  }
  (void)type;
  if (idv || cls) {
    char names[PX__MAX_NAMES];
    size_t k = 0;
    const char *parts[2] = {idv, cls};
    for (int j = 0; j < 2; j++)
      for (const char *p = parts[j]; p && *p && k < sizeof names - 1; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        names[k++] = c;
        if (!p[1] && j == 0 && parts[1] && k < sizeof names - 1)
          names[k++] = ' ';
      }
    nd->str = pool_add(pg, names, k);
    nd->str_len = (uint32_t)k;
  }
  if (tag == PX__T_A && href && *href) nd->flags |= PX__NF_HREF;
  if (itemprop) {
    if (has_word(itemprop, "articleBody") || has_word(itemprop, "text"))
      nd->flags |= PX__NF_BODY;
    if (has_word(itemprop, "author") || has_word(itemprop, "creator"))
      nd->flags |= PX__NF_AUTHOR;
    if (has_word(itemprop, "headline")) nd->flags |= PX__NF_HEADLINE;
  }
  if (rel && has_word(rel, "author")) nd->flags |= PX__NF_AUTHOR;
  if (tag == PX__T_META) {
    const char *key = prop ? prop : name ? name : itemprop;
    if (key && content) add_attr(pg, id, PX__A_META, key, content);
    else if (itemprop && content) add_attr(pg, id, PX__A_META, itemprop,
                                           content);
  } else if (tag == PX__T_LINK) {
    if (rel && href && has_word(rel, "canonical"))
      add_attr(pg, id, PX__A_CANON, "canonical", href);
  } else {
    if (tag == PX__T_TIME && datetime)
      add_attr(pg, id, PX__A_TIME, "datetime", datetime);
    if (itemprop)
      add_attr(pg, id, PX__A_ITEMPROP, itemprop,
               content ? content : datetime ? datetime : "");
    if (tag == PX__T_HTML && lang) add_attr(pg, id, PX__A_LANG, "lang", lang);
  }
}

static int is_ld_json(const xmlChar **atts) {
  for (size_t i = 0; atts && atts[i]; i += 2)
    if (!strcmp((const char *)atts[i], "type") && atts[i + 1] &&
        px__ci_find((const char *)atts[i + 1], "ld+json"))
      return 1;
  return 0;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts) {
  px__page *pg = ctx;
  if (pg->oom) return;
  const char *nm = (const char *)name;
  int tag = px__tag_of(nm, strlen(nm));
  if (pg->skip_depth) { pg->skip_depth++; return; }
  if (tag == PX__T_TITLE && !pg->title.len) pg->in_title = 1;
  if (tag == PX__T_SCRIPT && is_ld_json(atts)) pg->in_ld = 1;
  if (skipped_tag(tag)) {
    pg->skip_depth = 1;
    return;
  }
  if (pg->over_depth || pg->nodes[pg->cur].depth >= PX__MAX_DEPTH) {
    pg->over_depth++;
    return;
  }
  uint32_t id = new_node(pg, tag);
  if (pg->oom) return;
  element_attrs(pg, id, tag, atts);
  pg->cur = id;
}

static void on_end(void *ctx, const xmlChar *name) {
  px__page *pg = ctx;
  (void)name;
  if (pg->oom) return;
  if (pg->skip_depth) {
    if (--pg->skip_depth == 0) {
      if (pg->in_ld && px__buf_append(&pg->ld, "", 1) != 0) pg->oom = 1;
      pg->in_ld = 0;
    }
    return;
  }
  if (pg->over_depth) { pg->over_depth--; return; }
  if (pg->nodes[pg->cur].tag == PX__T_TITLE) pg->in_title = 0;
  if (pg->cur) pg->cur = pg->nodes[pg->cur].parent;
}

static void on_text(void *ctx, const xmlChar *s, int len) {
  px__page *pg = ctx;
  if (pg->oom || len <= 0) return;
  size_t n = (size_t)len;
  if (pg->skip_depth) {
    if (pg->in_ld && pg->ld.len + n < PX__MAX_LD &&
        px__buf_append(&pg->ld, s, n) != 0)
      pg->oom = 1;
    return;
  }
  if (pg->in_title) {
    if (pg->title.len + n < PX__MAX_TITLE &&
        px__buf_append(&pg->title, s, n) != 0)
      pg->oom = 1;
    return;
  }
  if (pg->cur == 0) return; /* text outside <html> is noise */
  px__node *par = &pg->nodes[pg->cur];
  /* join with the text node just made when it is this element's last */
  uint32_t last = (uint32_t)pg->n_nodes - 1;
  if (last && pg->nodes[last].tag == PX__T_TEXT &&
      pg->nodes[last].parent == pg->cur &&
      pg->nodes[last].str + pg->nodes[last].str_len == pg->pool.len &&
      pg->nodes[last].str_len <= UINT32_MAX - n) {
    if (px__buf_append(&pg->pool, s, n) != 0) pg->oom = 1;
    else pg->nodes[last].str_len += (uint32_t)n;
    return;
  }
  (void)par;
  uint32_t id = new_node(pg, PX__T_TEXT);
  if (pg->oom) return;
  pg->nodes[id].str = pool_add(pg, (const char *)s, n);
  pg->nodes[id].str_len = (uint32_t)n;
}

static void on_silent(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

void px__page_free(px__page *pg) {
  free(pg->nodes);
  free(pg->attrs);
  px__buf_free(&pg->pool);
  px__buf_free(&pg->title);
  px__buf_free(&pg->ld);
  memset(pg, 0, sizeof *pg);
}

int px__page_parse(px__page *pg, const char *html, size_t n) {
  pg->n_nodes = pg->n_attrs = 0;
  pg->pool.len = pg->title.len = pg->ld.len = 0;
  pg->cur = pg->skip_depth = pg->over_depth = 0;
  pg->in_title = pg->in_ld = pg->oom = 0;
  new_node(pg, PX__T_OTHER); /* the root */
  if (pg->oom) return -1;
  if (px__buf_reserve(&pg->pool, n / 2 + 64) != 0) return -1;
  if (n > INT32_MAX) n = INT32_MAX; /* libxml2 takes an int size */
  htmlParserCtxtPtr c = htmlCreateMemoryParserCtxt(n ? html : " ",
                                                   n ? (int)n : 1);
  if (!c) return -1;
  htmlSAXHandler h;
  memset(&h, 0, sizeof h);
  h.startElement = on_start;
  h.endElement = on_end;
  h.characters = on_text;
  h.cdataBlock = on_text;
  h.ignorableWhitespace = on_text;
  h.warning = on_silent;
  h.error = on_silent;
  memcpy(c->sax, &h, sizeof h);
  c->userData = pg;
  htmlCtxtUseOptions(c, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                            HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
  xmlSwitchEncoding(c, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument(c);
  htmlFreeParserCtxt(c);
  return pg->oom ? -1 : 0;
}
