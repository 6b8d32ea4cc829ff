/* stories.c — stories over the neighbour graph: stable ids, the online
 * join and bounded revision.
 *
 * Each article arrives with edges to its nearest earlier articles, each
 * weighed by the join model's probability that the two tell one story
 * (neighbors.c). It joins the story whose members it is linked to with
 * the highest average probability, if that reaches the threshold, and
 * otherwise starts a story, which gets its id (1, 2, ...) there and then.
 *
 * Online decisions are revisited: every so often the articles of the
 * revision horizon are clustered again from scratch by average-link
 * agglomeration over the sparse graph of their edges, with the stories
 * already final as fixed nodes they may join (two final stories never
 * merge). The linkage of two clusters A and B is the sum of the
 * probabilities of the edges between them over max(edges, min(|A|, |B|)):
 * the average over the edges present, as long as every member of the
 * smaller side could have one; a single strong edge does not tie two
 * large clusters. Two clusters must also be close as groups
 * (group_closeness): the average cosine of their members' content vectors
 * over every pair, exact from each cluster's summed vector, reaches a
 * floor that scales with the texts' length (headlines share fewer words
 * than articles). A cluster's best partner is the one with the highest
 * linkage times group closeness; rounds merge every pair of clusters that
 * are each other's best partner, above the threshold (opts.threshold) and
 * close as groups, until none is left. The new clusters keep the ids
 * most of their members had; every article moved and every story absorbed is recorded (px__revision), and `parallax explain`
 * shows them. Articles older than the horizon become final. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define SUM_TERMS 1024 /* terms kept of a cluster's summed vector */
#define GROUP_FLOOR 0.25 /* average cosine of two clusters of long texts */
#define FULL_WORDS 25.0  /* content words from which a text counts as long */

void px__stories_free(px__stories *s) {
  for (uint32_t i = 0; i < s->n; i++) {
    free(s->s[i].label);
    free(s->s[i].members);
    /* s->s[i].out: freed by px__stream_free first */
  }
  free(s->s);
  free(s->rev);
  memset(s, 0, sizeof *s);
}

static int set_label(px__story *st, const char *h, float score) {
  char *copy = strdup(h ? h : "");
  if (!copy) return -1;
  free(st->label);
  st->label = copy;
  st->label_score = score;
  return 0;
}

static uint32_t story_new(px__stories *s, const px__art *a) {
  if (px__grow((void **)&s->s, &s->cap, (size_t)s->n + 1, sizeof *s->s))
    return 0;
  /* with a sink, what it hands on (stream.c) comes when it gets members */
  px__story *st = &s->s[s->n];
  memset(st, 0, sizeof *st);
  st->first_ts = st->last_ts = a->ts;
  if (set_label(st, a->live ? a->live->headline : "", 0)) return 0;
  return ++s->n;
}

px_status px__stories_join(px__stories *s, px__arts *t, uint32_t i) {
  px__art *a = px__art_at(t, i);
  uint32_t id = 0;
  double sim = 1;
  if (a->forced && a->dup_of != PX__NONE && px__art_at(t, a->dup_of)->story) {
    id = px__art_at(t, a->dup_of)->story;
    sim = a->dup_jaccard;
  } else if (a->live) {
    /* the average probability of its edges into each story */
    uint32_t sid[PX__K], cnt[PX__K], n = 0;
    double sum[PX__K];
    for (uint32_t k = 0; k < a->live->n_edges; k++) {
      uint32_t x = px__art_at(t, a->live->edge[k].to)->story, j = 0;
      while (j < n && sid[j] != x) j++;
      if (j == n) {
        sid[n] = x;
        sum[n] = 0;
        cnt[n++] = 0;
      }
      sum[j] += a->live->edge[k].p;
      cnt[j]++;
    }
    double best = 0;
    for (uint32_t j = 0; j < n; j++) {
      double l = sum[j] / cnt[j];
      if (sid[j] && (l > best || (l == best && sid[j] < id))) {
        best = l;
        id = sid[j];
      }
    }
    if (best < s->tau) id = 0;
    else sim = best;
  }
  if (!id) {
    id = story_new(s, a);
    if (!id) return PX_NOMEM;
    sim = 1;
  }
  a->story = id;
  a->similarity = (float)sim;
  s->s[id - 1].n_members++;
  if (i > s->s[id - 1].last_art) s->s[id - 1].last_art = i;
  return PX_OK;
}

