/* linker_out.c — the end of the stream and the read-out: the last
 * revision, stories ranked by size, articles, outlets, the stories
 * absorbed and every revision. Story ids are those given when each story
 * was created: stable, but with gaps where a story was absorbed. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

static const px_linker *sort_ctx; /* for by_size: qsort has no context */
static int by_size(const void *x, const void *y) {
  uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
  uint32_t na = sort_ctx->st.s[a - 1].n_members,
           nb = sort_ctx->st.s[b - 1].n_members;
  if (na != nb) return na < nb ? 1 : -1;
  return a < b ? -1 : a > b;
}

/* Ranks the stories that kept members and counts their outlets. */
static px_status rank_stories(px_linker *l) {
  const px__stories *s = &l->st;
  l->order = malloc(((size_t)s->n + 1) * sizeof *l->order);
  l->n_story_outlets = calloc((size_t)s->n + 1, sizeof *l->n_story_outlets);
  uint32_t *stamp = calloc((size_t)l->arts.n_outlets + 1, sizeof *stamp);
  if (!l->order || !l->n_story_outlets || !stamp) {
    free(stamp);
    return PX_NOMEM;
  }
  for (uint32_t k = 0; k < s->n; k++) {
    const px__story *st = &s->s[k];
    if (!st->n_members) continue;
    l->order[l->n_final++] = k + 1;
    for (uint32_t m = 0; m < st->n_members; m++) {
      uint32_t o = px__art_at(&l->arts, st->members[m])->outlet;
      if (o == PX__NONE || stamp[o] == k + 1) continue;
      stamp[o] = k + 1;
      l->n_story_outlets[k]++;
    }
  }
  free(stamp);
  l->absorbed_into = calloc((size_t)s->n + 1, sizeof *l->absorbed_into);
  if (!l->absorbed_into) return PX_NOMEM;
  for (uint32_t k = 0; k < s->n_rev; k++) {
    const px__revision *r = &s->rev[k];
    if (r->art == PX__NONE && !s->s[r->from - 1].n_members)
      l->absorbed_into[r->from - 1] = r->to;
  }
  sort_ctx = l;
  qsort(l->order, l->n_final, sizeof *l->order, by_size);
  sort_ctx = NULL;
  return PX_OK;
}

px_status px_linker_finish(px_linker *l) {
  if (l->finished) return PX_OK;
  px_status st = px__stories_revise(&l->st, &l->arts, l->now, INT64_MAX);
  if (l->out.sink) { /* everything was handed on: nothing to rank */
    if (st == PX_OK) st = px__stream_sweep(&l->out, &l->st, &l->arts, 1);
    if (st == PX_OK) l->finished = 1;
    px__arts_expire(&l->arts, INT64_MAX);
    return st;
  }
  if (st == PX_OK) st = px__stories_members(&l->st, &l->arts);
  if (st != PX_OK) return st;
  l->finished = 1;
  /* nothing is compared any more: the live parts go */
  px__arts_expire(&l->arts, INT64_MAX);
  return rank_stories(l);
}

size_t px_linker_n_articles(const px_linker *l) { return l->arts.n; }
size_t px_linker_n_stories(const px_linker *l) {
  return l->out.sink ? l->out.n_closed : l->n_final;
}
uint32_t px_linker_max_story_id(const px_linker *l) {
  return l->finished ? l->st.n : 0;
}

int px_linker_article(const px_linker *l, size_t i, px_linked *out) {
  if (!l->finished || l->out.sink || i >= l->arts.n) return 0;
  px__art_linked(&l->arts, (uint32_t)i, out);
  return 1;
}

static const px__story *story_of(const px_linker *l, uint32_t id) {
  if (!l->finished || l->out.sink || id < 1 || id > l->st.n ||
      !l->st.s[id - 1].n_members)
    return NULL;
  return &l->st.s[id - 1];
}

static void fill_story(const px_linker *l, uint32_t id, px_story *out) {
  const px__story *s = &l->st.s[id - 1];
  out->id = id;
  out->label = s->label ? s->label : "";
  out->size = s->n_members;
  out->members = s->members;
  out->first_ts = s->first_ts;
  out->last_ts = s->last_ts;
  out->first_date = out->last_date = "";
  /* the dates of the earliest and latest members */
  for (uint32_t i = 0; i < s->n_members; i++) {
    const px__art *a = px__art_at(&l->arts, s->members[i]);
    if (a->ts == s->first_ts && !*out->first_date) out->first_date = a->date;
    if (a->ts == s->last_ts) out->last_date = a->date;
  }
  out->n_outlets = l->n_story_outlets[id - 1];
}

int px_linker_story(const px_linker *l, size_t rank, px_story *out) {
  if (!l->finished || rank >= l->n_final) return 0;
  fill_story(l, l->order[rank], out);
  return 1;
}

int px_linker_story_by_id(const px_linker *l, uint32_t id, px_story *out) {
  if (!story_of(l, id)) return 0;
  fill_story(l, id, out);
  return 1;
}

size_t px_linker_story_outlets(const px_linker *l, uint32_t id,
                               const char **out, size_t cap) {
  const px__story *s = story_of(l, id);
  if (!s) return 0;
  px__hmap seen = {0};
  size_t n = 0;
  for (uint32_t i = 0; i < s->n_members; i++) {
    uint32_t o = px__art_at(&l->arts, s->members[i])->outlet;
    int created = 0;
    if (o == PX__NONE || !px__hmap_put(&seen, (uint64_t)o + 1, 0, &created) ||
        !created)
      continue;
    if (n < cap) out[n] = l->arts.outlets[o];
    n++;
  }
  px__hmap_free(&seen);
  return n;
}

/* The story that holds what story id held: id itself unless absorbed,
 * else where it went, followed (each absorption points to a story that
 * still had members then). */
static uint32_t holder(const px_linker *l, uint32_t id) {
  for (uint32_t hops = 0; hops < l->st.n && l->absorbed_into[id - 1]; hops++)
    id = l->absorbed_into[id - 1];
  return id;
}

size_t px_linker_n_revisions(const px_linker *l) {
  return l->out.sink ? 0 : l->st.n_rev;
}

int px_linker_revision_at(const px_linker *l, size_t i,
                          px_story_revision *out) {
  if (!l->finished || i >= l->st.n_rev) return 0;
  const px__revision *r = &l->st.rev[i];
  out->article = r->art == PX__NONE ? SIZE_MAX : r->art;
  out->from = r->from;
  out->to = r->to;
  out->holder = holder(l, r->to);
  out->from_label = l->st.s[r->from - 1].label ? l->st.s[r->from - 1].label
                                               : "";
  out->from_size = r->size;
  out->linkage = r->linkage;
  out->at = r->at;
  return 1;
}
