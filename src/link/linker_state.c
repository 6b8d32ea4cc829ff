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
 * near-duplicate band tables are built again on loading from the
 * signatures (they give the same candidates in any node order: dupes.c),
 * and scratch buffers and memos (pure caches) are not written. The bytes are in this machine's byte order, marked, and a
 * reader on another order refuses them. Every index read back is checked
 * against the sizes read before it: a damaged state is refused, never
 * followed. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define STATE_MAGIC 0x534c5850u /* "PXLS" */
#define STATE_VERSION 2u
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

void *px_linker_save(const px_linker *l, size_t *len) {
  *len = 0;
  if (l->finished) return NULL;
  wbuf b = {0};
  put_u32(&b, STATE_MAGIC);
  put_u32(&b, STATE_VERSION);
  put_u32(&b, BYTE_ORDER_MARK);
  put_f64(&b, l->opts.threshold);
  put_f64(&b, l->opts.merge);
  put_f64(&b, l->opts.dup_jaccard);
  put_i64(&b, l->opts.window);
  put_map(&b, &l->terms.df);
  put_u64(&b, l->terms.n_docs);
  put_u32(&b, l->n_outlets);
  for (uint32_t i = 0; i < l->n_outlets; i++) put_str(&b, l->outlets[i]);
  put_map(&b, &l->outlet_ix);
  put_u32(&b, l->n_arts);
  for (uint32_t i = 0; i < l->n_arts; i++) {
    const px__art *a = &l->arts[i];
    put_str(&b, a->id);
    put(&b, a->date, sizeof a->date);
    put_u32(&b, a->outlet);
    put_i64(&b, a->ts);
    put_u32(&b, a->story);
    put_u32(&b, a->dup_of);
    put_f32(&b, a->dup_jaccard);
    put_f32(&b, a->similarity);
    put_u32(&b, a->exact_dup);
    put_u32(&b, a->lsh_rank);
    put_u32(&b, a->sig != NULL);
    if (a->sig) put(&b, a->sig, PX_MINHASH_K * sizeof *a->sig);
  }
  put_u32(&b, l->n_stories);
  for (uint32_t i = 0; i < l->n_stories; i++) {
    const px__story *s = &l->stories[i];
    put_u32(&b, s->cent != NULL);
    put_u32(&b, s->n_cent);
    for (uint32_t k = 0; s->cent && k < s->n_cent; k++) {
      put_u64(&b, s->cent[k].key);
      put_f32(&b, s->cent[k].sum);
      put_f32(&b, s->cent[k].w);
    }
    put_f32(&b, s->norm);
    put_f32(&b, s->enorm);
    put_u32(&b, s->n_ent);
    put_u32(&b, s->n_members);
    put(&b, s->members, (size_t)s->n_members * sizeof *s->members);
    put_i64(&b, s->first_ts);
    put_i64(&b, s->last_ts);
    put_u32(&b, s->parent);
    put_u32(&b, s->active);
    put_str(&b, s->label);
    put_f32(&b, s->label_score);
  }
  put_u32(&b, l->n_active);
  put(&b, l->active, (size_t)l->n_active * sizeof *l->active);
  put_map(&b, &l->postings_head);
  put_u32(&b, l->n_post);
  put(&b, l->post, (size_t)l->n_post * sizeof *l->post);
  /* the band tables are not written: loading builds them again from the
   * signatures (px__dupes_reindex), which gives the same candidates */
  put_u32(&b, l->arts_at_sweep);
  put_u32(&b, (uint32_t)l->lsh_ranked);
  put_map(&b, &l->exact);
  put_u32(&b, l->n_merges);
  for (uint32_t i = 0; i < l->n_merges; i++) {
    put_u32(&b, l->merges[i].from);
    put_u32(&b, l->merges[i].into);
    put_u32(&b, l->merges[i].from_size);
    put_f32(&b, l->merges[i].similarity);
  }
  put_u32(&b, l->stamp);
  put_i64(&b, l->now);
  put_i64(&b, l->next_sweep);
  put_u32(&b, l->adds_since_sweep);
  put_u32(&b, STATE_MAGIC); /* the end: a cut state is refused */
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
static int consistent(const px_linker *l) {
  for (uint32_t i = 0; i < l->n_arts; i++) {
    const px__art *a = &l->arts[i];
    if ((a->outlet != PX__NONE && a->outlet >= l->n_outlets) ||
        a->story >= l->n_stories || /* every article has joined one */
        (a->dup_of != PX__NONE && a->dup_of >= l->n_arts))
      return 0;
  }
  for (uint32_t i = 0; i < l->n_stories; i++) {
    const px__story *s = &l->stories[i];
    if (s->parent >= l->n_stories) return 0;
    for (uint32_t k = 0; k < s->n_members; k++)
      if (s->members[k] >= l->n_arts) return 0;
  }
  /* parents lead to a root: no cycles */
  for (uint32_t i = 0; i < l->n_stories; i++) {
    uint32_t s = i, steps = 0;
    while (l->stories[s].parent != s) {
      s = l->stories[s].parent;
      if (++steps > l->n_stories) return 0;
    }
  }
  for (uint32_t k = 0; k < l->n_active; k++)
    if (l->active[k] >= l->n_stories) return 0;
  /* chains lead to older entries only: no cycles */
  for (uint32_t k = 0; k < l->n_post; k++)
    if (l->post[k].story >= l->n_stories || l->post[k].next > k) return 0;
  for (size_t i = 0; i < l->postings_head.cap; i++)
    if (l->postings_head.slots[i].key &&
        l->postings_head.slots[i].val > l->n_post)
      return 0;
  for (size_t i = 0; i < l->exact.cap; i++)
    if (l->exact.slots[i].key && l->exact.slots[i].val >= l->n_arts) return 0;
  for (size_t i = 0; i < l->outlet_ix.cap; i++)
    if (l->outlet_ix.slots[i].key &&
        l->outlet_ix.slots[i].val != PX__NONE &&
        l->outlet_ix.slots[i].val >= l->n_outlets)
      return 0;
  for (uint32_t k = 0; k < l->n_merges; k++)
    if (l->merges[k].from >= l->n_stories || l->merges[k].into >= l->n_stories)
      return 0;
  return 1;
}

static int read_state(px_linker *l, rbuf *b) {
  if (get_u32(b) != STATE_MAGIC || get_u32(b) != STATE_VERSION ||
      get_u32(b) != BYTE_ORDER_MARK)
    return -1;
  l->opts.threshold = get_f64(b);
  l->opts.merge = get_f64(b);
  l->opts.dup_jaccard = get_f64(b);
  l->opts.window = get_i64(b);
  if (get_map(b, &l->terms.df)) return -1;
  l->terms.n_docs = get_u64(b);
  uint32_t n = get_u32(b);
  if (!room(b, n, 4)) return -1;
  if (n && px__grow((void **)&l->outlets, &l->cap_outlets, n,
                    sizeof *l->outlets))
    return b->bad = 2, -1;
  while (l->n_outlets < n) {
    int null;
    char *name = get_str(b, &null);
    if (!name) return -1;
    l->outlets[l->n_outlets++] = name;
  }
  if (get_map(b, &l->outlet_ix)) return -1;
  n = get_u32(b);
  if (!room(b, n, 48)) return -1;
  if (n && px__grow((void **)&l->arts, &l->cap_arts, n, sizeof *l->arts))
    return b->bad = 2, -1;
  while (l->n_arts < n) {
    /* counted first: px_linker_free frees what was read of it */
    px__art *a = &l->arts[l->n_arts++];
    memset(a, 0, sizeof *a);
    int null;
    a->id = get_str(b, &null);
    if (!a->id) return -1;
    get(b, a->date, sizeof a->date);
    if (a->date[sizeof a->date - 1]) return -1;
    a->outlet = get_u32(b);
    a->ts = get_i64(b);
    a->story = get_u32(b);
    a->dup_of = get_u32(b);
    a->dup_jaccard = get_f32(b);
    a->similarity = get_f32(b);
    uint32_t exact = get_u32(b);
    a->exact_dup = (uint8_t)exact;
    a->lsh_rank = get_u32(b);
    uint32_t has_sig = get_u32(b);
    if (exact > 1 || has_sig > 1) return -1;
    if (has_sig) {
      size_t cap = 0;
      if (take(b, (void **)&a->sig, &cap, PX_MINHASH_K, sizeof *a->sig))
        return -1;
    }
  }
  n = get_u32(b);
  if (!room(b, n, 40)) return -1;
  if (n && px__grow((void **)&l->stories, &l->cap_stories, n,
                    sizeof *l->stories))
    return b->bad = 2, -1;
  while (l->n_stories < n) {
    px__story *s = &l->stories[l->n_stories];
    memset(s, 0, sizeof *s);
    s->parent = l->n_stories++;
    uint32_t has_cent = get_u32(b);
    uint32_t nc = get_u32(b);
    if (has_cent > 1 || (!has_cent && nc)) return -1;
    if (has_cent) {
      if (!room(b, nc, 16)) return -1;
      if (px__grow((void **)&s->cent, &s->cap_cent, (size_t)nc + 1,
                   sizeof *s->cent))
        return b->bad = 2, -1;
      for (uint32_t k = 0; k < nc; k++) {
        s->cent[k].key = get_u64(b);
        s->cent[k].sum = get_f32(b);
        s->cent[k].w = get_f32(b);
      }
      s->n_cent = nc;
    }
    s->norm = get_f32(b);
    s->enorm = get_f32(b);
    s->n_ent = get_u32(b);
    uint32_t nm = get_u32(b);
    if (take(b, (void **)&s->members, &s->cap_members, nm, sizeof *s->members))
      return -1;
    s->n_members = nm;
    s->first_ts = get_i64(b);
    s->last_ts = get_i64(b);
    s->parent = get_u32(b);
    uint32_t active = get_u32(b);
    if (active > 1) return -1;
    s->active = (uint8_t)active;
    int null;
    s->label = get_str(b, &null);
    if (!s->label && !null) return -1;
    s->label_score = get_f32(b);
  }
  n = get_u32(b);
  if (take(b, (void **)&l->active, &l->cap_active, n, sizeof *l->active))
    return -1;
  l->n_active = n;
  if (get_map(b, &l->postings_head)) return -1;
  n = get_u32(b);
  if (take(b, (void **)&l->post, &l->cap_post, n, sizeof *l->post)) return -1;
  l->n_post = n;
  l->arts_at_sweep = get_u32(b);
  uint32_t ranked = get_u32(b);
  if (ranked > 1) return -1;
  l->lsh_ranked = (int)ranked;
  if (get_map(b, &l->exact)) return -1;
  n = get_u32(b);
  if (!room(b, n, 16)) return -1;
  if (n && px__grow((void **)&l->merges, &l->cap_merges, n,
                    sizeof *l->merges))
    return b->bad = 2, -1;
  while (l->n_merges < n) {
    px__merge *m = &l->merges[l->n_merges++];
    m->from = get_u32(b);
    m->into = get_u32(b);
    m->from_size = get_u32(b);
    m->similarity = get_f32(b);
  }
  l->stamp = get_u32(b);
  l->now = get_i64(b);
  l->next_sweep = get_i64(b);
  l->adds_since_sweep = get_u32(b);
  if (get_u32(b) != STATE_MAGIC || b->bad || b->at != b->n) return -1;
  /* candidate marks: zero stamps never equal the next lookup's */
  if (l->n_stories &&
      px__grow((void **)&l->marks, &l->cap_marks, l->n_stories,
               sizeof *l->marks))
    return b->bad = 2, -1;
  if (l->marks) memset(l->marks, 0, l->cap_marks * sizeof *l->marks);
  if (!consistent(l)) return -1;
  if (l->arts_at_sweep > l->n_arts) return -1;
  if (px__dupes_reindex(l)) return b->bad = 2, -1;
  return 0;
}

px_status px_linker_load(const void *state, size_t len, px_linker **out) {
  *out = NULL;
  px_linker *l = px_linker_new(NULL);
  if (!l) return PX_NOMEM;
  rbuf b = {state, len, 0, 0};
  if (read_state(l, &b)) {
    px_linker_free(l);
    return b.bad == 2 ? PX_NOMEM : PX_BAD_STATE;
  }
  *out = l;
  return PX_OK;
}
