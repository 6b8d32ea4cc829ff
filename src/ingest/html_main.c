/* html_main.c — the main text of a page, by block scoring.
 *
 * 1. Boilerplate by name: elements that are navigation, asides, footers,
 *    forms, captions, or whose id/class names a known kind of page chrome
 *    (comments, sharing, related links, cookie banners, ...) are dropped,
 *    with their content, unless they hold most of the page's text (a
 *    wrapper named "content-with-sidebar" is not chrome). Hidden elements
 *    are dropped too.
 * 2. Blocks: runs of text between block-level boundaries (a paragraph, a
 *    list item, a heading, a table cell). Each has a length and a link
 *    length. A block is good when it is long enough and not mostly links.
 * 3. The container: every element is scored by the good text inside it
 *    minus its boilerplate (link text, and a share of short blocks), with
 *    a bonus for article markup (<article>, itemprop=articleBody, names
 *    like "article-body"). The best-scoring element is the article.
 * 4. Its blocks are kept in order, except those that are mostly links,
 *    short ones before the first or after the last good block (bylines,
 *    share bars, "read more"), and the page title heading.
 * No walk recurses: nodes are in document order, so forward loops pass
 *    things down and backward loops add things up. */
#include <stdlib.h>
#include <string.h>
#include "ingest/web_internal.h"

typedef struct nstat {
  uint32_t blk;     /* nearest block-level element, self included */
  uint32_t end;     /* one past the last node of the subtree */
  float good, bad;  /* good and boilerplate text below */
  uint32_t raw;     /* all visible text below, bytes */
  uint8_t dead;     /* dropped, or inside something dropped */
  uint8_t link;     /* inside <a href> */
} nstat;

enum { BK_PLAIN, BK_HEADING, BK_H1, BK_ITEM, BK_QUOTE, BK_CELL };

typedef struct block {
  uint32_t blk, first, last; /* block element, first and last text node */
  uint32_t chars, link;      /* non-space bytes, of them in links */
  uint8_t kind;
  uint8_t punct;             /* ends like a sentence */
  uint8_t keep;
} block;

static int is_block_tag(int t) {
  switch (t) {
  case PX__T_P: case PX__T_DIV: case PX__T_LI: case PX__T_UL: case PX__T_OL:
  case PX__T_DL: case PX__T_DT: case PX__T_DD: case PX__T_H1: case PX__T_H2:
  case PX__T_H3: case PX__T_H4: case PX__T_H5: case PX__T_H6:
  case PX__T_BLOCKQUOTE: case PX__T_PRE: case PX__T_ARTICLE:
  case PX__T_SECTION: case PX__T_MAIN: case PX__T_HEADER: case PX__T_FOOTER:
  case PX__T_ASIDE: case PX__T_NAV: case PX__T_TABLE: case PX__T_TR:
  case PX__T_TD: case PX__T_TH: case PX__T_TBODY: case PX__T_THEAD:
  case PX__T_TFOOT: case PX__T_CAPTION: case PX__T_FIGURE:
  case PX__T_FIGCAPTION: case PX__T_FORM: case PX__T_ADDRESS:
  case PX__T_CENTER: case PX__T_DETAILS: case PX__T_SUMMARY: case PX__T_HR:
  case PX__T_BODY: case PX__T_HTML: case PX__T_HGROUP: case PX__T_DIALOG:
  case PX__T_MENU: case PX__T_OTHER:
    return 1;
  }
  return 0;
}

static int chrome_tag(int t) {
  switch (t) {
  case PX__T_NAV: case PX__T_ASIDE: case PX__T_FOOTER: case PX__T_FORM:
  case PX__T_FIGCAPTION: case PX__T_CAPTION: case PX__T_DIALOG:
  case PX__T_MENU: case PX__T_LABEL: case PX__T_OPTION: case PX__T_INPUT:
  case PX__T_HEAD: case PX__T_TITLE:
    return 1;
  }
  return 0;
}

/* Name parts (between spaces, '-' and '_') that mark page chrome:
 * strong ones drop an element unless it holds most of the page's text;
 * weak ones only when it holds little of the page's good text. */
