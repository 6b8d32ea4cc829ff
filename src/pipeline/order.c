/* order.c — the reorder window: articles handed on in date-and-time
 * order. Folders are read in name order and feeds are rarely sorted, but
 * the linker wants time order; a bounded min-heap sorts any input whose
 * disorder spans fewer articles than the window, in memory that does not
 * grow with the input.
 *
 * Articles of the same time (most inputs give a date and no time) are
 * ordered by the hash of their text, then their id, then the rest of their
 * fields: the linker decides by what came before, so ties taken in input
 * order made the stories depend on the order the files or lines were read
 * in. Within the window, any order of the same articles gives the same
 * sequence; an article that comes later than the window allows is handed
 * on late, where it comes, and counted. */
#include <stdlib.h>
#include <string.h>
#include "pipeline_internal.h"

static char *copy(const char *s) { return s ? strdup(s) : NULL; }

/* An article's strings in one allocation: the text first, then the
 * fields, each NUL-terminated. One malloc and one free per article, made
 * by the reading thread, which is the one -j N cannot share out. */
int px__article_copy(px_article *dst, const px_article *a) {
  const char *f[] = {a->id, a->date, a->time, a->outlet,
                     a->author, a->title, a->url, a->file};
  size_t len[8], total = a->text_len + 1;
  for (int i = 0; i < 8; i++) total += len[i] = f[i] ? strlen(f[i]) + 1 : 0;
  *dst = *a;
  char *b = malloc(total);
  if (!b) {
    memset(dst, 0, sizeof *dst);
    return -1;
  }
  memcpy(b, a->text, a->text_len);
  b[a->text_len] = '\0';
  dst->text = b;
  char *at = b + a->text_len + 1;
  const char **to[] = {&dst->id,     &dst->date,  &dst->time, &dst->outlet,
                       &dst->author, &dst->title, &dst->url,  &dst->file};
  for (int i = 0; i < 8; i++) {
    *to[i] = f[i] ? memcpy(at, f[i], len[i]) : NULL;
    at += len[i];
  }
  return 0;
}

void px__article_free(px_article *a) {
  free((char *)(uintptr_t)a->text); /* the one block */
  memset(a, 0, sizeof *a);
}

/* strcmp with NULL (an absent field) first. */
static int cmp_field(const char *x, const char *y) {
  if (!x || !y) return (x != NULL) - (y != NULL);
  return strcmp(x, y);
}

/* The order articles are linked in: time, then the fixed tie-breaks.
 * 0 only for the same article twice, whose order changes nothing. */
static int compare(const px__held *x, const px__held *y) {
  if (x->a.timestamp != y->a.timestamp)
    return x->a.timestamp < y->a.timestamp ? -1 : 1;
  if (x->text_hash != y->text_hash) return x->text_hash < y->text_hash ? -1 : 1;
  int c = strcmp(x->a.id, y->a.id);
  if (!c && x->a.text_len != y->a.text_len)
    return x->a.text_len < y->a.text_len ? -1 : 1;
  if (!c) c = memcmp(x->a.text, y->a.text, x->a.text_len);
  const char *fx[] = {x->a.title, x->a.outlet, x->a.author, x->a.url};
  const char *fy[] = {y->a.title, y->a.outlet, y->a.author, y->a.url};
  for (size_t i = 0; !c && i < sizeof fx / sizeof *fx; i++)
    c = cmp_field(fx[i], fy[i]);
  return c;
}

static int before(const px__held *x, const px__held *y) {
  int c = compare(x, y);
  return c ? c < 0 : x->order < y->order;
}

static void sift_up(px__held *h, size_t i) {
  while (i > 0 && before(&h[i], &h[(i - 1) / 2])) {
    px__held t = h[i];
    h[i] = h[(i - 1) / 2];
    h[(i - 1) / 2] = t;
    i = (i - 1) / 2;
  }
}

static void sift_down(px__held *h, size_t n, size_t i) {
  for (;;) {
    size_t m = i, l = 2 * i + 1, r = l + 1;
    if (l < n && before(&h[l], &h[m])) m = l;
    if (r < n && before(&h[r], &h[m])) m = r;
    if (m == i) return;
    px__held t = h[i];
    h[i] = h[m];
    h[m] = t;
    i = m;
  }
}

void px__window_init(px__window *w, size_t limit) {
  memset(w, 0, sizeof *w);
  w->limit = limit ? limit : PX_DEFAULT_REORDER;
}

void px__window_free(px__window *w) {
  for (size_t i = 0; i < w->n; i++) px__article_free(&w->heap[i].a);
  free((char *)(uintptr_t)w->last.a.id); /* the last one's key only */
  free(w->heap);
  memset(w, 0, sizeof *w);
}

/* Remembers the article handed on last, to tell when a later one should
 * have come before it: the window was then too small to put it in place.
 * Only what orders it is kept (its time, text hash, id and length), not a
 * copy of the article: the reading thread pays for it on every article.
 * An article equal to the last in all of these is not counted late. */
static void note_handed_on(px__window *w, const px__held *h) {
  px__held *l = &w->last;
  if (l->a.id) {
    int c = h->a.timestamp != l->a.timestamp
                ? (h->a.timestamp < l->a.timestamp ? -1 : 1)
            : h->text_hash != l->text_hash ? (h->text_hash < l->text_hash ? -1 : 1)
                                           : strcmp(h->a.id, l->a.id);
    if (!c && h->a.text_len != l->a.text_len)
      c = h->a.text_len < l->a.text_len ? -1 : 1;
    if (c < 0) {
      w->late++;
      return;
    }
  }
  char *id = strdup(h->a.id);
  free((char *)(uintptr_t)l->a.id);
  memset(l, 0, sizeof *l);
  if (!id) return; /* out of memory: lateness goes uncounted */
  l->a.id = id;
  l->a.timestamp = h->a.timestamp;
  l->a.text_len = h->a.text_len;
  l->text_hash = h->text_hash;
}

