/* html_meta.c — a page's title, date, author, outlet and canonical URL,
 * from the markup publishers use for search engines and social sites, in
 * order of trust: JSON-LD (schema.org NewsArticle and kin), Open Graph and
 * other <meta> tags, microdata (itemprop), then the visible page (<h1>,
 * <time datetime>, byline markup), then the URL (a date in its path, the
 * host as the outlet). No rule names a site. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ingest/web_internal.h"

#define PX__META_MAX 600 /* bytes of a title or author kept */

/* ---- small string helpers ------------------------------------------ */

/* Copies s[0..n) into out with white space collapsed and trimmed, at most
 * cap-1 bytes, cut at a UTF-8 boundary. */
static size_t collapse(const char *s, size_t n, char *out, size_t cap) {
  size_t k = 0;
  int space = 1;
  for (size_t i = 0; i < n && k + 1 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    int sp = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
      sp = 1;
      i++;
    }
    if (sp) {
      if (!space) out[k++] = ' ';
      space = 1;
    } else {
      out[k++] = (char)c;
      space = 0;
    }
  }
  while (k && out[k - 1] == ' ') k--;
  while (k && ((unsigned char)out[k - 1] & 0xC0) == 0x80 && k + 1 >= cap)
    k--; /* a cut sequence */
  out[k] = '\0';
  return k;
}

/* The visible text of element e, collapsed, into out. */
static size_t elem_text(const px__page *pg, uint32_t e, char *out,
                        size_t cap) {
  size_t k = 0;
  uint32_t depth = pg->nodes[e].depth;
  char tmp[PX__META_MAX * 2];
  size_t tn = 0;
  for (size_t i = e + 1; i < pg->n_nodes && pg->nodes[i].depth > depth;
       i++) {
    const px__node *nd = &pg->nodes[i];
    if (nd->tag == PX__T_BR && tn + 1 < sizeof tmp) tmp[tn++] = ' ';
    if (nd->tag != PX__T_TEXT) continue;
    size_t n = nd->str_len;
    if (tn + n >= sizeof tmp) n = sizeof tmp - 1 - tn;
    memcpy(tmp + tn, pg->pool.p + nd->str, n);
    tn += n;
    if (tn + 1 >= sizeof tmp) break;
  }
  k = collapse(tmp, tn, out, cap);
  return k;
}

static int set_str(px__buf *b, const char *s, size_t n) {
  char tmp[PX__META_MAX];
  size_t k = collapse(s, n, tmp, sizeof tmp);
  return px__buf_set(b, tmp, k);
}

static int is_url(const char *s) {
  return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8) ||
         s[0] == '/';
}

/* ---- <meta> lookups -------------------------------------------------- */

/* The content of the first <meta> whose key is one of keys (case-blind),
 * in the order of keys; NULL when none. */
static const char *meta_get(const px__page *pg, const char *const *keys,
                            size_t *len) {
  for (size_t k = 0; keys[k]; k++)
    for (size_t i = 0; i < pg->n_attrs; i++) {
      const px__attr *a = &pg->attrs[i];
      if (a->kind != PX__A_META || a->key_len != strlen(keys[k]) ||
          strncasecmp(pg->pool.p + a->key, keys[k], a->key_len) != 0 ||
          a->val_len == 0)
        continue;
      *len = a->val_len;
      return pg->pool.p + a->val;
    }
  return NULL;
}

/* ---- JSON-LD ---------------------------------------------------------- */

typedef struct ld_info {
  char headline[PX__META_MAX], published[64], modified[64];
  char author[PX__META_MAX], publisher[PX__META_MAX];
  int found_article;
} ld_info;

static int article_type(json_t *type) {
  static const char *const kinds[] = {
      "NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle",
      "AnalysisNewsArticle", "OpinionNewsArticle", "Report", "LiveBlogPosting",
      "TechArticle", "ScholarlyArticle", "SocialMediaPosting",
      "BackgroundNewsArticle", "ReviewNewsArticle", "Review", "WebPage",
      NULL};
  if (json_is_array(type)) {
    size_t i;
    json_t *v;
    json_array_foreach(type, i, v) if (article_type(v)) return 1;
    return 0;
  }
  const char *t = json_string_value(type);
  if (!t) return 0;
  for (size_t i = 0; kinds[i]; i++)
    if (!strcmp(t, kinds[i])) return 1 + (strcmp(t, "WebPage") != 0);
  return 0;
}

