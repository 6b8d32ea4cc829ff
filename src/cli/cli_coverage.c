/* cli_coverage.c — what `parallax diff` and the run report share about
 * how a story's coverage differs: the feature records kept (with their
 * text) by linker index while the pipeline runs, a story's records in
 * linking order for px_coverage_compute, the story's outlets, and whether
 * every outlet carries a fact (one outlet alone: px_fact_alone). */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

int cli_records_keep(const px_features *f, size_t index, void *user) {
  cli_records *r = user;
  if (index >= r->cap) {
    size_t c = r->cap ? r->cap * 2 : 64;
    while (c <= index) c *= 2;
    px_features *g = realloc(r->recs, c * sizeof *g);
    if (!g) return -1;
    memset(g + r->cap, 0, (c - r->cap) * sizeof *g);
    r->recs = g, r->cap = c;
  }
  if (index >= r->n) r->n = index + 1;
  return px_features_copy(&r->recs[index], f) != PX_OK;
}

void cli_records_free(cli_records *r) {
  for (size_t i = 0; i < r->n; i++) px_features_clear(&r->recs[i]);
  free(r->recs);
  free(r->arts);
  memset(r, 0, sizeof *r);
}

px_status cli_story_coverage(cli_records *r, px_coverer *c, const px_story *s,
                             px_coverage *cv, size_t *n_arts) {
  *n_arts = 0;
  const px_features **g = realloc(r->arts, (s->size ? s->size : 1) * sizeof *g);
  if (!g) return PX_NOMEM;
  r->arts = g;
  size_t n = 0;
  for (size_t m = 0; m < s->size; m++)
    if (s->members[m] < r->n) g[n++] = &r->recs[s->members[m]];
  px_status st = px_coverage_compute(c, g, n, cv);
  *n_arts = n > PX_COVERAGE_MAX_ARTICLES ? PX_COVERAGE_MAX_ARTICLES : n;
  return st;
}

size_t cli_outlets(const px_features *const *a, size_t n, const char **out) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    size_t j = 0;
    while (j < k && strcmp(out[j], px_coverage_outlet(a[i]))) j++;
    if (j == k) out[k++] = px_coverage_outlet(a[i]);
  }
  return k;
}

int cli_fact_by_all(const px_coverage *cv, const px_fact *f,
                    const px_features *const *a, const char **outs,
                    size_t no) {
  for (size_t o = 0; o < no; o++) {
    int has = !strcmp(px_coverage_outlet(a[f->article]), outs[o]);
    for (uint32_t k = 0; k < f->n_carried && !has; k++)
      has = !strcmp(px_coverage_outlet(a[cv->carried[f->carried_begin + k]]), outs[o]);
    if (!has) return 0;
  }
  return 1;
}
