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

/* Objects named by "@id" in the JSON-LD of the page (a @graph refers to
 * its Person by id), for authors given as a reference. */
#define LD_IDS 32
static json_t *ld_ids[LD_IDS];
static size_t n_ld_ids;

static void collect_ids(json_t *o, int depth) {
  if (depth > 6) return;
  if (json_is_array(o)) {
    size_t i;
    json_t *v;
    json_array_foreach(o, i, v) collect_ids(v, depth + 1);
    return;
  }
  if (!json_is_object(o)) return;
  if (json_is_string(json_object_get(o, "@id")) &&
      json_is_string(json_object_get(o, "name")) && n_ld_ids < LD_IDS)
    ld_ids[n_ld_ids++] = o;
  collect_ids(json_object_get(o, "@graph"), depth + 1);
}

static const char *name_by_id(json_t *ref) {
  const char *id = json_string_value(json_object_get(ref, "@id"));
  for (size_t i = 0; id && i < n_ld_ids; i++)
    if (!strcmp(id, json_string_value(json_object_get(ld_ids[i], "@id"))))
      return json_string_value(json_object_get(ld_ids[i], "name"));
  return NULL;
}

static void add_name(char *out, json_t *v) {
  const char *s = NULL;
  if (json_is_string(v)) s = json_string_value(v);
  else if (json_is_object(v)) {
    s = json_string_value(json_object_get(v, "name"));
    if (!s) s = name_by_id(v);
  }
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
    n_ld_ids = 0;
    collect_ids(j, 0);
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

/* Words of a title as hashes (lower-cased ASCII letters, other bytes as
 * they are), for overlap between a heading and the declared titles. */
#define TITLE_WORDS 48
static size_t title_words(const char *s, uint64_t *h) {
  size_t n = 0;
  for (size_t i = 0; s[i] && n < TITLE_WORDS;) {
    unsigned char c = (unsigned char)s[i];
    int word = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
    if (!word) { i++; continue; }
    uint64_t x = 1469598103934665603ull;
    while (s[i]) {
      c = (unsigned char)s[i];
      if (!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80))
        break;
      if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
      x = (x ^ c) * 1099511628211ull;
      i++;
    }
    h[n++] = x;
  }
  return n;
}

/* F1 of the words two titles share. */
static float title_overlap(const uint64_t *a, size_t na, const uint64_t *b,
                           size_t nb) {
  if (!na || !nb) return 0;
  size_t common = 0;
  for (size_t i = 0; i < na; i++)
    for (size_t j = 0; j < nb; j++)
      if (a[i] == b[j]) { common++; break; }
  return 2.0f * (float)common / (float)(na + nb);
}

/* The title: of the page's headings (h1 to h3, itemprop=headline), the
 * one that best agrees with a declared title (og:title, JSON-LD headline,
 * <title> without the site's name), an h1 and one near the article
 * preferred; else the declared title itself, without the site's name. */
