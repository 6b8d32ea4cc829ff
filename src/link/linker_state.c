/* linker_state.c — the live state of a linker as bytes and back, so that
 * a store can stop after one ingest and go on with the next exactly where
 * the stream left off (px_linker_save, px_linker_load).
 *
 * Everything that decides what comes next is written: the articles'
 * records and the signatures of the active ones, every story with its
 * centroid and members, the active list, the document frequencies, the
 * inverted index as it is (hash maps slot by slot, chains entry by
 * entry: the newest entries of a term are the ones read), the
 * exact-duplicate table, the outlets, the merges and the counters. The
 * near-duplicate band tables, the neighbour index and the live parts of
 * the articles inside the window are written as they are; scratch
 * buffers and memos (pure caches) are not. The bytes are in this machine's byte order, marked, and a
 * reader on another order refuses them. Every index read back is checked
 * against the sizes read before it: a damaged state is refused, never
 * followed. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define STATE_MAGIC 0x534c5850u /* "PXLS" */
#define STATE_VERSION 3u
#define BYTE_ORDER_MARK 0x01020304u

/* ---- writing ---- */

typedef struct wbuf {
  unsigned char *p;
  size_t n, cap;
  int failed;
} wbuf;

static void put(wbuf *b, const void *x, size_t n) {
  if (b->failed || !n) return;
  if (px__grow((void **)&b->p, &b->cap, b->n + n, 1)) {
    /* px__grow caps element counts; a state is far below that */
    b->failed = 1;
    return;
  }
  memcpy(b->p + b->n, x, n);
  b->n += n;
}
static void put_u32(wbuf *b, uint32_t v) { put(b, &v, sizeof v); }
static void put_u64(wbuf *b, uint64_t v) { put(b, &v, sizeof v); }
static void put_i64(wbuf *b, int64_t v) { put(b, &v, sizeof v); }
static void put_f32(wbuf *b, float v) { put(b, &v, sizeof v); }
static void put_f64(wbuf *b, double v) { put(b, &v, sizeof v); }
static void put_str(wbuf *b, const char *s) {
  uint32_t n = s ? (uint32_t)strlen(s) : UINT32_MAX;
  put_u32(b, n);
  if (s) put(b, s, n);
}

/* A hash map as its capacity and its used slots with their places. */
static void put_map(wbuf *b, const px__hmap *m) {
  put_u64(b, m->cap);
  put_u64(b, m->n);
  for (size_t i = 0; i < m->cap; i++)
    if (m->slots[i].key) {
      put_u64(b, i);
      put_u64(b, m->slots[i].key);
      put_u32(b, m->slots[i].val);
    }
}

static void put_vec(wbuf *b, const px__vec *v) {
  put_u32(b, v->n);
  put_u32(b, v->n_ent);
  put_u32(b, v->n_num);
  put_u32(b, v->n_words);
  put(b, v->kmin, sizeof v->kmin);
  put(b, v->kn, sizeof v->kn);
  put(b, v->v, (size_t)v->n * sizeof *v->v);
}