static const char *const strong_words[] = {
    "nav", "navbar", "navigation", "menu", "footer", "sidebar", "comment",
    "comments", "share", "sharing", "shares", "social", "socials",
    "related", "recommended", "recommendations", "newsletter", "subscribe",
    "cookie", "cookies", "consent", "gdpr", "advert", "advertisement", "ad",
    "ads", "breadcrumb", "breadcrumbs", "popup", "modal", "outbrain",
    "taboola", "disqus", "sharebar", "addthis", "shariff", "cookiebanner",
    NULL};
static const char *const weak_words[] = {
    "widget", "widgets", "promo", "sponsored", "banner", "tags", "tagcloud",
    "caption", "byline", "meta", "dateline", "print", "toolbar",
    "pagination", "pager", "masthead", "skip", "rating", "login",
    "signup", "popular", "trending", "mostread", "teasers", "topbar",
    "copyright", "author", "authors", "credit", "credits", "bio", "overlay",
    "sr", "screen", "visually", "contact", "rss", "more", "readmore",
    "follow", "icons", "infobox", "date", "timestamp", "published",
    "updated", "headline", "header", "breaking", "ticker", "weather",
    "search", "jump", "subscription", NULL};

/* Weak names that may hold an article's lead paragraph. */
static const char *const heading_words[] = {"header", "headline", NULL};

/* Name parts that mark the article itself. */
static const char *const article_words[] = {
    "article", "articlebody", "content", "entry", "post", "story", "text",
    "body", "main", "hentry", "blog", "prose", "richtext", "copy", NULL};

static int part_in(const char *p, size_t n, const char *const *words) {
  for (size_t i = 0; words[i]; i++)
    if (strlen(words[i]) == n && memcmp(words[i], p, n) == 0) return 1;
  return 0;
}

/* Does the "id class" string s[0..n) hold a part from words? Parts are
 * split at spaces, '-' and '_'; "articlebody"-like joined names are
 * matched whole. */
static int names_have(const char *s, size_t n, const char *const *words) {
  static const char *const modifiers[] = {"has", "with", "no", "without",
                                          "is", "not", "hide", "show", NULL};
  size_t i = 0;
  while (i < n) {
    while (i < n && (s[i] == ' ' || s[i] == '-' || s[i] == '_')) i++;
    size_t j = i;
    while (j < n && s[j] != ' ' && s[j] != '-' && s[j] != '_') j++;
    if (j > i && part_in(s + i, j - i, modifiers)) {
      /* "has-sidebar", "no-comments": a state, not what it is */
      while (j < n && s[j] != ' ') j++;
    } else if (j > i && part_in(s + i, j - i, words))
      return 1;
    i = j;
  }
  return 0;
}

static int is_space_byte(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

/* Counts non-space bytes of t[0..n); NBSP counts as space. */
static uint32_t visible(const char *t, size_t n) {
  uint32_t k = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)t[i];
    if (is_space_byte(c)) continue;
    if (c == 0xC2 && i + 1 < n && (unsigned char)t[i + 1] == 0xA0) {
      i++;
      continue;
    }
    k++;
  }
  return k;
}

static int grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return 0;
  size_t c = *cap ? *cap : 256;
  while (c < need) c *= 2;
  void *q = realloc(*p, c * size);
  if (!q) return -1;
  *p = q;
  *cap = c;
  return 0;
}

/* Computes blk, end, raw and link, and marks hidden elements dead. */
static void mark_basic(px__page *pg, nstat *st) {
  size_t n = pg->n_nodes;
  const px__node *nd = pg->nodes;
  memset(st, 0, n * sizeof *st);
  for (size_t i = n; i-- > 0;) {
    st[i].end = (uint32_t)i + 1;
    if (nd[i].tag == PX__T_TEXT) st[i].raw = visible(pg->pool.p + nd[i].str,
                                                     nd[i].str_len);
  }
  for (size_t i = n; i-- > 1;) {
    uint32_t p = nd[i].parent;
    st[p].raw += st[i].raw;
    if (st[i].end > st[p].end) st[p].end = st[i].end;
  }
  for (size_t i = 1; i < n; i++) {
    const px__node *e = &nd[i];
    uint32_t p = e->parent;
    st[i].dead = st[p].dead;
    st[i].link = st[p].link;
    st[i].blk = st[p].blk;
    if (e->tag == PX__T_TEXT) continue;
    if (e->tag == PX__T_A && (e->flags & PX__NF_HREF)) st[i].link = 1;
    if (is_block_tag(e->tag)) st[i].blk = (uint32_t)i;
    if (e->flags & PX__NF_HIDDEN) st[i].dead = 1;
  }
}

