/* neighbors.c — the nearest earlier articles of each article, and the
 * probability that each tells the same story.
 *
 * An inverted index maps each of an article's heaviest terms to the
 * articles inside the window that have it (chains, newest first). A new
 * article walks the chains of its heaviest terms side by side, a bounded
 * number of entries each, sums the weights it shares with each article
 * found, scores the best PX__CANDIDATES of them exactly with the join
 * model (model.c) over the pair features below, and keeps the PX__K most
 * probable as its edges. Work per article is bounded whatever the
 * stream's density; entries of expired articles are skipped and dropped
 * when the index is rebuilt. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define QUERY_TERMS 16   /* heaviest terms of an article that look */
#define INDEX_TERMS 48   /* heaviest terms under which it is found */
#define POSTING_SCAN 64  /* newest entries read per term */
#define COMPACT_MIN 65536

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

void px__pair_features(const px__art *a, const px__art *b, float *x) {
  const px__vec *va = &a->live->vec, *vb = &b->live->vec;
  double dw = 0, dt = 0, dl = 0, de = 0, top = 0, dk[2] = {0, 0};
  uint32_t shared = 0, shared_num = 0, i = 0, j = 0;
  while (i < va->n && j < vb->n) {
    const px__tw *p = &va->v[i], *q = &vb->v[j];
    if (p->key != q->key) { /* most steps: advance without a branch */
      int lt = p->key < q->key;
      i += lt;
      j += !lt;
      continue;
    }
    int kind = (p->key & PX__ENT_BIT) != 0;
    if (p->w >= va->kmin[kind] && q->w >= vb->kmin[kind])
      dk[kind] += (double)p->w * q->w;
    if (kind) {
      de += (double)p->w * q->w;
    } else {
      dw += (double)p->w * q->w;
      dt += (double)p->t * q->t;
      dl += (double)p->l * q->l;
      double m = p->w < q->w ? p->w : q->w;
      if (m > top) top = m;
      shared++;
      shared_num += (p->key & PX__NUM_BIT) != 0;
    }
    i++, j++;
  }
  const double one = (double)PX__ZONE_ONE * PX__ZONE_ONE;
  uint32_t ne = va->n_ent < vb->n_ent ? va->n_ent : vb->n_ent;
  uint32_t nn = va->n_num < vb->n_num ? va->n_num : vb->n_num;
  double conf = ne >= 8 ? 1.0 : ne / 8.0;
  int64_t gap = a->ts > b->ts ? a->ts - b->ts : b->ts - a->ts;
  x[PX__F_cos_all] = (float)dw;
  x[PX__F_cos_title] = (float)(dt / one);
  x[PX__F_cos_lead] = (float)(dl / one);
  x[PX__F_cos_ent] = (float)de;
  x[PX__F_cos_key] = (float)(dk[0] / ((double)va->kn[0] * vb->kn[0]));
  x[PX__F_cos_keyname] = (float)(dk[1] / ((double)va->kn[1] * vb->kn[1]));
  x[PX__F_ent_conf] = (float)conf;
  x[PX__F_ent_clash] = (float)(conf * (1.0 - (de > 1 ? 1 : de)));
  x[PX__F_num_agree] = nn ? (float)shared_num / nn : 0;
  x[PX__F_num_clash] = nn && !shared_num ? 1.0f : 0.0f;
  x[PX__F_gap] = (float)(log1p((double)gap / 3600.0) / log(169.0));
  x[PX__F_jaccard] = a->live->n_shingles && b->live->n_shingles
                         ? (float)px_minhash_jaccard(a->live->sig, b->live->sig)
                         : 0;
  x[PX__F_top_shared] = (float)top;
  x[PX__F_n_shared] = shared >= 8 ? 1.0f : shared / 8.0f;
}

/* The heaviest content terms of v (at most k) into q, heaviest first. */
static uint32_t heaviest(const px__vec *v, px__tw *q, uint32_t k) {
  uint32_t n = 0;
  for (uint32_t t = 0; t < v->n; t++) {
    const px__tw *x = &v->v[t];
    if (x->key & PX__ENT_BIT) continue;
    uint32_t j = n < k ? n++ : k;
    if (j == k && x->w <= q[k - 1].w) continue;
    if (j == k) j--;
    while (j > 0 && q[j - 1].w < x->w) {
      q[j] = q[j - 1];
      j--;
    }
    q[j] = *x;
  }
  return n;
}