void *px_linker_save(const px_linker *l, size_t *len) {
  *len = 0;
  if (l->finished || l->out.sink) return NULL; /* a sink forgets */
  wbuf b = {0};
  put_u32(&b, STATE_MAGIC);
  put_u32(&b, STATE_VERSION);
  put_u32(&b, BYTE_ORDER_MARK);
  put_f64(&b, l->opts.threshold);
  put_f64(&b, l->opts.dup_jaccard);
  put_i64(&b, l->opts.window);
  put_i64(&b, l->opts.horizon);
  put_f64(&b, l->model.bias);
  put(&b, l->model.w, sizeof l->model.w);
  put_map(&b, &l->terms.df);
  put_u64(&b, l->terms.n_docs);
  const px__arts *t = &l->arts;
  put_u32(&b, t->n_outlets);
  for (uint32_t i = 0; i < t->n_outlets; i++) put_str(&b, t->outlets[i]);
  put_map(&b, &t->outlet_ix);
  put_u32(&b, t->n);
  put_u32(&b, t->first_window);
  for (uint32_t i = 0; i < t->n; i++) {
    const px__art *a = px__art_at(t, i);
    put_str(&b, a->id);
    put(&b, a->date, sizeof a->date);
    put(&b, &a->exact_dup, 1);
    put(&b, &a->forced, 1);
    put_u32(&b, a->outlet);
    put_i64(&b, a->ts);
    put_u32(&b, a->story);
    put_u32(&b, a->dup_of);
    put_f32(&b, a->dup_jaccard);
    put_f32(&b, a->similarity);
    put_u32(&b, a->n_revisions);
    put_u32(&b, a->live != NULL);
    if (!a->live) continue;
    put_vec(&b, &a->live->vec);
    put(&b, a->live->sig, sizeof a->live->sig);
    put_u32(&b, a->live->n_shingles);
    put_u32(&b, a->live->n_edges);
    put(&b, a->live->edge, (size_t)a->live->n_edges * sizeof *a->live->edge);
    put_str(&b, a->live->headline);
  }
  const px__dupes *d = &l->dupes;
  put_map(&b, &d->exact);
  put_map(&b, &d->lsh);
  put_u32(&b, d->n_nodes);
  put_u32(&b, d->compacted);
  put(&b, d->node_art, (size_t)d->n_nodes * sizeof *d->node_art);
  put(&b, d->next, (size_t)d->n_nodes * PX__BANDS * sizeof *d->next);
  const px__neighbors *nb = &l->nb;
  put_map(&b, &nb->head);
  put_u32(&b, nb->n_post);
  put(&b, nb->post, (size_t)nb->n_post * sizeof *nb->post);
  const px__stories *s = &l->st;
  put_u32(&b, s->n);
  for (uint32_t k = 0; k < s->n; k++) {
    const px__story *st = &s->s[k];
    put_str(&b, st->label);
    put_f32(&b, st->label_score);
    put_u32(&b, st->n_members);
    put_u32(&b, st->n_frozen);
    put_i64(&b, st->first_ts);
    put_i64(&b, st->last_ts);
  }
  put_u32(&b, s->first_live);
  put_u32(&b, s->n_rev);
  put(&b, s->rev, (size_t)s->n_rev * sizeof *s->rev);
  put_i64(&b, l->now);
  put_u32(&b, l->adds_since_sweep);
  if (b.failed) {
    free(b.p);
    return NULL;
  }
  *len = b.n;
  return b.p;
}

/* ---- reading ---- */

typedef struct rbuf {
  const unsigned char *p;
  size_t n, at;
  int bad;
} rbuf;

static void get(rbuf *b, void *x, size_t n) {
  if (b->bad || n > b->n - b->at) {
    b->bad = 1;
    memset(x, 0, n);
    return;
  }
  memcpy(x, b->p + b->at, n);
  b->at += n;
}
static uint32_t get_u32(rbuf *b) { uint32_t v; get(b, &v, sizeof v); return v; }
static uint64_t get_u64(rbuf *b) { uint64_t v; get(b, &v, sizeof v); return v; }
static int64_t get_i64(rbuf *b) { int64_t v; get(b, &v, sizeof v); return v; }
static float get_f32(rbuf *b) { float v; get(b, &v, sizeof v); return v; }
static double get_f64(rbuf *b) { double v; get(b, &v, sizeof v); return v; }

/* Is there room for n items of size bytes left? Marks the buffer bad if
 * not, so that a damaged count never becomes a huge allocation. */
static int room(rbuf *b, uint64_t n, size_t size) {
  if (b->bad || n > (b->n - b->at) / (size ? size : 1)) {
    b->bad = 1;
    return 0;
  }
  return 1;
}

static char *get_str(rbuf *b, int *null) {
  uint32_t n = get_u32(b);
  *null = n == UINT32_MAX;
  if (*null || !room(b, n, 1)) return NULL;
  char *s = malloc((size_t)n + 1);
  if (!s) {
    b->bad = 2;
    return NULL;
  }
  get(b, s, n);
  s[n] = 0;
  if (memchr(s, 0, n)) b->bad = 1; /* written with strlen: none inside */
  return s;
}

/* Allocates n elements of size bytes into *p (capacity *cap). */
static int take(rbuf *b, void **p, size_t *cap, uint64_t n, size_t size) {
  if (!room(b, n, size)) return -1;
  if (!n) return 0;
  if (px__grow(p, cap, (size_t)n, size)) {
    b->bad = 2;
    return -1;
  }
  get(b, *p, (size_t)n * size);
  return b->bad ? -1 : 0;
}

static int get_map(rbuf *b, px__hmap *m) {
  uint64_t cap = get_u64(b), n = get_u64(b);
  if (b->bad || (cap & (cap - 1)) || n * 2 > cap ||
      !room(b, n, 20) || (cap && cap > ((uint64_t)1 << 40))) {
    b->bad = 1;
    return -1;
  }
  if (!cap) return 0;
  m->slots = calloc((size_t)cap, sizeof *m->slots);
  if (!m->slots) {
    b->bad = 2;
    return -1;
  }
  m->cap = (size_t)cap;
  m->n = (size_t)n;
  for (uint64_t k = 0; k < n; k++) {
    uint64_t i = get_u64(b), key = get_u64(b);
    uint32_t val = get_u32(b);
    if (b->bad || i >= cap || !key || m->slots[i].key) {
      b->bad = 1;
      return -1;
    }
    m->slots[i].key = key;
    m->slots[i].val = val;
  }
  return 0;
}

