/* stories.c — online story clustering.
 *
 * Each article, in date order, is compared with the centroids of the
 * active stories that share one of its terms (found through an inverted
 * index, never by scanning every story) and joins the most similar one if
 * the similarity (cosine of the terms, lowered when the entities disagree:
 * px__combine) clears a threshold that is higher for short texts, where a
 * few shared words mean less; otherwise it starts a story. A centroid keeps
 * the heaviest terms and entities of its members, so a story costs a fixed
 * amount of memory however large it grows. Stories idle for the window go
 * dormant and leave the index. Now and then, and at the end, active stories
 * whose centroids converged are merged and the decision is recorded. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define MAX_CANDIDATES 48   /* stories scored exactly per article */
#define POSTING_SCAN 64     /* newest entries read per term */
#define QUERY_TERMS 12      /* heaviest article terms used to find stories */
#define MERGE_TERMS 24      /* centroid terms used to find merge partners */

uint32_t px__story_root(const px_linker *l, uint32_t s) {
  while (l->stories[s].parent != s) s = l->stories[s].parent;
  return s;
}

void px__story_free(px__story *s) {
  free(s->cent);
  free(s->members);
  free(s->label);
}

/* Adds story s to the posting list of term key. */
static int post_add(px_linker *l, uint64_t key, uint32_t s) {
  if (px__grow((void **)&l->post, &l->cap_post, l->n_post + 1,
                    sizeof *l->post))
    return -1;
  int created;
  uint32_t *head = px__hmap_put(&l->postings_head, key, 0, &created);
  if (!head) return -1;
  l->post[l->n_post] = (px__post){s, *head};
  *head = ++l->n_post;
  return 0;
}

static int by_key(const void *x, const void *y) {
  const px__cent *a = x, *b = y;
  return a->key < b->key ? -1 : a->key > b->key;
}

/* Is a heavier than b? Ties by key, so that the order is total. */
static int heavier(const px__cent *a, const px__cent *b) {
  return a->w > b->w || (a->w == b->w && a->key < b->key);
}

/* The k-th heaviest (from 0) of v[0..n), k < n; v is reordered. A
 * quickselect: linear on average, where sorting a centroid to trim it cost
 * n log n twice. */