static int post_add(px__neighbors *nb, uint64_t key, uint32_t art) {
  if (px__grow((void **)&nb->post, &nb->cap_post, (size_t)nb->n_post + 1,
               sizeof *nb->post))
    return -1;
  uint32_t *head = px__hmap_put(&nb->head, key, 0, NULL);
  if (!head) return -1;
  nb->post[nb->n_post] = (px__post){art, *head};
  *head = ++nb->n_post;
  return 0;
}

static int index_article(px__neighbors *nb, const px__arts *t, uint32_t i) {
  px__tw q[INDEX_TERMS];
  uint32_t n = heaviest(&px__art_at(t, i)->live->vec, q, INDEX_TERMS);
  for (uint32_t k = 0; k < n; k++)
    if (post_add(nb, q[k].key, i)) return -1;
  return 0;
}

typedef struct scored {
  uint32_t art;
  uint32_t score;
} scored;

static int by_score(const scored *a, const scored *b) {
  if (a->score != b->score) return a->score < b->score ? 1 : -1;
  return a->art < b->art ? 1 : a->art > b->art ? -1 : 0; /* newer first */
}

/* Articles of the window sharing heavy terms with i, the best
 * PX__CANDIDATES first; returns how many (in nb->cand). */
static uint32_t candidates(px__neighbors *nb, const px__arts *t, uint32_t i) {
  px__tw q[QUERY_TERMS];
  const px__art *me = px__art_at(t, i);
  uint32_t nq = heaviest(&me->live->vec, q, QUERY_TERMS);
  uint32_t p[QUERY_TERMS], w[QUERY_TERMS], live = 0, n = 0;
  for (uint32_t k = 0; k < nq; k++) {
    const uint32_t *head = px__hmap_get(&nb->head, q[k].key);
    p[k] = head ? *head : 0;
    live += p[k] != 0;
    /* weights below 1 in fixed point: 12 of them fit in 32 bits */
    w[k] = (uint32_t)(q[k].w * (float)(1u << 24));
  }
  if (px__grow((void **)&nb->mark, &nb->cap_mark,
               (size_t)(t->n - t->base) + 1, sizeof *nb->mark))
    return 0;
  uint32_t stamp = ++nb->stamp, base = t->base;
  if (!stamp || nb->mark_base != base) {
    /* wrapped, or the records moved: no mark may look current */
    memset(nb->mark, 0, nb->cap_mark * sizeof *nb->mark);
    stamp = nb->stamp = 1;
    nb->mark_base = base;
  }
  /* the chains side by side, so that their cache misses overlap: each
   * round asks for the next entry of every chain and for the marks of the
   * articles it found before it reads them. Sums in fixed point do not
   * depend on the order they come in; articles are listed in the order
   * they are first met. */
  for (uint32_t k = 0; k < nq; k++)
    if (p[k]) PREFETCH(&nb->post[p[k] - 1]);
  for (uint32_t scanned = 0; live && scanned < POSTING_SCAN; scanned++) {
    uint32_t found[QUERY_TERMS], add[QUERY_TERMS], nf = 0;
    live = 0;
    for (uint32_t k = 0; k < nq; k++) {
      if (!p[k]) continue;
      const px__post *e = &nb->post[p[k] - 1];
      p[k] = e->next;
      if (p[k]) PREFETCH(&nb->post[p[k] - 1]);
      live += p[k] != 0;
      if (e->art < t->first_window || e->art == i) continue;
      PREFETCH(&nb->mark[e->art - base]);
      found[nf] = e->art;
      add[nf++] = w[k];
    }
    for (uint32_t r = 0; r < nf; r++) {
      uint64_t *m = &nb->mark[found[r] - base];
      if ((uint32_t)(*m >> 32) != stamp) {
        if (px__grow((void **)&nb->cand, &nb->cap_cand, (size_t)n + 1,
                     sizeof *nb->cand))
          return 0;
        nb->cand[n++] = found[r];
        *m = (uint64_t)stamp << 32;
      }
      *m += add[r];
    }
  }
  /* not yet expired, but out of this article's window */
  uint32_t kept = 0;
  for (uint32_t k = 0; k < n; k++)
    if (px__art_at(t, nb->cand[k])->ts >= me->ts - nb->window)
      nb->cand[kept++] = nb->cand[k];
  n = kept;
  if (n > PX__CANDIDATES) {
    /* the best PX__CANDIDATES in by_score order, kept sorted as the
     * others stream past: no sort of all of them */
    scored best[PX__CANDIDATES];
    uint32_t nbest = 0;
    for (uint32_t k = 0; k < n; k++) {
      scored x = {nb->cand[k], (uint32_t)nb->mark[nb->cand[k] - base]};
      if (nbest == PX__CANDIDATES &&
          by_score(&x, &best[PX__CANDIDATES - 1]) >= 0)
        continue;
      uint32_t j = nbest < PX__CANDIDATES ? nbest++ : PX__CANDIDATES - 1;
      while (j > 0 && by_score(&x, &best[j - 1]) < 0) {
        best[j] = best[j - 1];
        j--;
      }
      best[j] = x;
    }
    for (uint32_t k = 0; k < PX__CANDIDATES; k++) nb->cand[k] = best[k].art;
    n = PX__CANDIDATES;
  }
  return n;
}