/* Checks the indices that the linker follows without looking. */
static int get_vec(rbuf *b, px__vec *v) {
  uint32_t n = get_u32(b);
  v->n_ent = get_u32(b);
  v->n_num = get_u32(b);
  v->n_words = get_u32(b);
  get(b, v->kmin, sizeof v->kmin);
  get(b, v->kn, sizeof v->kn);
  if (b->bad || v->n_ent > n || v->n_num > n) {
    b->bad = 1;
    return -1;
  }
  if (take(b, (void **)&v->v, &v->cap, n, sizeof *v->v)) return -1;
  v->n = n;
  for (uint32_t i = 1; i < n; i++)
    if (v->v[i - 1].key >= v->v[i].key) {
      b->bad = 1;
      return -1;
    }
  return 0;
}

/* Checks the indices that the linker follows without looking. */
static int consistent(const px_linker *l) {
  const px__arts *t = &l->arts;
  const px__stories *s = &l->st;
  if (t->first_window > t->n || s->first_live > t->n) return 0;
  for (size_t i = 0; i < t->outlet_ix.cap; i++)
    if (t->outlet_ix.slots[i].key && t->outlet_ix.slots[i].val >= t->n_outlets)
      return 0;
  for (uint32_t i = 0; i < t->n; i++) {
    const px__art *a = px__art_at(t, i);
    if (a->outlet != PX__NONE && a->outlet >= t->n_outlets) return 0;
    if (!a->story || a->story > s->n) return 0;
    if (a->dup_of != PX__NONE && a->dup_of >= i) return 0;
    if ((i >= t->first_window) != (a->live != NULL)) return 0;
    for (uint32_t k = 0; a->live && k < a->live->n_edges; k++)
      if (a->live->edge[k].to >= i) return 0;
  }
  for (size_t i = 0; i < l->dupes.exact.cap; i++)
    if (l->dupes.exact.slots[i].key && l->dupes.exact.slots[i].val >= t->n)
      return 0;
  for (size_t i = 0; i < l->dupes.lsh.cap; i++)
    if (l->dupes.lsh.slots[i].key &&
        l->dupes.lsh.slots[i].val > l->dupes.n_nodes)
      return 0;
  for (uint32_t k = 0; k < l->dupes.n_nodes; k++) {
    if (l->dupes.node_art[k] >= t->n) return 0;
    for (int band = 0; band < PX__BANDS; band++)
      if (l->dupes.next[(size_t)k * PX__BANDS + band] > k) return 0;
  }
  for (size_t i = 0; i < l->nb.head.cap; i++)
    if (l->nb.head.slots[i].key && l->nb.head.slots[i].val > l->nb.n_post)
      return 0;
  for (uint32_t k = 0; k < l->nb.n_post; k++)
    if (l->nb.post[k].art >= t->n || l->nb.post[k].next > k) return 0;
  for (uint32_t k = 0; k < s->n_rev; k++) {
    const px__revision *r = &s->rev[k];
    if (!r->from || r->from > s->n || !r->to || r->to > s->n ||
        (r->art != PX__NONE && r->art >= t->n))
      return 0;
  }
  return 1;
}

