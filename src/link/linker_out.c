/* linker_out.c — the end of the stream and the read-out: the last merge
 * pass, public story ids (1.. in order of each story's first article),
 * stories ranked by size, articles, outlets and the merges decided. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

static int cmp_u32(const void *x, const void *y) {
  uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
  return a < b ? -1 : a > b;
}

static const px_linker *sort_ctx; /* for by_size: qsort has no context */
static int by_size(const void *x, const void *y) {
  const px__story *a = &sort_ctx->stories[*(const uint32_t *)x];
  const px__story *b = &sort_ctx->stories[*(const uint32_t *)y];
  if (a->n_members != b->n_members) return a->n_members < b->n_members ? 1 : -1;
  return cmp_u32(&sort_ctx->final_id[*(const uint32_t *)x],
                 &sort_ctx->final_id[*(const uint32_t *)y]);
}

static uint32_t count_outlets(const px_linker *l, const px__story *s,
                              uint32_t *stamp, uint32_t mark) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < s->n_members; i++) {
    uint32_t o = l->arts[s->members[i]].outlet;
    if (o == PX__NONE || stamp[o] == mark) continue;
    stamp[o] = mark;
    n++;
  }
  return n;
}

/* Numbers the root stories by their first article and ranks them. */
static px_status number_stories(px_linker *l) {
  l->final_id = calloc(l->n_stories + 1, sizeof *l->final_id);
  l->by_id = malloc((l->n_stories + 1) * sizeof *l->by_id);
  l->order = malloc((l->n_stories + 1) * sizeof *l->order);
  l->n_story_outlets = calloc(l->n_stories + 1, sizeof *l->n_story_outlets);
  uint32_t *stamp = calloc(l->n_outlets + 1, sizeof *stamp);
  if (!l->final_id || !l->by_id || !l->order || !l->n_story_outlets ||
      !stamp) {
    free(stamp);
    return PX_NOMEM;
  }
  for (uint32_t i = 0; i < l->n_arts; i++) {
    uint32_t r = px__story_root(l, l->arts[i].story);
    l->arts[i].story = r;
    if (l->final_id[r]) continue;
    l->final_id[r] = ++l->n_final;
    l->by_id[l->n_final - 1] = r;
    px__story *s = &l->stories[r];
    qsort(s->members, s->n_members, sizeof *s->members, cmp_u32);
    l->n_story_outlets[r] = count_outlets(l, s, stamp, l->n_final);
  }
  free(stamp);
  memcpy(l->order, l->by_id, l->n_final * sizeof *l->order);
  sort_ctx = l;
  qsort(l->order, l->n_final, sizeof *l->order, by_size);
  sort_ctx = NULL;
  return PX_OK;
}

px_status px_linker_finish(px_linker *l) {
  if (l->finished) return PX_OK;
  px_status st = px__sweep(l, 1);
  if (st != PX_OK) return st;
  l->finished = 1;
  return number_stories(l);
}

size_t px_linker_n_articles(const px_linker *l) { return l->n_arts; }
size_t px_linker_n_stories(const px_linker *l) { return l->n_final; }
size_t px_linker_n_merges(const px_linker *l) { return l->n_merges; }

int px_linker_article(const px_linker *l, size_t i, px_linked *out) {
  if (!l->finished || i >= l->n_arts) return 0;
  const px__art *a = &l->arts[i];
  out->id = a->id;
  out->date = a->date;
  out->outlet = a->outlet == PX__NONE ? NULL : l->outlets[a->outlet];
  out->timestamp = a->ts;
  out->story = l->final_id[a->story];
  out->dup_of = a->dup_of;
  out->dup_jaccard = a->dup_of == PX__NONE ? 0 : a->dup_jaccard;
  out->exact_dup = a->exact_dup;
  out->similarity = a->similarity;
  return 1;
}

static void fill_story(const px_linker *l, uint32_t r, px_story *out) {
  const px__story *s = &l->stories[r];
  out->id = l->final_id[r];
  out->label = s->label ? s->label : "";
  out->size = s->n_members;
  out->members = s->members;
  out->first_ts = s->first_ts;
  out->last_ts = s->last_ts;
  out->first_date = out->last_date = "";
  /* the dates of the earliest and latest members */
  for (uint32_t i = 0; i < s->n_members; i++) {
    const px__art *a = &l->arts[s->members[i]];
    if (a->ts == s->first_ts && !*out->first_date) out->first_date = a->date;
    if (a->ts == s->last_ts) out->last_date = a->date;
  }
  out->n_outlets = l->n_story_outlets[r];
}

int px_linker_story(const px_linker *l, size_t rank, px_story *out) {
  if (!l->finished || rank >= l->n_final) return 0;
  fill_story(l, l->order[rank], out);
  return 1;
}

int px_linker_story_by_id(const px_linker *l, uint32_t id, px_story *out) {
  if (!l->finished || id < 1 || id > l->n_final) return 0;
  fill_story(l, l->by_id[id - 1], out);
  return 1;
}

size_t px_linker_story_outlets(const px_linker *l, uint32_t id,
                               const char **out, size_t cap) {
  if (!l->finished || id < 1 || id > l->n_final) return 0;
  const px__story *s = &l->stories[l->by_id[id - 1]];
  px__hmap seen = {0};
  size_t n = 0;
  for (uint32_t i = 0; i < s->n_members; i++) {
    uint32_t o = l->arts[s->members[i]].outlet;
    int created = 0;
    if (o == PX__NONE || !px__hmap_put(&seen, (uint64_t)o + 1, 0, &created) ||
        !created)
      continue;
    if (n < cap) out[n] = l->outlets[o];
    n++;
  }
  px__hmap_free(&seen);
  return n;
}

int px_linker_merge_at(const px_linker *l, size_t i, px_story_merge *out) {
  if (!l->finished || i >= l->n_merges) return 0;
  const px__merge *m = &l->merges[i];
  out->story = l->final_id[px__story_root(l, m->into)];
  out->from_label = l->stories[m->from].label ? l->stories[m->from].label : "";
  out->from_size = m->from_size;
  out->similarity = m->similarity;
  return 1;
}