static void add_name(char *out, json_t *v) {
  const char *s = NULL;
  if (json_is_string(v)) s = json_string_value(v);
  else if (json_is_object(v)) s = json_string_value(json_object_get(v, "name"));
  if (!s || !*s || is_url(s)) return;
  size_t k = strlen(out);
  if (k + strlen(s) + 3 >= PX__META_MAX) return;
  if (k) strcat(out, "; ");
  strcat(out, s);
}

static void ld_object(json_t *o, ld_info *li, int depth) {
  if (!json_is_object(o) || depth > 8) return;
  json_t *graph = json_object_get(o, "@graph");
  if (json_is_array(graph)) {
    size_t i;
    json_t *v;
    json_array_foreach(graph, i, v) ld_object(v, li, depth + 1);
  }
  int kind = article_type(json_object_get(o, "@type"));
  if (!kind) {
    /* an article may sit under mainEntity */
    ld_object(json_object_get(o, "mainEntity"), li, depth + 1);
    return;
  }
  /* a real article type beats a WebPage */
  if (li->found_article > kind) return;
  if (li->found_article < kind) {
    memset(li, 0, sizeof *li);
    li->found_article = kind;
  }
  const char *s;
  if (!li->headline[0] && (s = json_string_value(json_object_get(o, "headline"))))
    collapse(s, strlen(s), li->headline, sizeof li->headline);
  if (!li->published[0] &&
      ((s = json_string_value(json_object_get(o, "datePublished"))) ||
       (s = json_string_value(json_object_get(o, "dateCreated")))))
    snprintf(li->published, sizeof li->published, "%s", s);
  if (!li->modified[0] &&
      (s = json_string_value(json_object_get(o, "dateModified"))))
    snprintf(li->modified, sizeof li->modified, "%s", s);
  json_t *au = json_object_get(o, "author");
  if (!au) au = json_object_get(o, "creator");
  if (!li->author[0] && au) {
    if (json_is_array(au)) {
      size_t i;
      json_t *v;
      json_array_foreach(au, i, v) add_name(li->author, v);
    } else
      add_name(li->author, au);
  }
  json_t *pub = json_object_get(o, "publisher");
  if (json_is_array(pub)) pub = json_array_get(pub, 0);
  if (!li->publisher[0] && pub) {
    s = json_is_object(pub) ? json_string_value(json_object_get(pub, "name"))
                            : json_string_value(pub);
    if (s) collapse(s, strlen(s), li->publisher, sizeof li->publisher);
  }
}

static void read_ld(const px__page *pg, ld_info *li) {
  memset(li, 0, sizeof *li);
  for (size_t at = 0; at < pg->ld.len;) {
    const char *s = pg->ld.p + at;
    size_t n = strlen(s);
    json_error_t err;
    json_t *j = json_loadb(s, n, JSON_DECODE_ANY, &err);
    if (json_is_array(j)) {
      size_t i;
      json_t *v;
      json_array_foreach(j, i, v) ld_object(v, li, 0);
    } else {
      ld_object(j, li, 0);
    }
    json_decref(j);
    at += n + 1;
  }
}

/* ---- title ------------------------------------------------------------ */

static int is_sep_at(const char *s, size_t i, size_t n, size_t *len) {
  static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ",
                                     " \xE2\x80\x94 ", " :: ", " \xC2\xB7 ",
                                     " \xE2\x80\xA2 ", " // ", " \xC2\xBB ",
                                     NULL};
  for (size_t k = 0; seps[k]; k++) {
    size_t l = strlen(seps[k]);
    if (i + l <= n && memcmp(s + i, seps[k], l) == 0) {
      *len = l;
      return 1;
    }
  }
  return 0;
}

static size_t words_in(const char *s, size_t n) {
  size_t w = 0;
  int in = 0;
  for (size_t i = 0; i < n; i++) {
    int sp = s[i] == ' ';
    if (!sp && !in) w++;
    in = !sp;
  }
  return w;
}

/* Removes a site name from the end (or start) of a title: a last part
 * after a separator that is short or names the site. */