static int read_state(px_linker *l, rbuf *b) {
  if (get_u32(b) != STATE_MAGIC || get_u32(b) != STATE_VERSION ||
      get_u32(b) != BYTE_ORDER_MARK)
    return -1;
  l->opts.threshold = get_f64(b);
  l->opts.dup_jaccard = get_f64(b);
  l->opts.window = get_i64(b);
  l->opts.horizon = get_i64(b);
  l->model.bias = get_f64(b);
  get(b, l->model.w, sizeof l->model.w);
  if (get_map(b, &l->terms.df)) return -1;
  l->terms.n_docs = get_u64(b);
  px__arts *t = &l->arts;
  uint32_t no = get_u32(b);
  if (!room(b, no, 4)) return -1;
  if (no && px__grow((void **)&t->outlets, &t->cap_outlets, no,
                     sizeof *t->outlets)) {
    b->bad = 2;
    return -1;
  }
  for (uint32_t i = 0; i < no; i++) {
    int null;
    t->outlets[i] = get_str(b, &null);
    if (!t->outlets[i]) return b->bad = b->bad ? b->bad : 1, -1;
    t->n_outlets++;
  }
  if (get_map(b, &t->outlet_ix)) return -1;
  uint32_t na = get_u32(b);
  t->first_window = get_u32(b);
  if (!room(b, na, 40)) return -1;
  if (na && px__grow((void **)&t->a, &t->cap, na, sizeof *t->a)) {
    b->bad = 2;
    return -1;
  }
  for (uint32_t i = 0; i < na; i++) {
    px__art *a = px__art_at(t, i);
    memset(a, 0, sizeof *a);
    t->n = i + 1;
    int null;
    a->id = get_str(b, &null);
    if (!a->id) return b->bad = b->bad ? b->bad : 1, -1;
    get(b, a->date, sizeof a->date);
    a->date[sizeof a->date - 1] = 0;
    get(b, &a->exact_dup, 1);
    get(b, &a->forced, 1);
    a->outlet = get_u32(b);
    a->ts = get_i64(b);
    a->story = get_u32(b);
    a->dup_of = get_u32(b);
    a->dup_jaccard = get_f32(b);
    a->similarity = get_f32(b);
    a->n_revisions = get_u32(b);
    uint32_t live = get_u32(b);
    if (b->bad || live > 1) return b->bad = b->bad ? b->bad : 1, -1;
    if (!live) continue;
    if (px__arts_make_live(t, i)) return b->bad = 2, -1;
    px__live *lv = a->live;
    if (get_vec(b, &lv->vec)) return -1;
    get(b, lv->sig, sizeof lv->sig);
    lv->n_shingles = get_u32(b);
    lv->n_edges = get_u32(b);
    if (b->bad || lv->n_edges > PX__K) return b->bad = b->bad ? b->bad : 1, -1;
    get(b, lv->edge, (size_t)lv->n_edges * sizeof *lv->edge);
    lv->headline = get_str(b, &null);
    if (b->bad) return -1;
  }
  px__dupes *d = &l->dupes;
  if (get_map(b, &d->exact) || get_map(b, &d->lsh)) return -1;
  uint32_t nn = get_u32(b);
  d->compacted = get_u32(b);
  if (take(b, (void **)&d->node_art, &d->cap_node_art, nn,
           sizeof *d->node_art) ||
      take(b, (void **)&d->next, &d->cap_next, (uint64_t)nn * PX__BANDS,
           sizeof *d->next))
    return -1;
  d->n_nodes = nn;
  px__neighbors *nb = &l->nb;
  if (get_map(b, &nb->head)) return -1;
  uint32_t np = get_u32(b);
  if (take(b, (void **)&nb->post, &nb->cap_post, np, sizeof *nb->post))
    return -1;
  nb->n_post = np;
  px__stories *s = &l->st;
  uint32_t ns = get_u32(b);
  if (!room(b, ns, 36)) return -1;
  if (ns && px__grow((void **)&s->s, &s->cap, ns, sizeof *s->s)) {
    b->bad = 2;
    return -1;
  }
  for (uint32_t k = 0; k < ns; k++) {
    px__story *st = &s->s[k];
    memset(st, 0, sizeof *st);
    s->n = k + 1;
    int null;
    st->label = get_str(b, &null);
    st->label_score = get_f32(b);
    st->n_members = get_u32(b);
    st->n_frozen = get_u32(b);
    st->first_ts = get_i64(b);
    st->last_ts = get_i64(b);
    if (b->bad) return -1;
  }
  s->first_live = get_u32(b);
  uint32_t nr = get_u32(b);
  if (take(b, (void **)&s->rev, &s->cap_rev, nr, sizeof *s->rev)) return -1;
  s->n_rev = nr;
  l->now = get_i64(b);
  l->adds_since_sweep = get_u32(b);
  if (b->bad || b->at != b->n || !consistent(l)) {
    if (!b->bad) b->bad = 1;
    return -1;
  }
  return 0;
}

px_status px_linker_load(const void *state, size_t len, px_linker **out) {
  *out = NULL;
  rbuf b = {state, len, 0, 0};
  px_linker *l = px_linker_new(NULL);
  if (!l) return PX_NOMEM;
  if (read_state(l, &b)) {
    px_linker_free(l);
    return b.bad == 2 ? PX_NOMEM : PX_BAD_STATE;
  }
  l->nb.model = &l->model;
  l->nb.window = l->opts.window;
  l->st.tau = l->opts.threshold;
  *out = l;
  return PX_OK;
}