/* ---- the agglomeration ---- */

/* The key of a pair of nodes in a px__hmap, which takes the low bits of
 * its keys as they are: hashed. */
static uint64_t pair_key(uint32_t a, uint32_t b) {
  uint64_t ab = (uint64_t)a << 32 | b;
  return px__hash(&ab, sizeof ab);
}

/* The summed content vectors of a cluster's members (by key) and their
 * content words: the group average of the cosines of two clusters is
 * the dot product of their sums over the product of their sizes. */
typedef struct px__sw {
  uint64_t key;
  float w;
} px__sw;

typedef struct px__sum {
  px__sw *v;                        /* owned, sorted by key */
  uint32_t n;
  uint32_t version;                 /* merges into it so far */
  double words;                     /* content words of the members */
} px__sum;

typedef struct px__agg {
  uint32_t *parent, *size, *fstory; /* by node; fstory: final story or 0 */
  size_t cap_node;
  uint32_t n_node;
  uint32_t *eu, *ev;                /* edges */
  float *ep;
  size_t cap_edge;
  uint32_t n_edge;
  px__hmap story_node;              /* final story id -> node + 1 */
  px__hmap final_first;             /* final story id -> its first
                                       member in the window (index from
                                       first_window + 1) */
  uint32_t *final_next;             /* by that index: the next one + 1 */
  px__hmap pair;                    /* root pair -> index + 1 */
  uint32_t *pu, *pv, *pn;           /* pairs of roots: ends, edge count */
  double *ps;                       /* summed probability */
  size_t cap_pair;
  uint32_t *best;                   /* by node: best partner */
  double *best_l;
  size_t cap_best;
  float *cen;                       /* by live article: centrality */
  size_t cap_cen;
  px__sum *sum;                     /* by node: its members' terms */
  size_t cap_sum;
  px__hmap close;                   /* root pair -> index + 1 of its */
  double *close_r;                  /* closeness, computed at */
  uint64_t *close_at;               /* these versions of the two */
  size_t cap_close;
  uint32_t n_close;
} px__agg;

static void agg_free(px__agg *g) {
  free(g->parent);
  free(g->size);
  free(g->fstory);
  free(g->eu);
  free(g->ev);
  free(g->ep);
  px__hmap_free(&g->story_node);
  px__hmap_free(&g->final_first);
  free(g->final_next);
  px__hmap_free(&g->pair);
  free(g->pu);
  free(g->pv);
  free(g->pn);
  free(g->ps);
  free(g->best);
  free(g->best_l);
  free(g->cen);
  for (uint32_t x = 0; g->sum && x < g->n_node; x++) free(g->sum[x].v);
  free(g->sum);
  px__hmap_free(&g->close);
  free(g->close_r);
  free(g->close_at);
  free(g);
}

static uint32_t find(px__agg *g, uint32_t x) {
  while (g->parent[x] != x) {
    g->parent[x] = g->parent[g->parent[x]];
    x = g->parent[x];
  }
  return x;
}

static int by_weight(const void *x, const void *y) {
  const px__sw *a = x, *b = y;
  if (a->w != b->w) return a->w < b->w ? 1 : -1;
  return a->key < b->key ? -1 : a->key > b->key;
}

static int by_key(const void *x, const void *y) {
  const px__sw *a = x, *b = y;
  return a->key < b->key ? -1 : a->key > b->key;
}

/* dst += the n terms of src (both sorted by key), keeping the SUM_TERMS
 * heaviest when there are more than twice as many. -1 when out of
 * memory. */