static size_t strip_site(const char *t, size_t n, const char *site,
                         size_t *start) {
  *start = 0;
  for (int round = 0; round < 2; round++) {
    size_t cut = 0, sl = 0;
    for (size_t i = *start; i < n; i++) {
      size_t l;
      if (is_sep_at(t, i, n, &l)) { cut = i; sl = l; }
    }
    if (!cut) break;
    const char *tail = t + cut + sl;
    size_t tl = n - cut - sl;
    int names_site = 0;
    if (site && *site && tl <= strlen(site) + 4) {
      char tmp[PX__META_MAX];
      size_t k = tl < sizeof tmp - 1 ? tl : sizeof tmp - 1;
      memcpy(tmp, tail, k);
      tmp[k] = '\0';
      if (px__ci_find(site, tmp) || px__ci_find(tmp, site)) names_site = 1;
    }
    if (names_site || words_in(tail, tl) <= 3) n = cut;
    else break;
  }
  /* a site name in front: "Site | Headline" */
  size_t l;
  for (size_t i = 0; i < n; i++)
    if (is_sep_at(t, i, n, &l)) {
      if (words_in(t, i) <= 2 && words_in(t + i + l, n - i - l) > 3)
        *start = i + l;
      break;
    }
  return n;
}

/* With no outlet named anywhere else, the part of the title after the
 * headline ("Headline - Outlet") names it. */
static void site_from_title(px__web *w, const char *t, size_t cut) {
  if (w->outlet.len || !t[cut]) return;
  size_t l, n = strlen(t);
  if (!is_sep_at(t, cut, n, &l)) return;
  const char *s = t + cut + l;
  size_t sl = strcspn(s, "|");
  if (words_in(s, sl) <= 4) set_str(&w->outlet, s, sl);
}

static void pick_title(px__web *w, const ld_info *li, const char *site) {
  const px__page *pg = &w->page;
  char og[PX__META_MAX] = "", tt[PX__META_MAX] = "", h1[PX__META_MAX] = "";
  char first_h1[PX__META_MAX] = "", tmp[PX__META_MAX];
  size_t len;
  static const char *const og_keys[] = {"og:title", "twitter:title",
                                        "headline", "title", NULL};
  const char *v = meta_get(pg, og_keys, &len);
  if (v) collapse(v, len, og, sizeof og);
  collapse(pg->title.p ? pg->title.p : "", pg->title.len, tt, sizeof tt);
  /* h1s: the one that agrees with the other titles, else the first in
   * or after the container's start */
  int n_h1 = 0;
  for (size_t i = 1; i < pg->n_nodes && n_h1 < 8; i++) {
    const px__node *nd = &pg->nodes[i];
    if (nd->tag != PX__T_H1 && !(nd->flags & PX__NF_HEADLINE)) continue;
    if (nd->tag == PX__T_META) continue;
    size_t k = elem_text(pg, (uint32_t)i, tmp, sizeof tmp);
    if (k < 4) continue;
    n_h1++;
    if (!first_h1[0]) memcpy(first_h1, tmp, k + 1);
    const char *others[3] = {og, tt, li->headline};
    for (int j = 0; j < 3 && !h1[0]; j++)
      if (others[j][0] && (px__ci_find(others[j], tmp) ||
                           (k > 20 && px__ci_find(tmp, others[j]))))
        memcpy(h1, tmp, k + 1);
  }
  const char *pick = NULL;
  char stripped[PX__META_MAX];
  if (h1[0]) pick = h1;
  else if (li->headline[0]) pick = li->headline;
  else if (og[0] || tt[0]) {
    const char *t = og[0] ? og : tt;
    size_t start, n = strip_site(t, strlen(t), site, &start);
    memcpy(stripped, t + start, n - start);
    stripped[n - start] = '\0';
    pick = stripped;
  } else if (first_h1[0]) pick = first_h1;
  if (pick) set_str(&w->title, pick, strlen(pick));
  if (!w->outlet.len && tt[0]) {
    size_t start, n = strip_site(tt, strlen(tt), site, &start);
    site_from_title(w, tt, n);
  }
}

/* ---- author ------------------------------------------------------------ */

/* Cleans a byline: drops "By", "Von", "Text:", a trailing date or "|
 * Outlet", and refuses what does not look like names. */
static int clean_author(const char *s, char *out, size_t cap) {
  char tmp[PX__META_MAX];
  size_t n = collapse(s, strlen(s), tmp, sizeof tmp);
  char *p = tmp;
  static const char *const lead[] = {"by ", "von ", "text: ", "text ",
                                     "por ", "par ", "autor: ", "author: ",
                                     "written by ", "from ", "de ", NULL};
  for (int again = 1; again;) {
    again = 0;
    for (size_t i = 0; lead[i]; i++) {
      size_t l = strlen(lead[i]);
      if ((size_t)(tmp + n - p) > l && strncasecmp(p, lead[i], l) == 0) {
        p += l;
        again = 1;
      }
    }
  }
  size_t k = (size_t)(tmp + n - p);
  /* cut at a separator or a digit (a date after the name) */
  for (size_t i = 0; i < k; i++) {
    size_t l;
    if (is_sep_at(p, i, k, &l) || p[i] == '|' || p[i] == '\n' ||
        (p[i] >= '0' && p[i] <= '9')) {
      k = i;
      break;
    }
  }
  while (k && (p[k - 1] == ' ' || p[k - 1] == ',' || p[k - 1] == '|'))
    k--;
  if (k < 3 || k > 120 || words_in(p, k) > 10 || is_url(p)) return 0;
  if (k >= cap) k = cap - 1;
  memcpy(out, p, k);
  out[k] = '\0';
  return 1;
}