/* Marks page chrome dead, by tag and by name, judged against st[].good
 * (the good text below each element before anything was dropped). */
static void mark_chrome(px__page *pg, nstat *st) {
  size_t n = pg->n_nodes;
  const px__node *nd = pg->nodes;
  uint32_t total = st[0].raw;
  float all_good = st[0].good > 1 ? st[0].good : 1;
  for (size_t i = 1; i < n; i++) {
    const px__node *e = &nd[i];
    uint32_t p = e->parent;
    if (st[p].dead) st[i].dead = 1;
    if (e->tag == PX__T_TEXT || st[i].dead) continue;
    if (e->flags & PX__NF_BODY) continue;
    int big = st[i].raw * 2 > total; /* holds most of the page's text */
    float share = st[i].good / all_good;
    if (big) continue;
    const char *names = pg->pool.p + e->str;
    int drop = chrome_tag(e->tag) && share < 0.3f;
    if (!drop && e->str_len && names_have(names, e->str_len, strong_words))
      drop = share < 0.3f ||
             (share < 0.6f && !names_have(names, e->str_len, article_words));
    /* weak names only on blocks: a "dateline" span may open the first
     * paragraph */
    if (!drop && e->str_len && share < 0.1f && is_block_tag(e->tag) &&
        names_have(names, e->str_len, weak_words))
      drop = !(names_have(names, e->str_len, heading_words) &&
               st[i].good > 0);
    /* a site's header, not an article's (whose lead paragraph is good) */
    if (!drop && e->tag == PX__T_HEADER && st[i].good <= 0) {
      int in_article = 0;
      for (uint32_t a = p; a && !in_article; a = nd[a].parent)
        in_article = nd[a].tag == PX__T_ARTICLE || nd[a].tag == PX__T_MAIN;
      drop = !in_article;
    }
    if (drop) st[i].dead = 1;
  }
}

static uint8_t block_kind(const px__page *pg, const nstat *st, uint32_t b) {
  int t = pg->nodes[b].tag;
  if (t == PX__T_H1) return BK_H1;
  if (t >= PX__T_H2 && t <= PX__T_H6) return BK_HEADING;
  if (t == PX__T_TD || t == PX__T_TH) return BK_CELL;
  for (uint32_t a = b; a; a = pg->nodes[a].parent) {
    int at = pg->nodes[a].tag;
    if (at == PX__T_LI || at == PX__T_DD || at == PX__T_DT) return BK_ITEM;
    if (at == PX__T_BLOCKQUOTE) return BK_QUOTE;
    if (at == PX__T_ARTICLE || at == PX__T_BODY) break;
  }
  (void)st;
  return BK_PLAIN;
}

static int ends_sentence(const char *t, size_t n) {
  while (n && is_space_byte((unsigned char)t[n - 1])) n--;
  if (!n) return 0;
  char c = t[n - 1];
  if (c == '.' || c == '!' || c == '?' || c == ':' || c == '"' || c == ')')
    return 1;
  /* ” » … in UTF-8 */
  return n >= 2 && ((unsigned char)t[n - 2] == 0xC2 &&
                    (unsigned char)t[n - 1] == 0xBB);
}

