/* arts.c — the article table of the linker: one small record per article
 * (id, date, outlet, story, duplicate), for the whole stream or, with a
 * sink (stream.c), until the article leaves the window, and a live part
 * (term vector, MinHash signature, neighbour edges, headline) while the
 * article is inside the window. Articles come in date order, so the live
 * ones are the last of the table: expiring them walks from first_window
 * on and stops at the first article still inside; dropping records cuts
 * the front of the table (records base..n-1 are held). */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

static uint32_t outlet_intern(px__arts *t, const char *name) {
  if (!name || !*name) return PX__NONE;
  size_t n = strlen(name);
  int created;
  uint32_t *ix = px__hmap_put(&t->outlet_ix, px__hash(name, n), t->n_outlets,
                              &created);
  if (!ix) return PX__NONE;
  if (!created) return *ix;
  char *copy = malloc(n + 1);
  if (!copy || px__grow((void **)&t->outlets, &t->cap_outlets,
                        t->n_outlets + 1, sizeof *t->outlets)) {
    free(copy);
    *ix = PX__NONE;
    return PX__NONE;
  }
  memcpy(copy, name, n + 1);
  t->outlets[t->n_outlets] = copy;
  return t->n_outlets++;
}

void px__art_linked(const px__arts *t, uint32_t i, px_linked *out) {
  const px__art *a = px__art_at(t, i);
  *out = (px_linked){a->id, a->date,
                     a->outlet == PX__NONE ? NULL : t->outlets[a->outlet],
                     a->ts, a->story, a->dup_of,
                     a->dup_of == PX__NONE ? 0 : a->dup_jaccard, a->exact_dup,
                     a->similarity, a->n_revisions};
}

px_status px__arts_add(px__arts *t, const px_features *f) {
  if (px__grow((void **)&t->a, &t->cap, (size_t)(t->n - t->base) + 1,
               sizeof *t->a))
    return PX_NOMEM;
  px__art *r = &t->a[t->n - t->base];
  memset(r, 0, sizeof *r);
  r->id = strdup(f->id ? f->id : "");
  if (!r->id) return PX_NOMEM;
  /* a plain copy: snprintf cost more than the rest of the record */
  size_t dn = f->date ? strnlen(f->date, sizeof r->date - 1) : 0;
  memcpy(r->date, f->date ? f->date : "", dn);
  r->date[dn] = 0;
  r->ts = f->timestamp;
  r->outlet = outlet_intern(t, f->outlet);
  r->dup_of = PX__NONE;
  t->n++;
  return PX_OK;
}

int px__arts_make_live(px__arts *t, uint32_t i) {
  px__live *l = calloc(1, sizeof *l);
  if (!l) return -1;
  px__art_at(t, i)->live = l;
  return 0;
}

static void live_free(px__live *l) {
  if (!l) return;
  px__vec_free(&l->vec);
  free(l->headline);
  free(l);
}

uint32_t px__arts_expire(px__arts *t, int64_t cut) {
  while (t->first_window < t->n && px__art_at(t, t->first_window)->ts < cut) {
    px__art *a = px__art_at(t, t->first_window++);
    live_free(a->live);
    a->live = NULL;
  }
  return t->first_window;
}

static void record_free(const px__arts *t, uint32_t i) {
  px__art *a = px__art_at(t, i);
  if (i >= t->lent) {
    free(a->id);
    free(a->dup_id);
  }
  live_free(a->live);
}

void px__arts_drop(px__arts *t, uint32_t upto) {
  if (upto > t->first_window) upto = t->first_window;
  if (upto <= t->base) return;
  uint32_t k = upto - t->base;
  for (uint32_t i = t->base; i < upto; i++) record_free(t, i);
  memmove(t->a, t->a + k, (size_t)(t->n - upto) * sizeof *t->a);
  t->base = upto;
}

void px__arts_free(px__arts *t) {
  for (uint32_t i = t->base; i < t->n; i++) record_free(t, i);
  for (uint32_t i = 0; i < t->n_outlets; i++) free(t->outlets[i]);
  free(t->a);
  free(t->outlets);
  px__hmap_free(&t->outlet_ix);
  memset(t, 0, sizeof *t);
}