static int sum_merge(px__sum *dst, const px__sw *src, uint32_t n) {
  px__sw *m = malloc(((size_t)dst->n + n + 1) * sizeof *m);
  if (!m) return -1;
  uint32_t i = 0, j = 0, k = 0;
  while (i < dst->n || j < n) {
    if (j == n || (i < dst->n && dst->v[i].key < src[j].key))
      m[k++] = dst->v[i++];
    else if (i == dst->n || src[j].key < dst->v[i].key)
      m[k++] = src[j++];
    else {
      m[k] = dst->v[i++];
      m[k++].w += src[j++].w;
    }
  }
  if (k > 2 * SUM_TERMS) { /* now and then: each sort costs k log k */
    qsort(m, k, sizeof *m, by_weight);
    k = SUM_TERMS;
    qsort(m, k, sizeof *m, by_key);
  }
  free(dst->v);
  dst->v = m;
  dst->n = k;
  return 0;
}

/* Adds the content terms of v to s. -1 when out of memory. */
static int sum_add(px__sum *s, const px__vec *v) {
  px__sw *c = malloc(((size_t)v->n + 1) * sizeof *c);
  if (!c) return -1;
  uint32_t n = 0;
  for (uint32_t k = 0; k < v->n; k++)
    if (!(v->v[k].key & PX__ENT_BIT)) c[n++] = (px__sw){v->v[k].key, v->v[k].w};
  int rc = sum_merge(s, c, n);
  free(c);
  s->words += v->n_words;
  return rc;
}

static double sum_dot(const px__sum *a, const px__sum *b) {
  double d = 0;
  uint32_t i = 0, j = 0;
  while (i < a->n && j < b->n) {
    uint64_t x = a->v[i].key, y = b->v[j].key;
    if (x != y) { /* most steps: advance without a branch */
      int lt = x < y;
      i += lt;
      j += !lt;
      continue;
    }
    d += (double)a->v[i++].w * b->v[j++].w;
  }
  return d;
}

/* Unites the clusters of x and y unless both hold a final story. -1 when
 * out of memory. */
static int unite(px__agg *g, uint32_t x, uint32_t y) {
  x = find(g, x);
  y = find(g, y);
  if (x == y || (g->fstory[x] && g->fstory[y])) return 0;
  if (y < x) {
    uint32_t tmp = x;
    x = y;
    y = tmp;
  }
  g->parent[y] = x;
  g->size[x] += g->size[y];
  if (!g->fstory[x]) g->fstory[x] = g->fstory[y];
  if (sum_merge(&g->sum[x], g->sum[y].v, g->sum[y].n)) return -1;
  g->sum[x].words += g->sum[y].words;
  g->sum[x].version++;
  free(g->sum[y].v);
  g->sum[y] = (px__sum){0};
  return 0;
}

static int add_node(px__agg *g, uint32_t size, uint32_t fstory) {
  if (px__grow((void **)&g->parent, &g->cap_node, (size_t)g->n_node + 1,
               sizeof *g->parent))
    return -1;
  size_t cap = g->cap_node;
  uint32_t *sz = realloc(g->size, cap * sizeof *sz);
  if (!sz) return -1;
  g->size = sz;
  uint32_t *fs = realloc(g->fstory, cap * sizeof *fs);
  if (!fs) return -1;
  g->fstory = fs;
  if (px__grow((void **)&g->sum, &g->cap_sum, cap, sizeof *g->sum)) return -1;
  g->sum[g->n_node] = (px__sum){0};
  g->parent[g->n_node] = g->n_node;
  g->size[g->n_node] = size;
  g->fstory[g->n_node] = fstory;
  g->n_node++;
  return 0;
}

/* The node of article b: its own when live, its final story's else
 * (created on first use). PX__NONE when out of memory. */
static uint32_t node_of(px__agg *g, const px__stories *s, const px__arts *t,
                        uint32_t b) {
  if (b >= s->first_live) return b - s->first_live;
  uint32_t id = px__art_at(t, b)->story;
  int created;
  uint32_t *slot = px__hmap_put(&g->story_node, id, 0, &created);
  if (!slot) return PX__NONE;
  if (created) {
    /* its size: its final members still inside the window */
    uint32_t size = 0;
    if (add_node(g, 1, id)) return PX__NONE;
    px__sum *sum = &g->sum[g->n_node - 1];
    /* its final members still inside the window, in order (chained once
     * per revision: a scan of the window per story cost more than the
     * rest of the revision) */
    const uint32_t *head = px__hmap_get(&g->final_first, id);
    for (uint32_t c = head ? *head : 0; c; c = g->final_next[c - 1]) {
      const px__art *m = px__art_at(t, t->first_window + c - 1);
      size++;
      if (m->live && sum_add(sum, &m->live->vec)) return PX__NONE;
    }
    g->size[g->n_node - 1] = size ? size : 1;
    slot = px__hmap_get(&g->story_node, id);
    *slot = g->n_node;
  }
  return *slot - 1;
}