static void pick_author(px__web *w, const ld_info *li) {
  const px__page *pg = &w->page;
  char out[PX__META_MAX], tmp[PX__META_MAX];
  if (li->author[0] && clean_author(li->author, out, sizeof out)) {
    /* keep the list whole: clean_author cuts at separators only */
    set_str(&w->author, li->author, strlen(li->author));
    return;
  }
  size_t len;
  static const char *const keys[] = {
      "author", "article:author", "dc.creator", "dcterms.creator",
      "sailthru.author", "parsely-author", "byl", "twitter:creator", NULL};
  for (size_t k = 0; keys[k]; k++) {
    const char *only[2] = {keys[k], NULL};
    const char *v = meta_get(pg, only, &len);
    if (!v || len >= sizeof tmp) continue;
    memcpy(tmp, v, len);
    tmp[len] = '\0';
    if (tmp[0] == '@' || is_url(tmp)) continue;
    if (clean_author(tmp, out, sizeof out)) {
      set_str(&w->author, out, strlen(out));
      return;
    }
  }
  /* microdata and byline markup */
  for (size_t i = 1; i < pg->n_nodes; i++) {
    const px__node *nd = &pg->nodes[i];
    if (nd->tag == PX__T_TEXT || nd->tag == PX__T_META) continue;
    int byline = (nd->flags & PX__NF_AUTHOR) != 0;
    if (!byline && nd->str_len) {
      const char *s = pg->pool.p + nd->str;
      char names[PX__META_MAX];
      size_t k = nd->str_len < sizeof names - 1 ? nd->str_len
                                                : sizeof names - 1;
      memcpy(names, s, k);
      names[k] = '\0';
      byline = strstr(names, "byline") || strstr(names, "author") ||
               strstr(names, "autor");
      if (strstr(names, "author-bio") || strstr(names, "authors-list") ||
          strstr(names, "comment"))
        byline = 0;
    }
    if (!byline) continue;
    elem_text(pg, (uint32_t)i, tmp, sizeof tmp);
    if (clean_author(tmp, out, sizeof out)) {
      set_str(&w->author, out, strlen(out));
      return;
    }
  }
}

/* ---- date -------------------------------------------------------------- */

static int try_date(px__web *w, const char *s, size_t n) {
  char d[64];
  if (!s || !n || !px__web_date(s, n, d)) return 0;
  px__buf_set(&w->date, d, strlen(d));
  return 1;
}

