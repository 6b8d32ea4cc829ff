/* linker.c — the public face of the link stage: px_linker_new, _add,
 * _finish and the read-out of articles, stories and merges. It keeps one
 * small record per article (id, date, outlet, story, duplicate) and hands
 * the deciding to dupes.c and stories.c. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define SWEEP_EVERY 4096 /* articles between sweeps */
#define LABEL_MAX 160    /* bytes of a story label */

static const px_linker_opts defaults = {
    .threshold = 0.25, .merge = 0.15, .dup_jaccard = 0.5,
    .window = 7 * 86400};

px_linker *px_linker_new(const px_linker_opts *opts) {
  px_linker *l = calloc(1, sizeof *l);
  if (!l) return NULL;
  l->opts = defaults;
  if (opts) {
    if (opts->threshold > 0) l->opts.threshold = opts->threshold;
    if (opts->merge > 0) l->opts.merge = opts->merge;
    if (opts->dup_jaccard > 0) l->opts.dup_jaccard = opts->dup_jaccard;
    if (opts->window > 0) l->opts.window = opts->window;
  }
  l->an = px_analyzer_new();
  if (!l->an) {
    free(l);
    return NULL;
  }
  l->now = INT64_MIN;
  return l;
}

void px_linker_free(px_linker *l) {
  if (!l) return;
  for (uint32_t i = 0; i < l->n_arts; i++) {
    free(l->arts[i].id);
    free(l->arts[i].sig);
  }
  for (uint32_t i = 0; i < l->n_stories; i++) px__story_free(&l->stories[i]);
  for (uint32_t i = 0; i < l->n_outlets; i++) free(l->outlets[i]);
  free(l->arts);
  free(l->stories);
  free(l->active);
  free(l->post);
  free(l->marks);
  free(l->cand);
  free(l->cent_buf);
  free(l->feat_cent);
  free(l->outlets);
  free(l->merges);
  free(l->order);
  free(l->final_id);
  free(l->by_id);
  free(l->n_story_outlets);
  px__hmap_free(&l->postings_head);
  px__dupes_free(l);
  px__hmap_free(&l->exact);
  px__hmap_free(&l->outlet_ix);
  px__terms_free(&l->terms);
  px__features_free(&l->feat);
  px_analyzer_free(l->an);
  free(l);
}

static uint32_t outlet_intern(px_linker *l, const char *name) {
  if (!name || !*name) return PX__NONE;
  size_t n = strlen(name);
  int created;
  uint32_t *ix = px__hmap_put(&l->outlet_ix, px__hash(name, n),
                             l->n_outlets, &created);
  if (!ix) return PX__NONE;
  if (!created) return *ix;
  char *copy = malloc(n + 1);
  if (!copy || px__grow((void **)&l->outlets, &l->cap_outlets,
                        l->n_outlets + 1, sizeof *l->outlets)) {
    free(copy);
    *ix = PX__NONE;
    return PX__NONE;
  }
  memcpy(copy, name, n + 1);
  l->outlets[l->n_outlets] = copy;
  return l->n_outlets++;
}

static px_status art_record(px_linker *l, const px_article *a) {
  if (px__grow((void **)&l->arts, &l->cap_arts, l->n_arts + 1,
               sizeof *l->arts))
    return PX_NOMEM;
  px__art *r = &l->arts[l->n_arts];
  memset(r, 0, sizeof *r);
  r->id = strdup(a->id ? a->id : "");
  if (!r->id) return PX_NOMEM;
  /* a plain copy: snprintf cost more than the rest of the record */
  size_t dn = a->date ? strnlen(a->date, sizeof r->date - 1) : 0;
  memcpy(r->date, a->date ? a->date : "", dn);
  r->date[dn] = 0;
  r->ts = a->timestamp;
  r->outlet = outlet_intern(l, a->outlet);
  r->story = r->dup_of = PX__NONE;
  l->n_arts++;
  return PX_OK;
}

/* Does text start (after spaces) with the title? Then the title's words
 * are the text's first bytes and are weighed there. */
static size_t title_prefix(const px_article *a) {
  if (!a->title || !*a->title) return 0;
  size_t skip = 0, n = strlen(a->title);
  while (skip < a->text_len && (a->text[skip] == ' ' || a->text[skip] == '\n'))
    skip++;
  if (a->text_len - skip >= n && !memcmp(a->text + skip, a->title, n))
    return skip + n;
  return 0;
}