static void pick_title(px__web *w, const ld_info *li, const char *site) {
  const px__page *pg = &w->page;
  char og[PX__META_MAX] = "", tt[PX__META_MAX] = "", tmp[PX__META_MAX];
  char best[PX__META_MAX] = "", og_s[PX__META_MAX], tt_s[PX__META_MAX];
  size_t len, start, n;
  static const char *const og_keys[] = {"og:title", "twitter:title",
                                        "headline", "title", NULL};
  const char *v = meta_get(pg, og_keys, &len);
  if (v) collapse(v, len, og, sizeof og);
  collapse(pg->title.p ? pg->title.p : "", pg->title.len, tt, sizeof tt);
  n = strip_site(og, strlen(og), site, &start);
  memcpy(og_s, og + start, n - start);
  og_s[n - start] = '\0';
  n = strip_site(tt, strlen(tt), site, &start);
  memcpy(tt_s, tt + start, n - start);
  tt_s[n - start] = '\0';
  uint64_t ref[3][TITLE_WORDS], hw[TITLE_WORDS];
  size_t nref[3] = {title_words(li->headline, ref[0]),
                    title_words(og_s, ref[1]), title_words(tt_s, ref[2])};
  int have_ref = nref[0] || nref[1] || nref[2];
  float best_score = 0;
  uint32_t c = w->container;
  int n_heads = 0;
  for (size_t i = 1; i < pg->n_nodes && n_heads < 64; i++) {
    const px__node *nd = &pg->nodes[i];
    int t = nd->tag;
    int head = t == PX__T_H1 || t == PX__T_H2 || t == PX__T_H3 ||
               ((nd->flags & PX__NF_HEADLINE) && t != PX__T_META);
    if (!head) continue;
    n_heads++;
    /* the heading, and each of its parts: a kicker ("Climate:") often
     * sits in a span of its own before the headline */
    for (size_t part = i; part < pg->n_nodes &&
                          (part == i || pg->nodes[part].depth > nd->depth);
         part++) {
    if (part != i && (pg->nodes[part].parent != i ||
                      pg->nodes[part].tag == PX__T_TEXT))
      continue;
    size_t k = elem_text(pg, (uint32_t)part, tmp, sizeof tmp);
    if (k < 3 || k > 400) continue;
    size_t nh = title_words(tmp, hw);
    float sim = 0;
    for (int r = 0; r < 3; r++) {
      float o = title_overlap(hw, nh, ref[r], nref[r]);
      if (o > sim) sim = o;
    }
    float score = sim;
    if (t == PX__T_H1 || (nd->flags & PX__NF_HEADLINE)) score += 0.15f;
    /* near the article: inside its container or in the 40 nodes before */
    if (c && i + 40 >= c && i < c + 1) score += 0.1f;
    if (c && i > c) {
      const px__node *a = nd;
      int inside = 0;
      for (uint32_t p = a->parent; p && !inside; p = pg->nodes[p].parent)
        inside = p == c;
      if (inside) score += 0.2f;
    }
    if (!have_ref && t != PX__T_H1) continue;
    if (have_ref && sim < 0.5f) continue;
    if (part != i) score -= 0.01f; /* the whole heading on a tie */
    if (score > best_score) {
      best_score = score;
      memcpy(best, tmp, k + 1);
    }
    }
  }
  const char *pick = NULL;
  if (best[0]) pick = best;
  else if (li->headline[0]) pick = li->headline;
  else if (og_s[0]) pick = og_s;
  else if (tt_s[0]) pick = tt_s;
  if (pick) set_str(&w->title, pick, strlen(pick));
  if (!w->outlet.len && tt[0]) {
    n = strip_site(tt, strlen(tt), site, &start);
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
  static const char *const lead[] = {
      "by ", "von ", "text: ", "text ", "por ", "par ", "autor: ",
      "author: ", "written by ", "from ", "de ", "posted by ",
      "published by ", "publi\xC3\xA9 par ", "ver\xC3\xB6" "ffentlicht von ",
      "geschrieben von ", "~ ", ": ", "- ", "\xE2\x80\x94 ", NULL};
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
        (p[i] >= '0' && p[i] <= '9' && i && p[i - 1] == ' ')) {
      k = i;
      break;
    }
  }
  while (k && (p[k - 1] == ' ' || p[k - 1] == ',' || p[k - 1] == '|' ||
               p[k - 1] == '-'))
    k--;
  if (k < 2 || k > 120 || words_in(p, k) > 10 || is_url(p)) return 0;
  /* labels and dates that byline markup holds instead of a name */
  static const char *const not_names[] = {
      "posted on", "published", "ver\xC3\xB6" "ffentlicht", "auteurs",
      "authors", "author", "autor", "no author", "updated", "foto",
      "photo", "bild", "afficher", "view all", "alle beitr", NULL};
  for (size_t i = 0; not_names[i]; i++) {
    size_t l = strlen(not_names[i]);
    if (k >= l && strncasecmp(p, not_names[i], l) == 0 &&
        (k == l || p[l] == ' ' || p[l] == ':'))
      return 0;
  }
  if (px__web_date(p, k, (char[64]){0})) return 0;
  {
    /* a lone month name ("Dezember", "September") is a date's start */
    static const char *const months[] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", "januar",
        "februar", "m\xC3\xA4rz", "mai", "juni", "juli", "oktober",
        "dezember", NULL};
    for (size_t i = 0; months[i]; i++) {
      size_t l = strlen(months[i]);
      if (k >= l && strncasecmp(p, months[i], l) == 0 &&
          (k == l || p[l] == ' '))
        return 0;
    }
  }
  if (k >= cap) k = cap - 1;
  memcpy(out, p, k);
  out[k] = '\0';
  return 1;
}

