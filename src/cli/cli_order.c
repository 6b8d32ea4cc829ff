/* cli_order.c — hands articles on in date-and-time order. Folders are read
 * in name order and feeds are rarely sorted, but the linker wants time
 * order; a bounded min-heap (the reorder window) sorts any input whose
 * disorder spans fewer articles than the window, in memory that does not
 * grow with the input.
 *
 * Articles of the same time (most inputs give a date and no time) are
 * ordered by the hash of their text, then their id, then the rest of their
 * fields: the linker decides by what came before, so ties taken in input
 * order made the stories depend on the order the files or lines were read
 * in. Within the window, any order of the same articles now gives the same
 * sequence; an article that comes later than the window allows is linked
 * late, where it comes, and that can still change its story. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

typedef struct held {
  px_article a;
  uint64_t text_hash; /* px_text_hash of the text: breaks time ties */
  size_t order;       /* input position: only for articles equal in all */
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
  h->text_hash = px_text_hash(a->text, a->text_len);
  return cli_article_copy(&h->a, a);
}

static void release(held *h) { cli_article_free(&h->a); }

/* strcmp with NULL (an absent field) first. */
static int cmp_field(const char *x, const char *y) {
  if (!x || !y) return (x != NULL) - (y != NULL);
  return strcmp(x, y);
}

/* The order articles are linked in: time, then the fixed tie-breaks.
 * 0 only for the same article twice, whose order changes nothing. */
static int compare(const held *x, const held *y) {
  if (x->a.timestamp != y->a.timestamp) return x->a.timestamp < y->a.timestamp ? -1 : 1;
  if (x->text_hash != y->text_hash) return x->text_hash < y->text_hash ? -1 : 1;
  int c = strcmp(x->a.id, y->a.id);
  if (!c && x->a.text_len != y->a.text_len) return x->a.text_len < y->a.text_len ? -1 : 1;
  if (!c) c = memcmp(x->a.text, y->a.text, x->a.text_len);
  const char *fx[] = {x->a.title, x->a.outlet, x->a.author, x->a.url};
  const char *fy[] = {y->a.title, y->a.outlet, y->a.author, y->a.url};
  for (size_t i = 0; !c && i < sizeof fx / sizeof *fx; i++) c = cmp_field(fx[i], fy[i]);
  return c;
}

static int before(const held *x, const held *y) {
  int c = compare(x, y);
  return c ? c < 0 : x->order < y->order;
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

/* Pops the earliest article and hands it to fn. It becomes *last, the
 * latest article handed on so far, unless it comes before that one: then
 * the window was too small to put it in its place, it is counted late
 * and freed. */
static int pop(held *h, size_t *n, cli_article_fn fn, void *user,
               held *last, size_t *late) {
  held top = h[0];
  h[0] = h[--*n];
  sift_down(h, *n, 0);
  int rc = fn(&top.a, user);
  if (last->a.id && compare(&top, last) < 0) {
    (*late)++;
    release(&top);
  } else {
    release(last);
    *last = top;
  }
  return rc;
}

int cli_each_in_time_order(cli_input *in, px_reader *r, cli_article_fn fn,
                           void *user) {
  size_t window = in->reorder ? in->reorder : CLI_DEFAULT_REORDER;
  /* grown as articles come: a wide window over a small input costs little */
  size_t cap = window < 1024 ? window : 1024;
  held *heap = malloc(cap * sizeof *heap);
  if (!heap) return -1;
  size_t n = 0, order = 0, late = 0;
  held last; /* owned; none yet while last.a.id is NULL */
  memset(&last, 0, sizeof last);
  int rc = 0;
  px_article a;
  while (rc == 0 && px_reader_next(r, &a)) {
    if (n == cap && cap < window) {
      size_t grown = cap * 2 < window ? cap * 2 : window;
      held *g = realloc(heap, grown * sizeof *heap);
      if (!g) {
        rc = -1;
        break;
      }
      heap = g;
      cap = grown;
    }
    if (n == window) {
      rc = pop(heap, &n, fn, user, &last, &late);
      cli_progress_done(in, r);
    }
    if (rc == 0 && hold(&heap[n], &a, order++) != 0) {
      release(&heap[n]);
      rc = -1;
      break;
    }
    if (rc == 0) sift_up(heap, n++);
    cli_progress_read(in, r, &a);
  }
  cli_progress_input_end(in);
  while (n > 0) {
    if (rc == 0) {
      rc = pop(heap, &n, fn, user, &last, &late);
      cli_progress_done(in, r);
    } else {
      release(&heap[--n]);
    }
  }
  release(&last);
  free(heap);
  if (late && !in->quiet)
    fprintf(stderr,
            "parallax: %zu %s came more than %zu %s out of order and\n"
            "  %s linked late, where %s came: the stories may depend on the\n"
            "  input order (--reorder N widens the window)\n",
            late, cli_plural(late, "article", "articles"), window,
            cli_plural(window, "article", "articles"),
            cli_plural(late, "was", "were"), cli_plural(late, "it", "they"));
  return rc;
}