static void pick_date(px__web *w, const ld_info *li, const char *url) {
  const px__page *pg = &w->page;
  if (try_date(w, li->published, strlen(li->published))) return;
  size_t len;
  static const char *const keys[] = {
      "article:published_time", "og:published_time", "datePublished",
      "article:published", "publish-date", "publishdate", "pubdate",
      "publication_date", "date", "dc.date", "dc.date.issued",
      "dcterms.date", "dcterms.created", "dc.date.created", "sailthru.date",
      "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime",
      "published_time", "release_date", "og:pubdate", "dateCreated",
      "citation_publication_date", NULL};
  for (size_t k = 0; keys[k]; k++) {
    const char *only[2] = {keys[k], NULL};
    const char *v = meta_get(pg, only, &len);
    if (try_date(w, v, len)) return;
  }
  for (size_t i = 0; i < pg->n_attrs; i++) {
    const px__attr *a = &pg->attrs[i];
    if (a->kind == PX__A_ITEMPROP && a->key_len == 13 &&
        !strncasecmp(pg->pool.p + a->key, "datePublished", 13) &&
        try_date(w, pg->pool.p + a->val, a->val_len))
      return;
  }
  /* the first <time datetime> in or after the article's container, else
   * the first anywhere */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < pg->n_attrs; i++) {
      const px__attr *a = &pg->attrs[i];
      if (a->kind != PX__A_TIME) continue;
      if (pass == 0 && a->node < w->container) continue;
      if (try_date(w, pg->pool.p + a->val, a->val_len)) return;
    }
  if (w->url.len && px__url_date(w->url.p, w->url.len, (char[64]){0})) {
    char d[64];
    px__url_date(w->url.p, w->url.len, d);
    px__buf_set(&w->date, d, strlen(d));
    return;
  }
  if (url && *url) {
    char d[64];
    if (px__url_date(url, strlen(url), d)) {
      px__buf_set(&w->date, d, strlen(d));
      return;
    }
  }
  /* dates written in elements named for them */
  char tmp[PX__META_MAX];
  for (size_t i = 1; i < pg->n_nodes; i++) {
    const px__node *nd = &pg->nodes[i];
    if (nd->tag == PX__T_TEXT || !nd->str_len) continue;
    const char *s = pg->pool.p + nd->str;
    size_t n = nd->str_len;
    int named = 0;
    static const char *const hints[] = {"date", "time", "publish", "meta",
                                        "byline", "datum", "autor",
                                        "author", NULL};
    for (size_t k = 0; hints[k] && !named; k++) {
      size_t hl = strlen(hints[k]);
      for (size_t j = 0; j + hl <= n && !named; j++)
        named = memcmp(s + j, hints[k], hl) == 0;
    }
    if (!named) continue;
    size_t k = elem_text(pg, (uint32_t)i, tmp, sizeof tmp);
    if (k < 200 && try_date(w, tmp, k)) return;
  }
  static const char *const late[] = {"article:modified_time",
                                     "og:updated_time", "dateModified",
                                     "last-modified", NULL};
  const char *v = meta_get(pg, late, &len);
  if (try_date(w, v, len)) return;
  try_date(w, li->modified, strlen(li->modified));
}

/* ---- outlet and URL ---------------------------------------------------- */

static void host_of(const char *url, char *out, size_t cap) {
  out[0] = '\0';
  const char *p = strstr(url, "://");
  if (!p) return;
  p += 3;
  size_t n = strcspn(p, "/:?#");
  if (n >= 4 && !strncasecmp(p, "www.", 4)) { p += 4; n -= 4; }
  if (n >= cap) n = cap - 1;
  for (size_t i = 0; i < n; i++)
    out[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
  out[n] = '\0';
}

int px__page_meta(px__web *w, const char *url) {
  const px__page *pg = &w->page;
  ld_info li;
  read_ld(pg, &li);
  size_t len;
  w->title.len = w->date.len = w->author.len = w->outlet.len = 0;
  w->url.len = w->lang.len = 0;
  /* URL: canonical, og:url, else where the page came from */
  for (size_t i = 0; i < pg->n_attrs; i++)
    if (pg->attrs[i].kind == PX__A_CANON &&
        !strncasecmp(pg->pool.p + pg->attrs[i].val, "http", 4)) {
      set_str(&w->url, pg->pool.p + pg->attrs[i].val, pg->attrs[i].val_len);
      break;
    }
  static const char *const url_keys[] = {"og:url", NULL};
  const char *v;
  if (!w->url.len && (v = meta_get(pg, url_keys, &len)) &&
      !strncasecmp(v, "http", 4))
    set_str(&w->url, v, len);
  if (!w->url.len && url && *url) set_str(&w->url, url, strlen(url));
  /* outlet */
  static const char *const site_keys[] = {"og:site_name", "application-name",
                                          "publisher", "dc.publisher",
                                          "twitter:site", NULL};
  if (li.publisher[0]) set_str(&w->outlet, li.publisher,
                               strlen(li.publisher));
  else if ((v = meta_get(pg, site_keys, &len)) && len < PX__META_MAX)
    set_str(&w->outlet, v[0] == '@' ? v + 1 : v, v[0] == '@' ? len - 1 : len);
  else if (w->url.len) {
    char host[256];
    host_of(w->url.p, host, sizeof host);
    px__buf_set(&w->outlet, host, strlen(host));
  }
  pick_title(w, &li, w->outlet.len ? w->outlet.p : NULL);
  pick_author(w, &li);
  pick_date(w, &li, url);
  for (size_t i = 0; i < pg->n_attrs; i++)
    if (pg->attrs[i].kind == PX__A_LANG) {
      set_str(&w->lang, pg->pool.p + pg->attrs[i].val, pg->attrs[i].val_len);
      break;
    }
  px__buf *all[] = {&w->title, &w->date, &w->author, &w->outlet, &w->url,
                    &w->lang};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (px__buf_reserve(all[i], 0) != 0) return -1;
    else all[i]->p[all[i]->len] = '\0';
  return 0;
}
