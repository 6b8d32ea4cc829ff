/* cli_order.c — hands articles on in date-and-time order. Folders are read
 * in name order and feeds are rarely sorted, but the linker wants time
 * order; a bounded min-heap (the reorder window) sorts any input whose
 * disorder spans fewer articles than the window, in memory that does not
 * grow with the input. Ties keep input order, so output is deterministic. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

typedef struct held {
  px_article a;
  size_t order; /* input position: breaks timestamp ties */
} held;

static char *copy(const char *s) { return s ? strdup(s) : NULL; }

int cli_article_copy(px_article *dst, const px_article *a) {
  *dst = *a;
  dst->id = copy(a->id);
  dst->date = copy(a->date);
  dst->time = copy(a->time);
  dst->outlet = copy(a->outlet);
  dst->author = copy(a->author);
  dst->title = copy(a->title);
  dst->url = copy(a->url);
  dst->file = copy(a->file);
  char *t = malloc(a->text_len + 1);
  if (t) {
    memcpy(t, a->text, a->text_len);
    t[a->text_len] = '\0';
  }
  dst->text = t;
  return t && dst->id && dst->date ? 0 : -1;
}

void cli_article_free(px_article *a) {
  const char *p[] = {a->id,    a->date, a->time, a->outlet, a->author,
                     a->title, a->url,  a->file, a->text};
  for (size_t i = 0; i < sizeof p / sizeof *p; i++) free((char *)(uintptr_t)p[i]);
  memset(a, 0, sizeof *a);
}

static int hold(held *h, const px_article *a, size_t order) {
  h->order = order;
  return cli_article_copy(&h->a, a);
}

static void release(held *h) { cli_article_free(&h->a); }

static int before(const held *x, const held *y) {
  if (x->a.timestamp != y->a.timestamp) return x->a.timestamp < y->a.timestamp;
  return x->order < y->order;
}

static void sift_up(held *h, size_t i) {
  while (i > 0 && before(&h[i], &h[(i - 1) / 2])) {
    held t = h[i];
    h[i] = h[(i - 1) / 2];
    h[(i - 1) / 2] = t;
    i = (i - 1) / 2;
  }
}

static void sift_down(held *h, size_t n, size_t i) {
  for (;;) {
    size_t m = i, l = 2 * i + 1, r = l + 1;
    if (l < n && before(&h[l], &h[m])) m = l;
    if (r < n && before(&h[r], &h[m])) m = r;
    if (m == i) return;
    held t = h[i];
    h[i] = h[m];
    h[m] = t;
    i = m;
  }
}

/* Pops the earliest article, hands it to fn and frees it. */
static int pop(held *h, size_t *n, cli_article_fn fn, void *user,
               int64_t *last, size_t *late) {
  held top = h[0];
  h[0] = h[--*n];
  sift_down(h, *n, 0);
  if (top.a.timestamp < *last) (*late)++;
  else *last = top.a.timestamp;
  int rc = fn(&top.a, user);
  release(&top);
  return rc;
}

int cli_each_in_time_order(cli_input *in, px_reader *r, cli_article_fn fn,
                           void *user) {
  size_t window = in->reorder ? in->reorder : CLI_DEFAULT_REORDER;
  held *heap = malloc(window * sizeof *heap);
  if (!heap) return -1;
  size_t n = 0, order = 0, late = 0;
  int64_t last = INT64_MIN;
  int rc = 0;
  px_article a;
  while (rc == 0 && px_reader_next(r, &a)) {
    if (n == window) rc = pop(heap, &n, fn, user, &last, &late);
    if (rc == 0 && hold(&heap[n], &a, order++) != 0) {
      release(&heap[n]);
      rc = -1;
      break;
    }
    if (rc == 0) sift_up(heap, n++);
    cli_progress(in, r);
  }
  while (n > 0) {
    if (rc == 0) rc = pop(heap, &n, fn, user, &last, &late);
    else release(&heap[--n]);
  }
  free(heap);
  if (late && !in->quiet)
    fprintf(stderr,
            "parallax: %zu articles came more than %zu articles out of date "
            "order and were linked late (--reorder N widens the window)\n",
            late, window);
  return rc;
}