int px__window_pop(px__window *w, px__held *out) {
  if (!w->n) return 0;
  *out = w->heap[0];
  w->heap[0] = w->heap[--w->n];
  sift_down(w->heap, w->n, 0);
  note_handed_on(w, out);
  return 1;
}

px_status px__window_push(px__window *w, const px_article *a, px__held *out,
                          int *popped) {
  *popped = 0;
  /* grown as articles come: a wide window over a small input costs little */
  if (w->n == w->cap && w->cap < w->limit) {
    size_t grown = w->cap ? w->cap * 2 : 1024;
    if (grown > w->limit) grown = w->limit;
    px__held *g = realloc(w->heap, grown * sizeof *g);
    if (!g) return PX_NOMEM;
    w->heap = g;
    w->cap = grown;
  }
  if (w->n == w->limit) *popped = px__window_pop(w, out);
  px__held *h = &w->heap[w->n];
  h->order = w->order++;
  h->text_hash = px_text_hash(a->text, a->text_len);
  if (px__article_copy(&h->a, a)) {
    px__article_free(&h->a);
    return PX_NOMEM;
  }
  sift_up(w->heap, w->n++);
  return PX_OK;
}

/* ---- the window of feature records (px_pipeline_push_features) ---- */

static int fbefore(const px__fheld *x, const px__fheld *y) {
  int c = px_features_order(&x->f, &y->f);
  return c ? c < 0 : x->order < y->order;
}

static void fswap(px__fheld *a, px__fheld *b) {
  px__fheld t = *a;
  *a = *b;
  *b = t;
}

static void fsift_up(px__fheld *h, size_t i) {
  for (; i > 0 && fbefore(&h[i], &h[(i - 1) / 2]); i = (i - 1) / 2)
    fswap(&h[i], &h[(i - 1) / 2]);
}

static void fsift_down(px__fheld *h, size_t n, size_t i) {
  for (;;) {
    size_t m = i, l = 2 * i + 1, r = l + 1;
    if (l < n && fbefore(&h[l], &h[m])) m = l;
    if (r < n && fbefore(&h[r], &h[m])) m = r;
    if (m == i) return;
    fswap(&h[i], &h[m]);
    i = m;
  }
}

/* Frees the strings of the last record's key (px__fwindow_pop). */
static void free_key(px_features *k) {
  const char *p[] = {k->id, k->title, k->outlet, k->author, k->url, k->time};
  for (size_t i = 0; i < sizeof p / sizeof *p; i++)
    free((char *)(uintptr_t)p[i]);
  memset(k, 0, sizeof *k);
}

void px__fwindow_init(px__fwindow *w, size_t limit) {
  memset(w, 0, sizeof *w);
  w->limit = limit ? limit : PX_DEFAULT_REORDER;
}

void px__fheld_free(px__fheld *h) {
  px_features_clear(&h->f);
  free(h->file);
  h->file = NULL;
}

void px__fwindow_free(px__fwindow *w) {
  for (size_t i = 0; i < w->n; i++) px__fheld_free(&w->heap[i]);
  free_key(&w->last);
  free(w->heap);
  memset(w, 0, sizeof *w);
}

int px__fwindow_pop(px__fwindow *w, px__fheld *out) {
  if (!w->n) return 0;
  *out = w->heap[0];
  w->heap[0] = w->heap[--w->n];
  fsift_down(w->heap, w->n, 0);
  if (w->last.id && px_features_order(&out->f, &w->last) < 0) {
    w->late++;
    return 1;
  }
  /* what px_features_order reads, copied: the rest of the record is not
   * needed to tell a late one */
  free_key(&w->last);
  const px_features *f = &out->f;
  px_features *k = &w->last;
  k->timestamp = f->timestamp;
  k->text_hash = f->text_hash;
  k->text_len = f->text_len;
  k->content = f->content;
  k->id = copy(f->id);
  k->title = copy(f->title);
  k->outlet = copy(f->outlet);
  k->author = copy(f->author);
  k->url = copy(f->url);
  k->time = copy(f->time);
  if (!k->id || (f->title && !k->title) || (f->outlet && !k->outlet) ||
      (f->author && !k->author) || (f->url && !k->url) ||
      (f->time && !k->time))
    free_key(k); /* out of memory: lateness goes uncounted */
  return 1;
}

px_status px__fwindow_push(px__fwindow *w, px_features *f, const char *file,
                           uint64_t line, px__fheld *out, int *popped) {
  *popped = 0;
  if (w->n == w->cap && w->cap < w->limit) {
    size_t grown = w->cap ? w->cap * 2 : 1024;
    if (grown > w->limit) grown = w->limit;
    px__fheld *g = realloc(w->heap, grown * sizeof *g);
    if (!g) return PX_NOMEM;
    w->heap = g;
    w->cap = grown;
  }
  if (w->n == w->limit) *popped = px__fwindow_pop(w, out);
  px__fheld *h = &w->heap[w->n];
  h->f = *f; /* handed over: the record's arrays live in its mem_ */
  memset(f, 0, sizeof *f);
  h->file = file ? strdup(file) : NULL;
  h->line = line;
  h->order = w->order++;
  if (file && !h->file) {
    px_features_clear(&h->f);
    return PX_NOMEM;
  }
  fsift_up(w->heap, w->n++);
  return PX_OK;
}