/* A byline in the page's markup (rel/itemprop author, names with
 * "byline" or "author"), cleaned into out. With want, only one that is
 * the same name in another case: the page shows "JANE ROE" where the
 * metadata says "Jane Roe", and the page's form is kept. */
static int byline_text(const px__page *pg, const char *want, char *out,
                       size_t cap) {
  char tmp[PX__META_MAX];
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
    if (!clean_author(tmp, out, cap)) continue;
    if (!want || (strcasecmp(out, want) == 0 && strcmp(out, want) != 0))
      return 1;
  }
  return 0;
}

/* An author that is the outlet's name or a domain is no author. */
static int names_outlet(const px__web *w, const char *a) {
  if (w->outlet.len && strcasecmp(a, w->outlet.p) == 0) return 1;
  return strchr(a, '.') && !strchr(a, ' ') && strlen(a) > 4;
}

static void pick_author(px__web *w, const ld_info *li) {
  const px__page *pg = &w->page;
  char out[PX__META_MAX], tmp[PX__META_MAX], shown[PX__META_MAX];
  const char *found = NULL;
  if (li->author[0] && clean_author(li->author, out, sizeof out) &&
      !names_outlet(w, li->author))
    found = li->author; /* the list whole: several names joined by "; " */
  size_t len;
  static const char *const keys[] = {
      "author", "article:author", "dc.creator", "dcterms.creator",
      "sailthru.author", "parsely-author", "byl", "twitter:creator", NULL};
  for (size_t k = 0; keys[k] && !found; k++) {
    const char *only[2] = {keys[k], NULL};
    const char *v = meta_get(pg, only, &len);
    if (!v || len >= sizeof tmp) continue;
    memcpy(tmp, v, len);
    tmp[len] = '\0';
    if (tmp[0] == '@' || is_url(tmp)) continue;
    if (clean_author(tmp, out, sizeof out) && !names_outlet(w, out))
      found = out;
  }
  if (found) {
    if (byline_text(pg, found, shown, sizeof shown)) found = shown;
    set_str(&w->author, found, strlen(found));
    return;
  }
  if (byline_text(pg, NULL, out, sizeof out) && !names_outlet(w, out)) {
    set_str(&w->author, out, strlen(out));
    return;
  }
  /* an outlet named as the author is still what the page says */
  if (li->author[0] && clean_author(li->author, out, sizeof out))
    set_str(&w->author, li->author, strlen(li->author));
  else if ((found = meta_get(pg, keys, &len)) && len < sizeof tmp) {
    memcpy(tmp, found, len);
    tmp[len] = '\0';
    if (tmp[0] != '@' && !is_url(tmp) && clean_author(tmp, out, sizeof out))
      set_str(&w->author, out, strlen(out));
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
  /* a date written near the start of the article */
  if (w->container) {
    size_t from = w->container > 200 ? w->container - 200 : 1;
    for (size_t i = from; i < pg->n_nodes && i < (size_t)w->container + 400;
         i++) {
      const px__node *nd = &pg->nodes[i];
      if (nd->tag != PX__T_TEXT || nd->str_len < 6 || nd->str_len > 200)
        continue;
      if (try_date(w, pg->pool.p + nd->str, nd->str_len)) return;
    }
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
