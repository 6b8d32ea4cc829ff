/* eval_clusters.c — clustering scores as tools/score_clusters.py defines
 * them: B-cubed precision/recall/F1, pair-counting precision/recall/F1,
 * NMI (arithmetic mean of entropies, natural log) and the adjusted Rand
 * index, all from contingency counts in O(n). */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

static double f1(double p, double r) { return p + r == 0 ? 0 : 2 * p * r / (p + r); }

typedef struct counts {
  px__hmap cells;      /* (gold, pred) -> index into cell_n */
  uint64_t *cell_n, *a, *b;
  uint32_t *cell_g, *cell_p;
  uint32_t n_cells, na, nb;
  size_t cap_cells;
} counts;

static double comb2(uint64_t c) { return (double)c * (double)(c - (c > 0)) / 2; }

static void bcubed_pairs(const counts *c, size_t n, px_cluster_scores *o) {
  double bp = 0, br = 0, tp = 0, pp = 0, gp = 0;
  for (uint32_t i = 0; i < c->n_cells; i++) {
    double x = (double)c->cell_n[i];
    bp += x * x / (double)c->b[c->cell_p[i]];
    br += x * x / (double)c->a[c->cell_g[i]];
    tp += comb2(c->cell_n[i]);
  }
  for (uint32_t j = 0; j < c->nb; j++) pp += comb2(c->b[j]);
  for (uint32_t i = 0; i < c->na; i++) gp += comb2(c->a[i]);
  o->bcubed_p = bp / (double)n;
  o->bcubed_r = br / (double)n;
  o->bcubed_f1 = f1(o->bcubed_p, o->bcubed_r);
  o->pair_p = pp ? tp / pp : 1.0;
  o->pair_r = gp ? tp / gp : 1.0;
  o->pair_f1 = f1(o->pair_p, o->pair_r);
}

static double entropy(const uint64_t *s, uint32_t k, double n) {
  double h = 0, logn = log(n);
  for (uint32_t i = 0; i < k; i++)
    if (s[i]) h -= (double)s[i] / n * (log((double)s[i]) - logn);
  return h;
}