static px__cent kth_heaviest(px__cent *v, long n, long k) {
  long lo = 0, hi = n - 1;
  while (lo < hi) {
    px__cent pivot = v[lo + (hi - lo) / 2];
    long i = lo, j = hi;
    while (i <= j) {
      while (heavier(&v[i], &pivot)) i++;
      while (heavier(&pivot, &v[j])) j--;
      if (i <= j) {
        px__cent t = v[i];
        v[i++] = v[j];
        v[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return v[k];
}

/* Keeps the heaviest PX__CENT_CAP terms and PX__CENT_ECAP entities of the
 * story, in key order. Returns -1 when out of memory (nothing trimmed). */
static int cent_trim(px_linker *l, px__story *s) {
  if (px__grow((void **)&l->cent_buf, &l->cap_cent_buf, s->n_cent,
                    sizeof *l->cent_buf))
    return -1;
  px__cent lightest[2]; /* the lightest kept of each kind */
  const uint32_t cap[2] = {PX__CENT_CAP, PX__CENT_ECAP};
  int trim[2];
  for (uint64_t kind = 0; kind < 2; kind++) {
    long n = 0;
    for (uint32_t i = 0; i < s->n_cent; i++)
      if ((s->cent[i].key & PX__ENT_BIT) == kind) l->cent_buf[n++] = s->cent[i];
    trim[kind] = n > cap[kind];
    if (trim[kind]) lightest[kind] = kth_heaviest(l->cent_buf, n, cap[kind] - 1);
  }
  uint32_t n = 0;
  for (uint32_t i = 0; i < s->n_cent; i++) {
    uint64_t kind = s->cent[i].key & PX__ENT_BIT;
    if (!trim[kind] || !heavier(&lightest[kind], &s->cent[i]))
      s->cent[n++] = s->cent[i];
  }
  s->n_cent = n;
  return 0;
}

/* Recomputes the two norms, and with reweigh the idf-weighted column
 * (else only the terms just added were weighed, by cent_add); trims the
 * centroid once it has grown past twice its caps. */
static void cent_refresh(px_linker *l, px__story *s, int reweigh) {
  double norm[2] = {0, 0};
  uint32_t ne = 0;
  for (uint32_t i = 0; reweigh && i < s->n_cent; i++)
    s->cent[i].w = s->cent[i].sum * px__idf(&l->terms, s->cent[i].key);
  /* out of memory: the centroid stays whole until the next refresh */
  if (s->n_cent > 2 * (PX__CENT_CAP + PX__CENT_ECAP)) (void)cent_trim(l, s);
  for (uint32_t i = 0; i < s->n_cent; i++) {
    norm[s->cent[i].key & PX__ENT_BIT] += (double)s->cent[i].w * s->cent[i].w;
    ne += (s->cent[i].key & PX__ENT_BIT) != 0;
  }
  s->norm = norm[0] > 0 ? (float)sqrt(norm[0]) : 1.0f;
  s->enorm = norm[1] > 0 ? (float)sqrt(norm[1]) : 1.0f;
  s->n_ent = ne;
}

/* Merges the sorted terms (key, sum) of add into story si's centroid;
 * terms new to the story enter the inverted index. With idf_in_w, add[].w
 * holds each term's idf and only the terms added are reweighed: the rest
 * of the centroid keeps the idf it had and is reweighed at each sweep,
 * which keeps an article's cost independent of its story's size. */
static int cent_add(px_linker *l, uint32_t si, const px__cent *add,
                    uint32_t n_add, int idf_in_w) {
  px__story *s = &l->stories[si];
  if (px__grow((void **)&l->cent_buf, &l->cap_cent_buf,
                    (size_t)s->n_cent + n_add + 1, sizeof *l->cent_buf))
    return -1;
  px__cent *out = l->cent_buf;
  uint32_t i = 0, j = 0, n = 0;
  while (i < s->n_cent || j < n_add) {
    if (j == n_add || (i < s->n_cent && s->cent[i].key < add[j].key)) {
      out[n++] = s->cent[i++];
      continue;
    }
    if (i == s->n_cent || add[j].key < s->cent[i].key) {
      /* terms find stories; entities only weigh the ones found */
      if (!(add[j].key & PX__ENT_BIT) && post_add(l, add[j].key, si))
        return -1;
      out[n] = add[j];
    } else {
      out[n] = s->cent[i++];
      out[n].sum += add[j].sum;
    }
    if (idf_in_w) out[n].w = out[n].sum * add[j].w;
    n++, j++;
  }
  /* the buffers change hands: no allocation per article */
  l->cent_buf = s->cent;
  uint32_t cap = l->cap_cent_buf;
  l->cap_cent_buf = s->cap_cent;
  s->cent = out;
  s->cap_cent = cap;
  s->n_cent = n;
  cent_refresh(l, s, !idf_in_w);
  return 0;
}

/* The current article's vector as centroid terms: weights without idf so
 * that the centroid can be re-weighted as frequencies change. */
static px__cent *feat_terms(px_linker *l) {
  const px__features *f = &l->feat;
  if (px__grow((void **)&l->feat_cent, &l->cap_feat_cent, f->n_vec + 1,
                    sizeof *l->feat_cent))
    return NULL;
  px__cent *c = l->feat_cent;
  for (uint32_t i = 0; i < f->n_vec; i++) {
    float idf = px__idf(&l->terms, f->vec[i].key);
    c[i].key = f->vec[i].key;
    c[i].sum = idf > 0 ? f->vec[i].w / idf : 0;
    c[i].w = idf; /* for cent_add */
  }
  return c;
}

/* The similarity of vector d (with ne entities) to story s's centroid. */
static double cent_cosine(const px__tw *d, uint32_t nd, uint32_t ne,
                          const px__story *s) {
  double dot[2] = {0, 0};
  uint32_t i = 0, j = 0;
  while (i < nd && j < s->n_cent) {
    if (d[i].key < s->cent[j].key) i++;
    else if (d[i].key > s->cent[j].key) j++;
    else {
      dot[d[i].key & PX__ENT_BIT] += (double)d[i].w * s->cent[j].w;
      i++, j++;
    }
  }
  return px__combine(dot[0] / s->norm, dot[1] / s->enorm, ne, s->n_ent);
}

double px__story_similarity(const px_linker *l, uint32_t si,
                            const px__tw *d, uint32_t nd) {
  const px__story *s = &l->stories[si];
  uint32_t ne = 0;
  for (uint32_t i = 0; i < nd; i++) ne += (d[i].key & PX__ENT_BIT) != 0;
  return s->cent ? cent_cosine(d, nd, ne, s) : 0;
}

static int by_score_desc(const void *x, const void *y) {
  const px__cand *a = x, *b = y;
  if (a->score != b->score) return a->score < b->score ? 1 : -1;
  return a->story < b->story ? -1 : a->story > b->story;
}

/* Active stories sharing terms with d, ranked by the summed weight of the
 * shared terms; writes up to MAX_CANDIDATES indices to out. */
static uint32_t candidates(px_linker *l, const px__tw *d, uint32_t nd,
                           uint32_t self, uint32_t *out) {
  uint32_t n = 0;
  l->stamp++;
  /* only the heaviest QUERY_TERMS terms that some story has look for
   * stories (a name no story has finds nothing, however heavy) */
  px__tw q[QUERY_TERMS];
  uint32_t heads[QUERY_TERMS], nq = 0;
  for (uint32_t t = 0; t < nd; t++) {
    if (d[t].key & PX__ENT_BIT) continue;
    const uint32_t *head = px__hmap_get(&l->postings_head, d[t].key);
    if (!head || !*head) continue;
    uint32_t j = nq < QUERY_TERMS ? nq++ : QUERY_TERMS;
    if (j == QUERY_TERMS && d[t].w <= q[j - 1].w) continue;
    if (j == QUERY_TERMS) j--;
    while (j > 0 && q[j - 1].w < d[t].w) {
      q[j] = q[j - 1];
      heads[j] = heads[j - 1];
      j--;
    }
    q[j] = d[t];
    heads[j] = *head;
  }
  /* The chains are walked side by side, one entry of each in turn, so
   * that their cache misses overlap; scores are summed in fixed point so
   * that the order they come in does not matter. The stories themselves
   * (a cache miss each) are checked afterwards, once per story found. */
  uint32_t p[QUERY_TERMS], w[QUERY_TERMS], live = nq;
  for (uint32_t t = 0; t < nq; t++) {
    p[t] = heads[t];
    /* w < 1.5 (norms keep 70% at least): 12 of them fit in 32 bits */
    w[t] = (uint32_t)(q[t].w * (float)(1u << 24));
  }
  for (uint32_t scanned = 0; live && scanned < POSTING_SCAN; scanned++) {
    live = 0;
    for (uint32_t t = 0; t < nq; t++) {
      if (!p[t]) continue;
      const px__post *e = &l->post[p[t] - 1];
      px__mark *m = &l->marks[e->story];
      if (m->stamp != l->stamp) {
        m->stamp = l->stamp;
        m->score = 0;
        if (px__grow((void **)&l->cand, &l->cap_cand, n + 1,
                          sizeof *l->cand))
          return 0;
        l->cand[n++].story = e->story;
      }
      m->score += w[t];
      p[t] = e->next;
      live += p[t] != 0;
    }
  }
  uint32_t kept = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t si = l->cand[i].story;
    const px__story *s = &l->stories[si];
    /* idle past the window: dormant, even before the sweep says so */
    if (!s->active || si == self || l->now - s->last_ts > l->opts.window)
      continue;
    l->cand[kept].story = si;
    l->cand[kept++].score = l->marks[si].score;
  }
  n = kept;
  if (n > MAX_CANDIDATES) {
    qsort(l->cand, n, sizeof *l->cand, by_score_desc);
    n = MAX_CANDIDATES;
  }
  for (uint32_t i = 0; i < n; i++) out[i] = l->cand[i].story;
  return n;
}

/* Replaces the story's label when this member's headline fits it better. */
static int label_offer(px__story *s, const char *h, size_t n, float score) {
  if (s->label && score <= s->label_score) return 0;
  char *copy = malloc(n + 1);
  if (!copy) return -1;
  memcpy(copy, h, n);
  copy[n] = 0;
  free(s->label);
  s->label = copy;
  s->label_score = score;
  return 0;
}

static int member_add(px__story *s, uint32_t art, int64_t ts) {
  if (px__grow((void **)&s->members, &s->cap_members, s->n_members + 1,
               sizeof *s->members))
    return -1;
  s->members[s->n_members++] = art;
  if (ts < s->first_ts) s->first_ts = ts;
  if (ts > s->last_ts) s->last_ts = ts;
  return 0;
}

static uint32_t story_new(px_linker *l, int64_t ts) {
  uint32_t had = l->cap_marks;
  if (px__grow((void **)&l->marks, &l->cap_marks, l->n_stories + 1,
                    sizeof *l->marks))
    return PX__NONE;
  memset(l->marks + had, 0, (l->cap_marks - had) * sizeof *l->marks);
  if (px__grow((void **)&l->stories, &l->cap_stories, l->n_stories + 1,
               sizeof *l->stories) ||
      px__grow((void **)&l->active, &l->cap_active, l->n_active + 1,
               sizeof *l->active))
    return PX__NONE;
  uint32_t si = l->n_stories++;
  px__story *s = &l->stories[si];
  memset(s, 0, sizeof *s);
  s->parent = si;
  s->first_ts = s->last_ts = ts;
  s->active = 1;
  s->norm = s->enorm = 1;
  l->active[l->n_active++] = si;
  return si;
}

double px__threshold(const px_linker *l, uint32_t n_words) {
  /* A headline shares a word or two with its story's centroid, a full
   * article dozens: the cosine of related texts grows with their length,
   * so the bar falls as 1/sqrt(length) below the full-article threshold. */
  double n = n_words < 3 ? 3 : n_words;
  return l->opts.threshold * (1.0 - 1.5 / sqrt(n));
}

/* The best active story for the current article and its similarity. */
static uint32_t best_story(px_linker *l, double *sim) {
  uint32_t cands[MAX_CANDIDATES];
  uint32_t n = candidates(l, l->feat.vec, l->feat.n_vec, PX__NONE, cands);
  uint32_t best = PX__NONE;
  *sim = 0;
  for (uint32_t i = 0; i < n; i++) {
    double c = cent_cosine(l->feat.vec, l->feat.n_vec, l->feat.n_ent,
                           &l->stories[cands[i]]);
    if (c > *sim || (c == *sim && best != PX__NONE && cands[i] < best)) {
      *sim = c;
      best = cands[i];
    }
  }
  return best;
}

uint32_t px__story_assign(px_linker *l, uint32_t art, uint32_t forced,
                          const char *headline, size_t headline_len) {
  px__art *a = &l->arts[art];
  double sim = 1;
  uint32_t si = PX__NONE;
  if (forced != PX__NONE && l->stories[forced].active) {
    si = forced;
    sim = cent_cosine(l->feat.vec, l->feat.n_vec, l->feat.n_ent,
                      &l->stories[si]);
  } else {
    si = best_story(l, &sim);
    if (si != PX__NONE && sim < px__threshold(l, l->feat.n_words))
      si = PX__NONE;
  }
  if (si == PX__NONE) {
    si = story_new(l, a->ts);
    sim = 1;
    if (si == PX__NONE) return PX__NONE;
  }
  px__cent *terms = feat_terms(l);
  if (!terms || cent_add(l, si, terms, l->feat.n_vec, 1) ||
      member_add(&l->stories[si], art, a->ts) ||
      label_offer(&l->stories[si], headline, headline_len,
                  l->stories[si].n_members == 1 ? 0.0f : (float)sim))
    return PX__NONE;
  a->story = si;
  a->similarity = (float)sim;
  return si;
}

static double cent_pair_cosine(const px__story *a, const px__story *b) {
  double dot[2] = {0, 0};
  uint32_t i = 0, j = 0;
  while (i < a->n_cent && j < b->n_cent) {
    if (a->cent[i].key < b->cent[j].key) i++;
    else if (a->cent[i].key > b->cent[j].key) j++;
    else {
      dot[a->cent[i].key & PX__ENT_BIT] += (double)a->cent[i].w * b->cent[j].w;
      i++, j++;
    }
  }
  return px__combine(dot[0] / ((double)a->norm * b->norm),
                     dot[1] / ((double)a->enorm * b->enorm), a->n_ent,
                     b->n_ent);
}

/* Moves story from into story into (members, centroid, dates). */
static int story_merge(px_linker *l, uint32_t from, uint32_t into,
                       double sim) {
  px__story *f = &l->stories[from];
  uint32_t from_size = f->n_members;
  for (uint32_t i = 0; i < f->n_members; i++)
    if (member_add(&l->stories[into], f->members[i], f->first_ts)) return -1;
  px__story *t = &l->stories[into];
  if (f->last_ts > t->last_ts) t->last_ts = f->last_ts;
  if (cent_add(l, into, f->cent, f->n_cent, 0)) return -1;
  f = &l->stories[from];
  free(f->cent);
  f->cent = NULL;
  f->n_cent = f->cap_cent = 0;
  f->active = 0;
  f->parent = into;
  if (px__grow((void **)&l->merges, &l->cap_merges, l->n_merges + 1,
               sizeof *l->merges))
    return -1;
  l->merges[l->n_merges++] = (px__merge){from, into, from_size, (float)sim};
  return 0;
}

/* The heaviest centroid terms of s as a query vector sorted by key. */
static uint32_t merge_query(const px__story *s, px__tw *q) {
  px__cent top[MERGE_TERMS];
  uint32_t n = 0;
  for (uint32_t i = 0; i < s->n_cent; i++) {
    if (s->cent[i].key & PX__ENT_BIT) continue; /* terms find partners */
    uint32_t j = n < MERGE_TERMS ? n++ : MERGE_TERMS;
    if (j == MERGE_TERMS && s->cent[i].w <= top[j - 1].w) continue;
    if (j == MERGE_TERMS) j--;
    while (j > 0 && top[j - 1].w < s->cent[i].w) {
      top[j] = top[j - 1];
      j--;
    }
    top[j] = s->cent[i];
  }
  qsort(top, n, sizeof *top, by_key);
  for (uint32_t i = 0; i < n; i++) {
    q[i].key = top[i].key;
    q[i].w = top[i].w / s->norm;
  }
  return n;
}

/* One pass over the active stories, oldest first: each is merged into its
 * most similar partner when their centroids' cosine clears opts.merge; the
 * smaller story moves into the larger (the older on a tie). */
static int merge_pass(px_linker *l) {
  for (uint32_t k = 0; k < l->n_active; k++) {
    uint32_t si = l->active[k];
    if (!l->stories[si].active) continue;
    px__tw q[MERGE_TERMS];
    uint32_t cands[MAX_CANDIDATES];
    uint32_t nq = merge_query(&l->stories[si], q);
    uint32_t n = candidates(l, q, nq, si, cands), best = PX__NONE;
    double best_sim = 0;
    for (uint32_t i = 0; i < n; i++) {
      double c = cent_pair_cosine(&l->stories[si], &l->stories[cands[i]]);
      if (c > best_sim || (c == best_sim && best != PX__NONE && cands[i] < best)) {
        best_sim = c;
        best = cands[i];
      }
    }
    if (best == PX__NONE || best_sim < l->opts.merge) continue;
    const px__story *a = &l->stories[si], *b = &l->stories[best];
    int a_into = a->n_members > b->n_members ||
                 (a->n_members == b->n_members && si < best);
    if (a_into ? story_merge(l, best, si, best_sim)
               : story_merge(l, si, best, best_sim))
      return -1;
    if (a_into) k--; /* si changed: give it another look */
  }
  return 0;
}

static void go_dormant(px_linker *l, px__story *s) {
  for (uint32_t i = 0; i < s->n_members; i++) {
    px__art *a = &l->arts[s->members[i]];
    free(a->sig);
    a->sig = NULL;
  }
  free(s->cent);
  s->cent = NULL;
  s->n_cent = s->cap_cent = 0;
  s->active = 0;
}

/* Drops merged stories from the active list, and idle ones unless final. */
static void prune_active(px_linker *l, int final) {
  uint32_t n = 0;
  for (uint32_t k = 0; k < l->n_active; k++) {
    px__story *s = &l->stories[l->active[k]];
    if (s->active && !final && l->now - s->last_ts > l->opts.window)
      go_dormant(l, s);
    if (s->active) l->active[n++] = l->active[k];
  }
  l->n_active = n;
}

static int rebuild_postings(px_linker *l) {
  px__hmap_clear(&l->postings_head);
  l->n_post = 0;
  for (uint32_t k = 0; k < l->n_active; k++) {
    const px__story *s = &l->stories[l->active[k]];
    for (uint32_t i = 0; i < s->n_cent; i++)
      if (!(s->cent[i].key & PX__ENT_BIT) &&
          post_add(l, s->cent[i].key, l->active[k]))
        return -1;
  }
  return 0;
}

px_status px__sweep(px_linker *l, int final) {
  prune_active(l, 0);
  for (uint32_t k = 0; k < l->n_active; k++)
    cent_refresh(l, &l->stories[l->active[k]], 1);
  if (merge_pass(l)) return PX_NOMEM;
  prune_active(l, final);
  if (rebuild_postings(l)) return PX_NOMEM;
  px__dupes_rebuild(l);
  l->adds_since_sweep = 0;
  return PX_OK;
}