static int write_pair(FILE *f, const px__art *a, const px__art *b, double pr,
                      const float *x) {
  fprintf(f, "%s\t%s\t%.4f", a->id, b->id, pr);
  for (int k = 0; k < PX__N_FEATURES; k++) fprintf(f, "\t%.4f", x[k]);
  return fputc('\n', f) == EOF ? -1 : 0;
}

px_status px__neighbors_link(px__neighbors *nb, px__arts *t, uint32_t i) {
  px__art *a = px__art_at(t, i);
  px__live *me = a->live;
  uint32_t n = candidates(nb, t, i);
  me->n_edges = 0;
  /* the candidates' parts are far apart in memory: ask for them all
   * first, so that their cache misses overlap */
  for (uint32_t k = 0; k < n; k++)
    PREFETCH(px__art_at(t, nb->cand[k])->live);
  for (uint32_t k = 0; k < n; k++) {
    const px__live *o = px__art_at(t, nb->cand[k])->live;
    PREFETCH(o->vec.v);
    PREFETCH(o->vec.v + 4);
    PREFETCH(o->sig);
  }
  for (uint32_t k = 0; k < n; k++) {
    const px__art *b = px__art_at(t, nb->cand[k]);
    float x[PX__N_FEATURES];
    px__pair_features(a, b, x);
    double pr = px__model_prob(nb->model, x);
    if (nb->pairs && write_pair(nb->pairs, a, b, pr, x)) return PX_IO;
    /* insert by probability, ties to the newer article */
    px__edge e = {nb->cand[k], (float)pr};
    uint32_t j = me->n_edges < PX__K ? me->n_edges++ : PX__K;
    if (j == PX__K) {
      const px__edge *last = &me->edge[PX__K - 1];
      if (e.p < last->p || (e.p == last->p && e.to < last->to)) continue;
      j--;
    }
    while (j > 0 && (me->edge[j - 1].p < e.p ||
                     (me->edge[j - 1].p == e.p && me->edge[j - 1].to < e.to))) {
      me->edge[j] = me->edge[j - 1];
      j--;
    }
    me->edge[j] = e;
  }
  return index_article(nb, t, i) ? PX_NOMEM : PX_OK;
}

px_status px__neighbors_compact(px__neighbors *nb, const px__arts *t) {
  size_t live = (size_t)(t->n - t->first_window) * INDEX_TERMS;
  if (nb->n_post < 2 * live + COMPACT_MIN) return PX_OK;
  px__hmap_clear(&nb->head);
  nb->n_post = 0;
  for (uint32_t i = t->first_window; i < t->n; i++)
    if (px__art_at(t, i)->live && index_article(nb, t, i)) return PX_NOMEM;
  return PX_OK;
}

void px__neighbors_free(px__neighbors *nb) {
  px__hmap_free(&nb->head);
  free(nb->post);
  free(nb->mark);
  free(nb->cand);
  memset(nb, 0, sizeof *nb);
}