static int add_edge(px__agg *g, uint32_t u, uint32_t v, float p) {
  if (px__grow((void **)&g->eu, &g->cap_edge, (size_t)g->n_edge + 1,
               sizeof *g->eu))
    return -1;
  size_t cap = g->cap_edge;
  uint32_t *ev = realloc(g->ev, cap * sizeof *ev);
  if (!ev) return -1;
  g->ev = ev;
  float *ep = realloc(g->ep, cap * sizeof *ep);
  if (!ep) return -1;
  g->ep = ep;
  g->eu[g->n_edge] = u;
  g->ev[g->n_edge] = v;
  g->ep[g->n_edge++] = p;
  return 0;
}

static int grow_pairs(px__agg *g, size_t need) {
  if (need <= g->cap_pair) return 0;
  size_t cap = g->cap_pair;
  if (px__grow((void **)&g->pu, &cap, need, sizeof *g->pu)) return -1;
  uint32_t *pv = realloc(g->pv, cap * sizeof *pv);
  if (pv) g->pv = pv;
  uint32_t *pn = realloc(g->pn, cap * sizeof *pn);
  if (pn) g->pn = pn;
  double *ps = realloc(g->ps, cap * sizeof *ps);
  if (ps) g->ps = ps;
  if (!pv || !pn || !ps) return -1;
  g->cap_pair = cap;
  return 0;
}

static double linkage(const px__agg *g, uint32_t k) {
  uint32_t a = g->size[g->pu[k]], b = g->size[g->pv[k]];
  uint32_t m = a < b ? a : b;
  return g->ps[k] / (g->pn[k] > m ? g->pn[k] : m);
}

/* How close the clusters u and v (roots) are as groups: the average
 * cosine of their members' content vectors, over every pair, over the
 * floor for texts of their length (1 or more: close enough to merge). */
static double group_closeness(const px__agg *g, uint32_t u, uint32_t v) {
  double nu = g->size[u], nv = g->size[v];
  double avg = sum_dot(&g->sum[u], &g->sum[v]) / (nu * nv);
  double words = (g->sum[u].words + g->sum[v].words) / (nu + nv);
  double f = words >= FULL_WORDS ? GROUP_FLOOR
                                  : GROUP_FLOOR * words / FULL_WORDS;
  return f > 0 ? avg / f : 0;
}

/* group_closeness of u and v, kept from an earlier round while neither
 * has changed (the dot products of large clusters are the revision's
 * main cost). -1 when out of memory. */
static double closeness_cached(px__agg *g, uint32_t u, uint32_t v) {
  uint64_t at = (uint64_t)g->sum[u].version << 32 | g->sum[v].version;
  int created;
  uint32_t *slot = px__hmap_put(&g->close, pair_key(u, v), g->n_close,
                                &created);
  if (!slot) return -1;
  if (created) {
    size_t cap = g->cap_close;
    if (px__grow((void **)&g->close_r, &cap, (size_t)g->n_close + 1,
                 sizeof *g->close_r))
      return -1;
    uint64_t *ca = realloc(g->close_at, cap * sizeof *ca);
    if (!ca) return -1;
    g->close_at = ca;
    g->cap_close = cap;
    g->n_close++;
  } else if (g->close_at[*slot] == at) {
    return g->close_r[*slot];
  }
  g->close_at[*slot] = at;
  return g->close_r[*slot] = group_closeness(g, u, v);
}

/* One round: the linkage of every pair of clusters joined by edges, each
 * cluster's best partner, and the mutual best pairs merged. Returns the
 * merges made, or -1 when out of memory. */
