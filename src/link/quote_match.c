/* quote_match.c — the same statement quoted by different articles.
 *
 * Each quotation is reduced to its words (lower case, quotation marks and
 * punctuation dropped), so other marks or punctuation do not matter. Word
 * 3-shingles go into an inverted index; a new quotation meets only the
 * quotations that share a shingle, and shingles shared by more than
 * MAX_POSTINGS quotations (boilerplate) are not followed, so the work per
 * quotation is bounded and n quotations never cost n squared. Two
 * quotations from different articles are one statement when the shared
 * shingles cover enough of the shorter one (containment: a sentence more,
 * or a cut, still matches). Groups are closed under that relation
 * (union-find). For output, the most printed wording (then the shortest)
 * is canonical and every other wording is aligned to it word by word
 * (longest common subsequence) into runs of same, added, omitted and
 * changed words. */
#include <stdlib.h>
#include <string.h>
#include "parallax.h"
#include "quote_match_util.h"

enum { SHINGLE = 3, MAX_POSTINGS = 64, MAX_WORDS = 400 };
/* Share of the shorter quotation's shingles that must be shared. */
#define MIN_CONTAINMENT 0.3

typedef struct {
  char *article, *outlet, *speaker, *text;
  uint32_t *words;  /* word ids */
  px__wspan *surf;  /* where each word is in text */
  size_t n_words;
  size_t parent;    /* union-find */
} item;

struct px_qmatcher {
  item *items;
  size_t n, cap;
  px__strmap words;    /* word -> id */
  px__postings index;  /* shingle hash -> items */
  uint32_t *seen;      /* per item: last query that counted it */
  uint32_t *count;     /* per item: shingles shared with the query */
  size_t seen_cap;
  uint32_t query;
};

px_qmatcher *px_qmatcher_new(void) {
  px_qmatcher *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  if (!px__strmap_init(&m->words) || !px__postings_init(&m->index)) {
    px_qmatcher_free(m);
    return NULL;
  }
  return m;
}

void px_qmatcher_free(px_qmatcher *m) {
  if (!m) return;
  for (size_t i = 0; i < m->n; i++) {
    item *it = &m->items[i];
    free(it->article); free(it->outlet); free(it->speaker); free(it->text);
    free(it->words); free(it->surf);
  }
  free(m->items);
  free(m->seen);
  free(m->count);
  px__strmap_free(&m->words);
  px__postings_free(&m->index);
  free(m);
}

static size_t find_root(item *items, size_t i) {
  while (items[i].parent != i) {
    items[i].parent = items[items[i].parent].parent;
    i = items[i].parent;
  }
  return i;
}

static void unite(item *items, size_t a, size_t b) {
  a = find_root(items, a);
  b = find_root(items, b);
  if (a == b) return;
  if (a < b) items[b].parent = a; else items[a].parent = b;
}

static uint64_t shingle_hash(const uint32_t *w) {
  return px__hash(w, SHINGLE * sizeof *w);
}

static size_t n_shingles(const item *it) {
  return it->n_words >= SHINGLE ? it->n_words - SHINGLE + 1 : 0;
}

/* Shared shingles that make two quotations one statement. */
static uint32_t needed(size_t shorter) {
  size_t k = (size_t)(MIN_CONTAINMENT * (double)shorter + 0.999);
  if (k < 2) k = 2;
  return (uint32_t)(k < shorter ? k : shorter);
}

/* Counts shingles shared with earlier items and unites the close ones. */
static void link_item(px_qmatcher *m, size_t i) {
  item *it = &m->items[i];
  size_t ns = n_shingles(it);
  m->query++;
  for (size_t s = 0; s < ns; s++) {
    size_t np;
    const uint32_t *post = px__postings_get(&m->index, shingle_hash(it->words + s), &np);
    if (np > MAX_POSTINGS) continue;
    for (size_t k = 0; k < np; k++) {
      uint32_t j = post[k];
      if (m->seen[j] != m->query) { m->seen[j] = m->query; m->count[j] = 0; }
      m->count[j]++;
      size_t nj = n_shingles(&m->items[j]);
      if (m->count[j] == needed(nj < ns ? nj : ns) &&
          strcmp(m->items[j].article, it->article) != 0)
        unite(m->items, i, j);
    }
  }
  for (size_t s = 0; s < ns; s++)
    px__postings_add(&m->index, shingle_hash(it->words + s), (uint32_t)i);
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

long px_qmatcher_add(px_qmatcher *m, const char *article_id,
                     const char *outlet, const char *speaker,
                     const char *text, size_t len) {
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 256;
    item *ni = realloc(m->items, cap * sizeof *ni);
    uint32_t *ns = realloc(m->seen, cap * sizeof *ns);
    if (ns) m->seen = ns;
    uint32_t *nc = realloc(m->count, cap * sizeof *nc);
    if (nc) m->count = nc;
    if (ni) m->items = ni;
    if (!ni || !ns || !nc) return -1;
    memset(m->seen + m->cap, 0, (cap - m->cap) * sizeof *ns);
    m->cap = cap;
  }
  item *it = &m->items[m->n];
  memset(it, 0, sizeof *it);
  it->article = strdup(article_id ? article_id : "");
  it->outlet = dup_or_null(outlet);
  it->speaker = dup_or_null(speaker);
  it->text = strndup(text, len);
  it->parent = m->n;
  if (!it->article || !it->text ||
      !px__words_of(&m->words, it->text, len, MAX_WORDS, &it->words,
                    &it->surf, &it->n_words))
    return -1;
  link_item(m, m->n);
  return (long)m->n++;
}