/* Analyses the title (when apart from the text) and the text into
 * l->feat; *doc is set to the text's analysis. */
static px_status features(px_linker *l, const px_article *a,
                          const px_doc **doc, px_doc *own, int count) {
  px__features_begin(&l->terms, &l->feat);
  size_t tb = title_prefix(a);
  int has_title = a->title && *a->title;
  px_status st = PX_OK;
  if (has_title && !tb) {
    px_doc td;
    st = px_analyze(l->an, a->title, strlen(a->title), &td);
    if (st == PX_OK)
      st = px__features_add(&l->terms, &l->feat, &td, PX__Z_TITLE, 0);
  }
  if (st == PX_OK && !*doc) {
    st = px_analyze(l->an, a->text, a->text_len, own);
    *doc = own;
  }
  if (st == PX_OK)
    st = px__features_add(&l->terms, &l->feat, *doc,
                          has_title ? PX__Z_BODY : PX__Z_BODY_HEADLINE, tb);
  if (st == PX_OK) st = px__features_end(&l->terms, &l->feat, count);
  if (st == PX_OK)
    l->feat.n_shingles = px__minhash_hashed(
        *doc, px__terms_word_hashes(&l->terms, *doc), l->feat.sig);
  return st;
}

/* Skips a credit or dateline that opens a first sentence: "(Jane Roe,
 * Outlet) ..." or "CITY, May 1 (Wire) - ...". */
static const char *skip_credit(const char *s, size_t *n) {
  size_t lim = *n < 100 ? *n : 100;
  const char *close = memchr(s, ')', lim);
  if (!close) return s;
  const char *p = close + 1;
  while (p < s + *n && *p == ' ') p++;
  if (s[0] != '(') { /* a dateline needs a dash after the parenthesis */
    if (p < s + *n && *p == '-') p++;
    else if (s + *n - p >= 3 && !memcmp(p, "\xE2\x80", 2)) p += 3;
    else return s;
    while (p < s + *n && *p == ' ') p++;
  }
  *n -= (size_t)(p - s);
  return p;
}

/* The article's headline: its title, else its first sentence without a
 * credit, on one line and at most LABEL_MAX bytes, cut at a space. */
static size_t headline(const px_article *a, const px_doc *doc, char *out) {
  const char *s = a->title;
  size_t n = s ? strlen(s) : 0;
  if (!n && doc->n_sents) {
    n = doc->sents[0].end - doc->sents[0].start;
    s = skip_credit(doc->text + doc->sents[0].start, &n);
  }
  if (n > LABEL_MAX) {
    size_t cut = LABEL_MAX;
    while (cut > LABEL_MAX / 2 && s[cut] != ' ') cut--;
    n = cut;
    while (n > 0 && (s[n - 1] & 0xC0) == 0x80) n--; /* keep UTF-8 whole */
  }
  for (size_t i = 0; i < n; i++)
    out[i] = (s[i] == '\n' || s[i] == '\t' || s[i] == '\r') ? ' ' : s[i];
  return n;
}

/* Asks for the inverted index slots of the article's terms, which the
 * story search reads after the duplicate search: their cache misses
 * overlap each other and that work. */
static void prefetch_postings(const px_linker *l) {
  for (uint32_t i = 0; i < l->feat.n_vec; i++)
    if (!(l->feat.vec[i].key & PX__ENT_BIT))
      px__hmap_prefetch(&l->postings_head, l->feat.vec[i].key);
}

px_status px_linker_add(px_linker *l, const px_article *a,
                        const px_doc *doc) {
  if (l->finished) return PX_USAGE;
  px_status st = art_record(l, a);
  if (st != PX_OK) return st;
  uint32_t art = l->n_arts - 1;
  if (a->timestamp > l->now) l->now = a->timestamp;
  px_doc own;
  st = features(l, a, &doc, &own, 1);
  if (st != PX_OK) return st;
  prefetch_postings(l);
  char head[LABEL_MAX + 1];
  size_t hn = headline(a, doc, head);
  uint32_t forced = px__dupes_find(l, art);
  if (px__story_assign(l, art, forced, head, hn) == PX__NONE) return PX_NOMEM;
  st = px__dupes_index(l, art);
  if (st == PX_OK && ++l->adds_since_sweep >= SWEEP_EVERY)
    st = px__sweep(l, 0);
  return st;
}

px_status px__linker_features(px_linker *l, const px_article *a) {
  const px_doc *doc = NULL;
  px_doc own;
  return features(l, a, &doc, &own, 0);
}