static long agg_round(px__agg *g, double tau) {
  px__hmap_clear(&g->pair);
  uint32_t np = 0;
  for (uint32_t e = 0; e < g->n_edge; e++) {
    uint32_t u = find(g, g->eu[e]), v = find(g, g->ev[e]);
    if (u == v || (g->fstory[u] && g->fstory[v])) continue;
    if (v < u) {
      uint32_t tmp = u;
      u = v;
      v = tmp;
    }
    int created;
    uint64_t uv = (uint64_t)u << 32 | v; /* hashed: the map takes its low
                                            bits as they are */
    uint32_t *slot = px__hmap_put(&g->pair, px__hash(&uv, sizeof uv), np,
                                  &created);
    if (!slot) return -1;
    if (created) {
      if (grow_pairs(g, (size_t)np + 1)) return -1;
      g->pu[np] = u;
      g->pv[np] = v;
      g->pn[np] = 0;
      g->ps[np++] = 0;
    }
    g->pn[*slot]++;
    g->ps[*slot] += g->ep[e];
  }
  if (px__grow((void **)&g->best, &g->cap_best, g->n_node + 1,
               sizeof *g->best))
    return -1;
  double *bl = realloc(g->best_l, g->cap_best * sizeof *bl);
  if (!bl) return -1;
  g->best_l = bl;
  for (uint32_t x = 0; x < g->n_node; x++) {
    g->best[x] = PX__NONE;
    g->best_l[x] = 0;
  }
  for (uint32_t k = 0; k < np; k++) {
    double l = linkage(g, k);
    if (l < tau) continue;
    double r = closeness_cached(g, g->pu[k], g->pv[k]);
    if (r < 0) return -1;
    if (r < 1) continue;
    l *= r; /* the best partner is close by both measures */
    uint32_t ends[2] = {g->pu[k], g->pv[k]};
    for (int s = 0; s < 2; s++) {
      uint32_t x = ends[s], y = ends[!s];
      if (l > g->best_l[x] || (l == g->best_l[x] && y < g->best[x])) {
        g->best_l[x] = l;
        g->best[x] = y;
      }
    }
  }
  long merged = 0;
  for (uint32_t k = 0; k < np; k++) {
    uint32_t u = g->pu[k], v = g->pv[k];
    if (g->best[u] == v && g->best[v] == u) {
      if (unite(g, u, v)) return -1;
      merged++;
    }
  }
  return merged;
}

static int add_revision(px__stories *s, px__revision r) {
  if (px__grow((void **)&s->rev, &s->cap_rev, (size_t)s->n_rev + 1,
               sizeof *s->rev))
    return -1;
  px__revision *d = &s->rev[s->n_rev++];
  memset(d, 0, sizeof *d); /* no stray padding in a saved state */
  d->art = r.art;
  d->from = r.from;
  d->to = r.to;
  d->size = r.size;
  d->linkage = r.linkage;
  d->at = r.at;
  return 0;
}

typedef struct claim {
  uint32_t root, old, count;
} claim;

static int by_count(const void *x, const void *y) {
  const claim *a = x, *b = y;
  if (a->count != b->count) return a->count < b->count ? 1 : -1;
  if (a->root != b->root) return a->root < b->root ? -1 : 1;
  return a->old < b->old ? -1 : a->old > b->old;
}

/* Gives each cluster a story id: the final story it holds, else the id
 * most of its members had (each id to one cluster, larger claims first),
 * else a new one. Writes the id by root into id_of. */