static void nmi_ari(const counts *c, size_t n, px_cluster_scores *o) {
  double dn = (double)n, logn = log(dn), mi = 0;
  if (c->na == 1 && c->nb == 1) o->nmi = 1;
  else if (c->na == 1 || c->nb == 1) o->nmi = 0;
  else {
    for (uint32_t i = 0; i < c->n_cells; i++) {
      double x = (double)c->cell_n[i];
      double t = x / dn * (log(x) + logn - log((double)c->a[c->cell_g[i]]) -
                           log((double)c->b[c->cell_p[i]]));
      if (fabs(t) >= DBL_EPSILON) mi += t;
    }
    if (mi < 0) mi = 0;
    o->nmi = mi == 0 ? 0
                     : mi / ((entropy(c->a, c->na, dn) +
                              entropy(c->b, c->nb, dn)) / 2);
  }
  double sum_sq = 0, sa = 0, sb = 0;
  for (uint32_t i = 0; i < c->n_cells; i++)
    sum_sq += (double)c->cell_n[i] * (double)c->cell_n[i];
  for (uint32_t i = 0; i < c->na; i++) sa += (double)c->a[i] * (double)c->a[i];
  for (uint32_t j = 0; j < c->nb; j++) sb += (double)c->b[j] * (double)c->b[j];
  double tp = sum_sq - dn, fp = sb - sum_sq, fn = sa - sum_sq;
  double tn = dn * dn - fp - fn - sum_sq;
  o->ari = (fn == 0 && fp == 0)
               ? 1.0
               : 2.0 * (tp * tn - fn * fp) /
                     ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

static int count_pair(counts *c, uint32_t g, uint32_t p) {
  int created;
  uint32_t *ix = px__hmap_put(&c->cells, ((uint64_t)g << 32 | p) + 1,
                              c->n_cells, &created);
  if (!ix) return -1;
  if (created) {
    size_t cap = c->cap_cells;
    if (px__grow((void **)&c->cell_n, &cap, c->n_cells + 1,
                      sizeof *c->cell_n))
      return -1;
    cap = c->cap_cells;
    if (px__grow((void **)&c->cell_g, &cap, c->n_cells + 1,
                      sizeof *c->cell_g))
      return -1;
    cap = c->cap_cells;
    if (px__grow((void **)&c->cell_p, &cap, c->n_cells + 1,
                      sizeof *c->cell_p))
      return -1;
    c->cap_cells = cap;
    c->cell_n[c->n_cells] = 0;
    c->cell_g[c->n_cells] = g;
    c->cell_p[c->n_cells++] = p;
  }
  c->cell_n[*ix]++;
  if (g >= c->na) c->na = g + 1;
  if (p >= c->nb) c->nb = p + 1;
  return 0;
}

static void counts_free(counts *c) {
  px__hmap_free(&c->cells);
  free(c->cell_n);
  free(c->cell_g);
  free(c->cell_p);
  free(c->a);
  free(c->b);
}

/* Labels are renumbered densely first so that sizes fit in arrays. */
static int dense(const uint32_t *in, size_t n, uint32_t *out, px__hmap *m) {
  for (size_t i = 0; i < n; i++) {
    uint32_t *v = px__hmap_put(m, (uint64_t)in[i] + 1, (uint32_t)m->n, NULL);
    if (!v) return -1;
    out[i] = *v;
  }
  return 0;
}

static void score_dense(const uint32_t *g, const uint32_t *p, size_t n,
                        px_cluster_scores *out) {
  counts c = {0};
  for (size_t i = 0; i < n; i++)
    if (count_pair(&c, g[i], p[i])) goto done;
  c.a = calloc(c.na + 1, sizeof *c.a);
  c.b = calloc(c.nb + 1, sizeof *c.b);
  if (!c.a || !c.b) goto done;
  for (uint32_t i = 0; i < c.n_cells; i++) {
    c.a[c.cell_g[i]] += c.cell_n[i];
    c.b[c.cell_p[i]] += c.cell_n[i];
  }
  out->gold_clusters = c.na;
  out->pred_clusters = c.nb;
  bcubed_pairs(&c, n, out);
  nmi_ari(&c, n, out);
done:
  counts_free(&c);
}

void px_cluster_score(const uint32_t *gold, const uint32_t *pred, size_t n,
                      px_cluster_scores *out) {
  memset(out, 0, sizeof *out);
  out->items = n;
  if (!n) return;
  px__hmap mg = {0}, mp = {0};
  uint32_t *g = malloc(n * sizeof *g), *p = malloc(n * sizeof *p);
  if (g && p && !dense(gold, n, g, &mg) && !dense(pred, n, p, &mp))
    score_dense(g, p, n, out);
  free(g);
  free(p);
  px__hmap_free(&mg);
  px__hmap_free(&mp);
}

typedef struct tsv {
  FILE *f;
  const char *path;
  char *line;
  size_t cap;
  uint64_t lineno;
  char *id, *label;
} tsv;

/* Next "id<TAB>label" line: 1, 0 at the end, -1 on a malformed line (the
 * message is in err). Blank lines are skipped, CR and a BOM stripped. */
static int tsv_next(tsv *t, char *err, size_t errlen) {
  for (;;) {
    ssize_t n = getline(&t->line, &t->cap, t->f);
    if (n < 0) return 0;
    t->lineno++;
    char *s = t->line;
    if (t->lineno == 1 && !strncmp(s, "\xEF\xBB\xBF", 3)) s += 3, n -= 3;
    while (n > 0 && (s[n - 1] == '\n')) s[--n] = 0;
    if (n > 0 && s[n - 1] == '\r') s[--n] = 0;
    if (strspn(s, " \t\r\f\v") == (size_t)n) continue;
    char *tab = strchr(s, '\t');
    if (!tab) {
      snprintf(err, errlen, "%s:%llu: expected \"id<TAB>label\"", t->path,
               (unsigned long long)t->lineno);
      return -1;
    }
    *tab = 0;
    t->id = s;
    t->label = tab + 1;
    return 1;
  }
}

static uint64_t key_of(const char *s) { return px__hash(s, strlen(s)) | 1; }

typedef struct items {
  px__hmap ids, glabels, plabels, extra;
  uint32_t *gold, *pred;
  uint8_t *seen;
  uint32_t n;
  size_t cap, cap_p, cap_s;
} items;

static px_status read_gold(tsv *t, items *it, char *err, size_t errlen) {
  int r, created;
  while ((r = tsv_next(t, err, errlen)) > 0) {
    uint32_t *ix = px__hmap_put(&it->ids, key_of(t->id), it->n, &created);
    uint32_t *lab = px__hmap_put(&it->glabels, key_of(t->label),
                                 (uint32_t)it->glabels.n, NULL);
    if (!ix || !lab || px__grow((void **)&it->gold, &it->cap, it->n + 1,
                                     sizeof *it->gold))
      return PX_NOMEM;
    if (!created) {
      snprintf(err, errlen, "%s:%llu: duplicate id '%s'", t->path,
               (unsigned long long)t->lineno, t->id);
      return PX_USAGE;
    }
    it->gold[it->n++] = *lab;
  }
  return r < 0 ? PX_USAGE : PX_OK;
}

static px_status read_pred(tsv *t, items *it, px_cluster_scores *out,
                           char *err, size_t errlen) {
  int r, created;
  while ((r = tsv_next(t, err, errlen)) > 0) {
    uint32_t *ix = px__hmap_get(&it->ids, key_of(t->id));
    if (!ix) {
      if (!px__hmap_put(&it->extra, key_of(t->id), 0, &created))
        return PX_NOMEM;
      if (created) { out->extra_in_pred++; continue; }
    } else if (!it->seen[*ix]) {
      uint32_t *lab = px__hmap_put(&it->plabels, key_of(t->label),
                                   (uint32_t)it->plabels.n, NULL);
      if (!lab) return PX_NOMEM;
      it->seen[*ix] = 1;
      it->pred[*ix] = *lab;
      continue;
    }
    snprintf(err, errlen, "%s:%llu: duplicate id '%s'", t->path,
             (unsigned long long)t->lineno, t->id);
    return PX_USAGE;
  }
  return r < 0 ? PX_USAGE : PX_OK;
}

static px_status open_tsv(tsv *t, const char *path, char *err, size_t len) {
  t->path = path;
  t->f = fopen(path, "rb");
  if (t->f) return PX_OK;
  snprintf(err, len, "cannot open %s: %s", path, strerror(errno));
  return PX_NOT_FOUND;
}

px_status px_cluster_score_files(const char *gold, const char *pred,
                                 px_cluster_scores *out, char *err,
                                 size_t errlen) {
  memset(out, 0, sizeof *out);
  if (errlen) err[0] = 0;
  tsv tg = {0}, tp = {0};
  items it = {0};
  px_status st = open_tsv(&tg, gold, err, errlen);
  if (st == PX_OK) st = read_gold(&tg, &it, err, errlen);
  if (st == PX_OK && !it.n) {
    snprintf(err, errlen, "%s: no gold items to score", gold);
    st = PX_EMPTY;
  }
  if (st == PX_OK) {
    it.pred = calloc(it.n, sizeof *it.pred);
    it.seen = calloc(it.n, 1);
    st = it.pred && it.seen ? open_tsv(&tp, pred, err, errlen) : PX_NOMEM;
  }
  size_t extra = 0;
  if (st == PX_OK) st = read_pred(&tp, &it, out, err, errlen);
  if (st == PX_OK) {
    extra = out->extra_in_pred;
    size_t missing = 0;
    uint32_t next = (uint32_t)it.plabels.n;
    for (uint32_t i = 0; i < it.n; i++)
      if (!it.seen[i]) it.pred[i] = next++, missing++;
    px_cluster_score(it.gold, it.pred, it.n, out);
    out->missing_in_pred = missing;
    out->extra_in_pred = extra;
  }
  if (tg.f) fclose(tg.f);
  if (tp.f) fclose(tp.f);
  free(tg.line);
  free(tp.line);
  free(it.gold);
  free(it.pred);
  free(it.seen);
  px__hmap_free(&it.ids);
  px__hmap_free(&it.glabels);
  px__hmap_free(&it.plabels);
  px__hmap_free(&it.extra);
  return st;
}
