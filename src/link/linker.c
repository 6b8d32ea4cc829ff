/* linker.c — the public face of the link stage: px_linker_new, _add and
 * _finish. It reads feature records (px_features), never an article's
 * text, and hands each part its job in turn (link_internal.h): the
 * article table, term statistics, near-duplicates, neighbours scored by
 * the join model, stories. The parts never call each other. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define SWEEP_EVERY 4096  /* articles between revisions */
#define MIN_FORCE_WORDS 6 /* shorter duplicates do not pull a story along */

static const px_linker_opts defaults = {
    .threshold = PX__TAU, .dup_jaccard = 0.5, .window = 7 * 86400,
    .horizon = 2 * 86400};

px_linker *px_linker_new(const px_linker_opts *opts) {
  px_linker *l = calloc(1, sizeof *l);
  if (!l) return NULL;
  l->opts = defaults;
  if (opts) {
    if (opts->threshold > 0) l->opts.threshold = opts->threshold;
    if (opts->dup_jaccard > 0) l->opts.dup_jaccard = opts->dup_jaccard;
    if (opts->window > 0) l->opts.window = opts->window;
    if (opts->horizon > 0) l->opts.horizon = opts->horizon;
    l->opts.pairs = opts->pairs;
    l->opts.model = opts->model;
    l->opts.sink = opts->sink;
  }
  if (l->opts.horizon > l->opts.window) l->opts.horizon = l->opts.window;
  px__model_default(&l->model);
  if (l->opts.model) l->model = l->opts.model->m;
  l->nb.model = &l->model;
  l->nb.pairs = l->opts.pairs;
  l->nb.window = l->opts.window;
  if (l->nb.pairs) { /* the header of the pair file */
    fputs("#id_a\tid_b\tprobability", l->nb.pairs);
    for (int k = 0; k < PX__N_FEATURES; k++)
      fprintf(l->nb.pairs, "\t%s", px__feature_name(k));
    fputc('\n', l->nb.pairs);
  }
  l->st.tau = l->opts.threshold;
  l->out.sink = l->opts.sink;
  l->now = INT64_MIN;
  return l;
}

void px_linker_free(px_linker *l) {
  if (!l) return;
  px__stream_free(&l->out, &l->st);
  px__stories_free(&l->st);
  px__neighbors_free(&l->nb);
  px__dupes_free(&l->dupes);
  px__arts_free(&l->arts);
  px__terms_free(&l->terms);
  px__vec_free(&l->cur);
  free(l->order);
  free(l->n_story_outlets);
  free(l->absorbed_into);
  free(l);
}

/* Sets article i's duplicate, if it has one among the live articles: the
 * canonical copy of the one found, or that one itself when its canonical
 * left the window. -1 when out of memory. */
static int duplicates(px_linker *l, uint32_t i, const px_features *f) {
  double jac;
  int exact;
  uint32_t j = px__dupes_find(&l->dupes, &l->arts, i, f->content, f->n_words,
                              l->opts.dup_jaccard, &jac, &exact);
  if (j == PX__NONE) return 0;
  px__art *a = px__art_at(&l->arts, i);
  const px__art *c = px__art_at(&l->arts, j);
  a->dup_of = c->dup_of != PX__NONE && c->dup_of >= l->arts.first_window
                  ? c->dup_of
                  : j;
  a->dup_jaccard = (float)jac;
  a->exact_dup = (uint8_t)exact;
  a->forced = f->n_words >= MIN_FORCE_WORDS;
  if (l->out.sink &&
      !(a->dup_id = strdup(px__art_at(&l->arts, a->dup_of)->id)))
    return -1;
  return 0;
}

static px_status sweep(px_linker *l, int final) {
  px__arts_expire(&l->arts, final ? INT64_MIN : l->now - l->opts.window);
  px_status st = px__stories_revise(&l->st, &l->arts, l->now,
                                    final ? INT64_MAX
                                          : l->now - l->opts.horizon);
  if (st != PX_OK) return st;
  if (l->out.sink) {
    st = px__stream_sweep(&l->out, &l->st, &l->arts, final);
    if (st != PX_OK) return st;
  }
  px__dupes_compact(&l->dupes, &l->arts);
  l->adds_since_sweep = 0;
  return px__neighbors_compact(&l->nb, &l->arts);
}

px_status px_linker_add(px_linker *l, const px_features *f) {
  if (l->finished) return PX_USAGE;
  px_status st = px__arts_add(&l->arts, f);
  if (st != PX_OK) return st;
  uint32_t i = l->arts.n - 1;
  if (f->timestamp > l->now) l->now = f->timestamp;
  if (px__arts_make_live(&l->arts, i)) return PX_NOMEM;
  px__live *live = px__art_at(&l->arts, i)->live;
  st = px__vector(&l->terms, f, 1, &l->cur);
  if (st != PX_OK) return st;
  if (px__vec_copy(&live->vec, &l->cur)) return PX_NOMEM;
  memcpy(live->sig, f->minhash, sizeof live->sig);
  live->n_shingles = f->n_shingles;
  live->headline = px__label_of(f);
  if (!live->headline) return PX_NOMEM;
  if (duplicates(l, i, f)) return PX_NOMEM;
  st = px__neighbors_link(&l->nb, &l->arts, i);
  if (st == PX_OK) st = px__stories_join(&l->st, &l->arts, i);
  if (st == PX_OK) st = px__dupes_add(&l->dupes, &l->arts, i, f->content,
                                      f->n_words);
  if (st == PX_OK && ++l->adds_since_sweep >= SWEEP_EVERY) st = sweep(l, 0);
  return st;
}