/* Splits the page into blocks. Returns the count, or -1 (memory). */
static long make_blocks(px__web *w, const nstat *st) {
  px__page *pg = &w->page;
  size_t nb = 0;
  block *bs = w->blocks;
  uint32_t cur_blk = UINT32_MAX;
  for (size_t i = 1; i < pg->n_nodes; i++) {
    const px__node *e = &pg->nodes[i];
    if (e->tag != PX__T_TEXT || st[i].dead) continue;
    uint32_t len = st[i].raw;
    if (len == 0 && cur_blk != st[i].blk) continue;
    if (cur_blk != st[i].blk || nb == 0) {
      if (grow(&w->blocks, &w->cap_blocks, nb + 1, sizeof *bs) != 0)
        return -1;
      bs = w->blocks;
      bs[nb] = (block){st[i].blk, (uint32_t)i, (uint32_t)i, 0, 0,
                       block_kind(pg, st, st[i].blk), 0, 0};
      nb++;
      cur_blk = st[i].blk;
    }
    block *b = &bs[nb - 1];
    b->last = (uint32_t)i;
    b->chars += len;
    if (st[i].link) b->link += len;
  }
  for (size_t k = 0; k < nb; k++) {
    const px__node *t = &pg->nodes[bs[k].last];
    bs[k].punct = (uint8_t)ends_sentence(pg->pool.p + t->str, t->str_len);
  }
  return (long)nb;
}

#define GOOD_CHARS 60

static int good_block(const block *b) {
  if (b->kind == BK_H1 || b->kind == BK_HEADING) return 0;
  if ((float)b->link > 0.3f * (float)b->chars) return 0;
  return b->chars >= GOOD_CHARS || (b->chars >= 30 && b->punct);
}

/* Adds good and boilerplate text of the blocks up the tree. */
static void add_up(const px__page *pg, nstat *st, const block *bs,
                   size_t nb) {
  for (size_t i = 0; i < pg->n_nodes; i++) st[i].good = st[i].bad = 0;
  for (size_t k = 0; k < nb; k++) {
    const block *b = &bs[k];
    float g = 0, bad = (float)b->link;
    if (good_block(b)) g = (float)(b->chars - b->link);
    else if (b->chars < GOOD_CHARS) bad += 0.3f * (float)(b->chars - b->link);
    st[b->blk].good += g;
    st[b->blk].bad += bad;
  }
  for (size_t i = pg->n_nodes; i-- > 1;) {
    uint32_t p = pg->nodes[i].parent;
    st[p].good += st[i].good;
    st[p].bad += st[i].bad;
  }
}

/* Scores every element; returns the best container. */
static uint32_t pick_container(px__web *w, nstat *st) {
  px__page *pg = &w->page;
  uint32_t best = 0;
  float best_score = -1;
  for (size_t i = 1; i < pg->n_nodes; i++) {
    const px__node *e = &pg->nodes[i];
    if (e->tag == PX__T_TEXT || st[i].dead || st[i].good <= 0) continue;
    float s = st[i].good - st[i].bad;
    int hint = e->tag == PX__T_ARTICLE || (e->flags & PX__NF_BODY) ||
               (e->str_len && e->tag != PX__T_BODY &&
                e->tag != PX__T_HTML &&
                names_have(pg->pool.p + e->str, e->str_len, article_words));
    if (hint) s *= 1.15f;
    if (s > best_score) {
      best_score = s;
      best = (uint32_t)i;
    }
  }
  return best;
}

/* Appends the text of block b to out, white space collapsed, <br> as a
 * line break. */
static int render(const px__page *pg, const nstat *st, const block *b,
                  px__buf *out) {
  int space = 1; /* at the start of the block: drop leading space */
  for (uint32_t i = b->first; i <= b->last; i++) {
    const px__node *e = &pg->nodes[i];
    if (st[i].dead) continue;
    if (e->tag == PX__T_BR) {
      while (out->len && out->p[out->len - 1] == ' ') out->len--;
      if (px__buf_append(out, "\n", 1) != 0) return -1;
      space = 1;
      continue;
    }
    if (e->tag != PX__T_TEXT) continue;
    const char *t = pg->pool.p + e->str;
    if (px__buf_reserve(out, e->str_len) != 0) return -1;
    for (uint32_t k = 0; k < e->str_len; k++) {
      unsigned char c = (unsigned char)t[k];
      int sp = is_space_byte(c);
      if (c == 0xC2 && k + 1 < e->str_len && (unsigned char)t[k + 1] == 0xA0) {
        sp = 1;
        k++;
      }
      if (sp) {
        if (!space) out->p[out->len++] = ' ';
        space = 1;
      } else {
        out->p[out->len++] = (char)c;
        space = 0;
      }
    }
  }
  while (out->len && (out->p[out->len - 1] == ' ' ||
                      out->p[out->len - 1] == '\n'))
    out->len--;
  out->p[out->len] = '\0';
  return 0;
}