static int assign_ids(px__stories *s, px__arts *t, px__agg *g,
                      uint32_t n_live, uint32_t *id_of) {
  uint32_t L = s->first_live;
  claim *c = malloc(((size_t)n_live + 1) * sizeof *c);
  uint8_t *used = calloc((size_t)s->n + 1, 1);
  px__hmap ix = {0};
  int rc = -1;
  if (!c || !used) goto out;
  for (uint32_t x = 0; x < g->n_node; x++) id_of[x] = 0;
  for (uint32_t x = 0; x < g->n_node; x++) {
    uint32_t r = find(g, x);
    if (g->fstory[r] && !id_of[r]) {
      id_of[r] = g->fstory[r];
      used[g->fstory[r]] = 1;
    }
  }
  uint32_t nc = 0;
  for (uint32_t i = L; i < t->n; i++) {
    uint32_t r = find(g, i - L), old = px__art_at(t, i)->story;
    if (id_of[r] || !old) continue;
    int created;
    uint64_t ro = (uint64_t)r << 32 | old;
    uint32_t *slot = px__hmap_put(&ix, px__hash(&ro, sizeof ro), nc,
                                  &created);
    if (!slot) goto out;
    if (created) c[nc++] = (claim){r, old, 0};
    c[*slot].count++;
  }
  qsort(c, nc, sizeof *c, by_count);
  for (uint32_t k = 0; k < nc; k++)
    if (!id_of[c[k].root] && !used[c[k].old]) {
      id_of[c[k].root] = c[k].old;
      used[c[k].old] = 1;
    }
  /* the rest: new stories, in the order of their first article */
  for (uint32_t i = L; i < t->n; i++) {
    uint32_t r = find(g, i - L);
    if (id_of[r]) continue;
    id_of[r] = story_new(s, px__art_at(t, i));
    if (!id_of[r]) goto out;
  }
  rc = 0;
out:
  free(c);
  free(used);
  px__hmap_free(&ix);
  return rc;
}

/* The average probability of article i's edges into its new cluster. */
static float join_linkage(px__agg *g, const px__stories *s,
                          const px__arts *t, uint32_t i) {
  const px__live *l = px__art_at(t, i)->live;
  uint32_t r = find(g, i - s->first_live), n = 0;
  double sum = 0;
  for (uint32_t k = 0; l && k < l->n_edges; k++) {
    uint32_t b = l->edge[k].to;
    if (b < t->first_window) continue;
    uint32_t v = b >= s->first_live
                     ? b - s->first_live
                     : *px__hmap_get(&g->story_node, px__art_at(t, b)->story) - 1;
    if (find(g, v) == r) {
      sum += l->edge[k].p;
      n++;
    }
  }
  return n ? (float)(sum / n) : 0;
}

/* Moves the live articles to their cluster's id, recording each move and
 * each story left empty; offers labels by centrality. */
static int apply(px__stories *s, px__arts *t, px__agg *g,
                 const uint32_t *id_of, int64_t now) {
  uint32_t L = s->first_live;
  px__hmap before = {0}; /* story id -> its size before the first move */
  for (uint32_t i = L; i < t->n; i++) {
    uint32_t to = id_of[find(g, i - L)], from = px__art_at(t, i)->story;
    if (to != from && from &&
        !px__hmap_put(&before, from, s->s[from - 1].n_members, NULL)) {
      px__hmap_free(&before);
      return -1;
    }
  }
  for (uint32_t i = L; i < t->n; i++) {
    px__art *a = px__art_at(t, i);
    uint32_t to = id_of[find(g, i - L)], from = a->story;
    if (to == from) continue;
    float lk = join_linkage(g, s, t, i);
    if (from) {
      s->s[from - 1].n_members--;
      if (add_revision(s, (px__revision){i, from, to, 0, lk, now})) {
        px__hmap_free(&before);
        return -1;
      }
      a->n_revisions++;
      if (!s->s[from - 1].n_members &&
          add_revision(s, (px__revision){PX__NONE, from, to,
                                         *px__hmap_get(&before, from), lk,
                                         now})) {
        px__hmap_free(&before);
        return -1;
      }
    }
    s->s[to - 1].n_members++;
    if (i > s->s[to - 1].last_art) s->s[to - 1].last_art = i;
    a->story = to;
    a->similarity = lk;
  }
  px__hmap_free(&before);
  /* labels: the live member with the most probability to its own
   * cluster, unless the story's label is better supported */
  if (px__grow((void **)&g->cen, &g->cap_cen, (size_t)(t->n - L) + 1,
               sizeof *g->cen))
    return -1;
  memset(g->cen, 0, (size_t)(t->n - L) * sizeof *g->cen);
  for (uint32_t e = 0; e < g->n_edge; e++) {
    if (find(g, g->eu[e]) != find(g, g->ev[e])) continue;
    if (g->eu[e] < t->n - L) g->cen[g->eu[e]] += g->ep[e];
    if (g->ev[e] < t->n - L) g->cen[g->ev[e]] += g->ep[e];
  }
  for (uint32_t i = L; i < t->n; i++) {
    px__art *a = px__art_at(t, i);
    px__story *st = &s->s[a->story - 1];
    float c = g->cen[i - L];
    if (a->live && a->live->headline && c > st->label_score &&
        set_label(st, a->live->headline, c))
      return -1;
  }
  return 0;
}

