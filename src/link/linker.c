/* linker.c — the public face of the link stage: px_linker_new, _add,
 * _finish and the read-out of articles, stories and merges. It keeps one
 * small record per article (id, date, outlet, story, duplicate) and hands
 * the deciding to dupes.c and stories.c. It reads feature records
 * (px_features), never an article's text. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define SWEEP_EVERY 4096 /* articles between sweeps */

static const px_linker_opts defaults = {
    .threshold = 0.25, .merge = 0.15, .dup_jaccard = 0.5,
    .window = 7 * 86400};

px_linker *px_linker_new(const px_linker_opts *opts) {
  px_linker *l = calloc(1, sizeof *l);
  if (!l) return NULL;
  l->opts = defaults;
  if (opts) {
    if (opts->threshold > 0) l->opts.threshold = opts->threshold;
    if (opts->merge > 0) l->opts.merge = opts->merge;
    if (opts->dup_jaccard > 0) l->opts.dup_jaccard = opts->dup_jaccard;
    if (opts->window > 0) l->opts.window = opts->window;
  }
  l->now = INT64_MIN;
  return l;
}

void px_linker_free(px_linker *l) {
  if (!l) return;
  for (uint32_t i = 0; i < l->n_arts; i++) {
    free(l->arts[i].id);
    free(l->arts[i].sig);
  }
  for (uint32_t i = 0; i < l->n_stories; i++) px__story_free(&l->stories[i]);
  for (uint32_t i = 0; i < l->n_outlets; i++) free(l->outlets[i]);
  free(l->arts);
  free(l->stories);
  free(l->active);
  free(l->post);
  free(l->marks);
  free(l->cand);
  free(l->cent_buf);
  free(l->feat_cent);
  free(l->outlets);
  free(l->merges);
  free(l->order);
  free(l->final_id);
  free(l->by_id);
  free(l->n_story_outlets);
  px__hmap_free(&l->postings_head);
  px__dupes_free(l);
  px__hmap_free(&l->exact);
  px__hmap_free(&l->outlet_ix);
  px__terms_free(&l->terms);
  px__features_free(&l->feat);
  free(l);
}

static uint32_t outlet_intern(px_linker *l, const char *name) {
  if (!name || !*name) return PX__NONE;
  size_t n = strlen(name);
  int created;
  uint32_t *ix = px__hmap_put(&l->outlet_ix, px__hash(name, n),
                             l->n_outlets, &created);
  if (!ix) return PX__NONE;
  if (!created) return *ix;
  char *copy = malloc(n + 1);
  if (!copy || px__grow((void **)&l->outlets, &l->cap_outlets,
                        l->n_outlets + 1, sizeof *l->outlets)) {
    free(copy);
    *ix = PX__NONE;
    return PX__NONE;
  }
  memcpy(copy, name, n + 1);
  l->outlets[l->n_outlets] = copy;
  return l->n_outlets++;
}

static px_status art_record(px_linker *l, const px_features *a) {
  if (px__grow((void **)&l->arts, &l->cap_arts, l->n_arts + 1,
               sizeof *l->arts))
    return PX_NOMEM;
  px__art *r = &l->arts[l->n_arts];
  memset(r, 0, sizeof *r);
  r->id = strdup(a->id ? a->id : "");
  if (!r->id) return PX_NOMEM;
  /* a plain copy: snprintf cost more than the rest of the record */
  size_t dn = a->date ? strnlen(a->date, sizeof r->date - 1) : 0;
  memcpy(r->date, a->date ? a->date : "", dn);
  r->date[dn] = 0;
  r->ts = a->timestamp;
  r->outlet = outlet_intern(l, a->outlet);
  r->story = r->dup_of = PX__NONE;
  l->n_arts++;
  return PX_OK;
}

/* The vector of an article into l->feat, the article counted in the
 * document frequencies when count is set. */
static px_status features(px_linker *l, const px_features *f, int count) {
  px_status st = px__vector_begin(&l->terms, &l->feat, f);
  if (st == PX_OK) st = px__vector_end(&l->terms, &l->feat, count);
  if (st != PX_OK) return st;
  memcpy(l->feat.sig, f->minhash, sizeof l->feat.sig);
  l->feat.n_shingles = f->n_shingles;
  return PX_OK;
}

/* Asks for the inverted index slots of the article's terms, which the
 * story search reads after the duplicate search: their cache misses
 * overlap each other and that work. */
static void prefetch_postings(const px_linker *l) {
  for (uint32_t i = 0; i < l->feat.n_vec; i++)
    if (!(l->feat.vec[i].key & PX__ENT_BIT))
      px__hmap_prefetch(&l->postings_head, l->feat.vec[i].key);
}

px_status px_linker_add(px_linker *l, const px_features *a) {
  if (l->finished) return PX_USAGE;
  px_status st = art_record(l, a);
  if (st != PX_OK) return st;
  uint32_t art = l->n_arts - 1;
  if (a->timestamp > l->now) l->now = a->timestamp;
  st = features(l, a, 1);
  if (st != PX_OK) return st;
  prefetch_postings(l);
  uint32_t forced = px__dupes_find(l, art);
  if (px__story_assign(l, art, forced, a->headline, strlen(a->headline)) ==
      PX__NONE)
    return PX_NOMEM;
  st = px__dupes_index(l, art);
  if (st == PX_OK && ++l->adds_since_sweep >= SWEEP_EVERY)
    st = px__sweep(l, 0);
  return st;
}

px_status px__linker_features(px_linker *l, const px_features *f) {
  return features(l, f, 0);
}