static int same_words(const item *a, const item *b) {
  return a->n_words == b->n_words &&
         !memcmp(a->words, b->words, a->n_words * sizeof *a->words);
}

/* The canonical member of a group: the wording most printed, then the
 * shortest, then the first. members are item indexes. */
static size_t canonical_of(const px_qmatcher *m, const size_t *members,
                           size_t n) {
  size_t best = members[0], best_votes = 0;
  for (size_t a = 0; a < n; a++) {
    size_t votes = 0;
    for (size_t b = 0; b < n; b++)
      votes += same_words(&m->items[members[a]], &m->items[members[b]]);
    const item *x = &m->items[members[a]], *y = &m->items[best];
    if (votes > best_votes ||
        (votes == best_votes && x->n_words < y->n_words)) {
      best = members[a];
      best_votes = votes;
    }
  }
  return best;
}

static void write_group(const px_qmatcher *m, const size_t *members, size_t n,
                        FILE *out) {
  size_t c = canonical_of(m, members, n);
  const item *ci = &m->items[c];
  fputs("{\"canonical\":", out);
  px__json_str(out, ci->text, strlen(ci->text));
  fputs(",\"speaker\":", out);
  const char *spk = NULL;
  for (size_t k = 0; k < n && !spk; k++) spk = m->items[members[k]].speaker;
  px__json_str(out, spk, spk ? strlen(spk) : 0);
  fprintf(out, ",\"quotes\":%zu,\"variants\":[", n);
  int first = 1;
  for (size_t a = 0; a < n; a++) {
    const item *v = &m->items[members[a]];
    size_t b = 0;
    while (b < a && !same_words(&m->items[members[b]], v)) b++;
    if (b < a) continue; /* this wording was written already */
    if (!first) fputc(',', out);
    first = 0;
    fputs("{\"text\":", out);
    px__json_str(out, v->text, strlen(v->text));
    fprintf(out, ",\"canonical\":%s,\"printed_by\":[", v == ci ? "true" : "false");
    int f2 = 1;
    for (size_t k = 0; k < n; k++) {
      const item *w = &m->items[members[k]];
      if (!same_words(w, v)) continue;
      fputs(f2 ? "{\"article_id\":" : ",{\"article_id\":", out);
      f2 = 0;
      px__json_str(out, w->article, strlen(w->article));
      fputs(",\"outlet\":", out);
      px__json_str(out, w->outlet, w->outlet ? strlen(w->outlet) : 0);
      fputc('}', out);
    }
    fputs("],\"words\":", out);
    px__diff_write(out, ci->text, ci->words, ci->surf, ci->n_words, v->text,
                   v->words, v->surf, v->n_words);
    fputc('}', out);
  }
  fputs("]}\n", out);
}

/* Does a group hold quotations of at least two articles? */
static int spans_articles(const px_qmatcher *m, const size_t *members,
                          size_t n) {
  for (size_t k = 1; k < n; k++)
    if (strcmp(m->items[members[k]].article, m->items[members[0]].article))
      return 1;
  return 0;
}

size_t px_qmatcher_write(px_qmatcher *m, FILE *out) {
  size_t *order = malloc((m->n + 1) * sizeof *order);
  size_t *start = calloc(m->n + 2, sizeof *start);
  if (!order || !start) { free(order); free(start); return 0; }
  /* counting sort of items by root keeps groups in first-seen order */
  for (size_t i = 0; i < m->n; i++) start[find_root(m->items, i) + 1]++;
  for (size_t r = 0; r < m->n; r++) start[r + 1] += start[r];
  size_t *fill = calloc(m->n + 1, sizeof *fill);
  if (!fill) { free(order); free(start); return 0; }
  for (size_t i = 0; i < m->n; i++) {
    size_t r = find_root(m->items, i);
    order[start[r] + fill[r]++] = i;
  }
  size_t groups = 0;
  for (size_t r = 0; r < m->n; r++) {
    size_t n = start[r + 1] - start[r];
    if (n < 2 || !spans_articles(m, order + start[r], n)) continue;
    write_group(m, order + start[r], n, out);
    groups++;
  }
  free(fill);
  free(order);
  free(start);
  return groups;
}