/* Article i's story is final from now on. */
static void freeze(px__stories *s, px__arts *t, uint32_t i) {
  px__art *a = px__art_at(t, i);
  s->s[a->story - 1].n_frozen++;
  if (a->live) {
    free(a->live->headline);
    a->live->headline = NULL;
  }
}

px_status px__stories_revise(px__stories *s, px__arts *t, int64_t now,
                             int64_t freeze_before) {
  /* articles that left the window are final whatever the horizon */
  while (s->first_live < t->first_window) freeze(s, t, s->first_live++);
  uint32_t L = s->first_live, n_live = t->n - L;
  px_status st = PX_NOMEM;
  px__agg *g = calloc(1, sizeof *g);
  uint32_t *id_of = NULL;
  if (!g) return PX_NOMEM;
  /* the final members inside the window, chained by story in order */
  uint32_t n_final = L - t->first_window;
  if (n_final &&
      !(g->final_next = malloc((size_t)n_final * sizeof *g->final_next)))
    goto out;
  for (uint32_t k = L; k-- > t->first_window;) {
    uint32_t *head = px__hmap_put(&g->final_first, px__art_at(t, k)->story,
                                  0, NULL);
    if (!head) goto out;
    g->final_next[k - t->first_window] = *head;
    *head = k - t->first_window + 1;
  }
  for (uint32_t i = L; i < t->n; i++) {
    const px__live *l = px__art_at(t, i)->live;
    if (add_node(g, 1, 0) || (l && sum_add(&g->sum[i - L], &l->vec)))
      goto out;
  }
  for (uint32_t i = L; i < t->n; i++) {
    const px__live *l = px__art_at(t, i)->live;
    for (uint32_t k = 0; l && k < l->n_edges; k++) {
      uint32_t b = l->edge[k].to;
      if (b < t->first_window) continue; /* gone from the window */
      uint32_t v = node_of(g, s, t, b);
      if (v == PX__NONE || add_edge(g, i - L, v, l->edge[k].p)) goto out;
    }
  }
  /* a reprint stays with its copy */
  for (uint32_t i = L; i < t->n; i++) {
    const px__art *a = px__art_at(t, i);
    if (!a->forced || a->dup_of == PX__NONE || a->dup_of < t->first_window)
      continue;
    uint32_t v = node_of(g, s, t, a->dup_of);
    if (v == PX__NONE) goto out;
    if (unite(g, i - L, v)) goto out;
  }
  for (;;) {
    long m = agg_round(g, s->tau);
    if (m < 0) goto out;
    if (!m) break;
  }
  id_of = malloc(((size_t)g->n_node + 1) * sizeof *id_of);
  if (!id_of || assign_ids(s, t, g, n_live, id_of) ||
      apply(s, t, g, id_of, now))
    goto out;
  /* the articles older than the horizon become final */
  while (s->first_live < t->n && px__art_at(t, s->first_live)->ts < freeze_before)
    freeze(s, t, s->first_live++);
  st = PX_OK;
out:
  free(id_of);
  agg_free(g);
  return st;
}

px_status px__stories_members(px__stories *s, const px__arts *t) {
  for (uint32_t k = 0; k < s->n; k++) {
    px__story *st = &s->s[k];
    free(st->members);
    st->members = st->n_members ? malloc(st->n_members * sizeof *st->members)
                                : NULL;
    if (st->n_members && !st->members) return PX_NOMEM;
    st->n_members = 0;
  }
  for (uint32_t i = 0; i < t->n; i++) {
    px__story *st = &s->s[px__art_at(t, i)->story - 1];
    if (!st->n_members || px__art_at(t, i)->ts < st->first_ts)
      st->first_ts = px__art_at(t, i)->ts;
    if (!st->n_members || px__art_at(t, i)->ts > st->last_ts) st->last_ts = px__art_at(t, i)->ts;
    st->members[st->n_members++] = i;
  }
  return PX_OK; /* members are in input order already */
}