/* Calls to action and notices that sit inside articles (subscription
 * offers, newsletter boxes, copyright and advertising notices, "read
 * more"), in the languages of the news parallax reads. Only short blocks
 * are judged by them: a paragraph of news may mention a newsletter. */
static const char *const notice_phrases[] = {
    "subscribe", "subscription", "subscriber", "newsletter", "sign up",
    "signing up", "follow us", "all rights reserved", "copyright",
    "\xC2\xA9", "reprint", "advertisement", "advertising", "affiliate",
    "read more", "click here", "download our", "download the", "share this",
    "log in", "cookie", "abonn", "lesen sie auch", "mehr zum thema",
    "weiterlesen", "anzeige", "werbung", "ohne gew\xC3\xA4hr", "kommentar",
    "la suite", "acc\xC3\xA9" "der", "publicit\xC3\xA9", "suscr",
    "publicidad", "leer m\xC3\xA1s", NULL};
#define NOTICE_MAX 150 /* characters */

static int is_notice(const char *t, size_t n) {
  size_t chars = 0;
  for (size_t i = 0; i < n; i++) chars += ((unsigned char)t[i] & 0xC0) != 0x80;
  if (chars >= NOTICE_MAX) return 0;
  char low[NOTICE_MAX * 4 + 1];
  size_t k = n < sizeof low - 1 ? n : sizeof low - 1;
  for (size_t i = 0; i < k; i++)
    low[i] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
  low[k] = '\0';
  for (size_t i = 0; notice_phrases[i]; i++)
    if (strstr(low, notice_phrases[i])) return 1;
  return 0;
}

int px__main_text(px__web *w) {
  px__page *pg = &w->page;
  w->text.len = 0;
  if (px__buf_reserve(&w->text, 0) != 0) return -1;
  w->text.p[0] = '\0';
  w->container = 0;
  if (pg->n_nodes < 2) return 0;
  if (grow(&w->nstat, &w->cap_nstat, pg->n_nodes, sizeof(nstat)) != 0)
    return -1;
  nstat *st = w->nstat;
  mark_basic(pg, st);
  long nb = make_blocks(w, st);
  if (nb < 0) return -1;
  add_up(pg, st, w->blocks, (size_t)nb);
  mark_chrome(pg, st);
  nb = make_blocks(w, st);
  if (nb < 0) return -1;
  block *bs = w->blocks;
  if (nb == 0) return 0;
  add_up(pg, st, bs, (size_t)nb);
  uint32_t c = pick_container(w, st);
  w->container = c;
  if (c == 0) return 0;
  uint32_t end = st[c].end;
  /* the blocks inside the container, and its first and last good one */
  long first = -1, last = -1;
  for (long k = 0; k < nb; k++) {
    block *b = &bs[k];
    if (b->blk < c || b->blk >= end) continue;
    if (good_block(b)) {
      if (first < 0) first = k;
      last = k;
    }
  }
  if (first < 0) return 0;
  for (long k = 0; k < nb; k++) {
    block *b = &bs[k];
    b->keep = 0;
    if (b->blk < c || b->blk >= end) continue;
    if (b->kind == BK_H1) continue;
    float ld = b->chars ? (float)b->link / (float)b->chars : 1;
    if (ld > 0.5f) continue;
    if (good_block(b)) { b->keep = 1; continue; }
    /* a heading right before the text starts is the article's */
    if (k < first && b->kind == BK_HEADING && b->link == 0) {
      b->keep = 1;
      continue;
    }
    if (k < first || k > last) continue;
    b->keep = 1;
  }
  for (long k = 0; k < nb; k++) {
    if (!bs[k].keep) continue;
    size_t before = w->text.len;
    if (before && px__buf_append(&w->text, "\n\n", 2) != 0) return -1;
    size_t mark_len = w->text.len;
    if (render(pg, st, &bs[k], &w->text) != 0) return -1;
    if (w->text.len <= mark_len ||
        is_notice(w->text.p + mark_len, w->text.len - mark_len))
      w->text.len = before; /* nothing in it, or a notice */
    w->text.p[w->text.len] = '\0';
  }
  return 0;
}
