/* stream.c — the linker with a sink (px_linker_sink): what is final is
 * handed on at each sweep and forgotten, so that memory follows the
 * window and the open stories, not the length of the stream.
 *
 * An article is final once the revision froze it (stories.c: it left the
 * horizon or the window): it is handed on then, in linking order, and
 * what its story will print of it (id, canonical copy) goes into the
 * story's out part (the strings are lent: the record reads them until it
 * is dropped, the story frees them). A story is closed once the latest article it ever
 * held has left the window: no edge, copy or revision can reach it any
 * more. Closed stories are handed on in batches, largest first, ties by
 * id, as px_linker_story ranks them; then the records of the articles
 * that left the window are dropped (arts.c). The revision log is read for
 * its absorptions (a story's "merged" list) and emptied. */
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

typedef struct member {
  char *id, *dup_id;  /* owned */
  uint32_t index, dup_of;
  float jaccard;
  uint8_t exact;
} member;

typedef struct merge {
  char *label;        /* owned */
  uint32_t size;
  float linkage;
  uint64_t seq;       /* order of the absorption in the stream */
} merge;

typedef struct px__sout {
  member *m;
  uint32_t n;
  size_t cap;
  uint32_t *outlets;  /* outlet indices, first seen first */
  uint32_t n_outlets;
  size_t cap_outlets;
  merge *mg;
  uint32_t n_mg;
  size_t cap_mg;
  int64_t first_ts, last_ts;
  char first_date[11], last_date[11];
} px__sout;

/* What a closing story hands on: its public view and the arrays it
 * points to (owned). */
typedef struct px__final {
  uint32_t id;
  px_final_story f;
} px__final;

static void sout_free(px__sout *o) {
  if (!o) return;
  for (uint32_t k = 0; k < o->n; k++) {
    free(o->m[k].id);
    free(o->m[k].dup_id);
  }
  for (uint32_t k = 0; k < o->n_mg; k++) free(o->mg[k].label);
  free(o->m);
  free(o->outlets);
  free(o->mg);
  free(o);
}

/* The out part of story id, made on first use (and the story listed as
 * open). NULL when out of memory. */
static px__sout *out_of(px__stream *o, px__stories *s, uint32_t id) {
  px__story *st = &s->s[id - 1];
  if (st->out) return st->out;
  if (px__grow((void **)&o->open, &o->cap_open, (size_t)o->n_open + 1,
               sizeof *o->open))
    return NULL;
  st->out = calloc(1, sizeof *st->out);
  if (st->out) o->open[o->n_open++] = id;
  return st->out;
}

/* Hands on article i, final, and moves its part into its story. */
static px_status take_article(px__stream *o, px__stories *s, px__arts *t,
                              uint32_t i) {
  px__art *a = px__art_at(t, i);
  px_linked l;
  px__art_linked(t, i, &l);
  if (o->sink->article && o->sink->article(&l, o->sink->user)) return PX_IO;
  px__sout *so = out_of(o, s, a->story);
  if (!so || px__grow((void **)&so->m, &so->cap, (size_t)so->n + 1,
                      sizeof *so->m))
    return PX_NOMEM;
  so->m[so->n++] = (member){a->id, a->dup_id, i, a->dup_of,
                            a->dup_of == PX__NONE ? 0 : a->dup_jaccard,
                            a->exact_dup};
  t->lent = i + 1; /* the strings are the story's now, a's still */
  if (so->n == 1 || a->ts < so->first_ts) {
    so->first_ts = a->ts;
    memcpy(so->first_date, a->date, sizeof so->first_date);
  }
  if (so->n == 1 || a->ts >= so->last_ts) {
    so->last_ts = a->ts;
    memcpy(so->last_date, a->date, sizeof so->last_date);
  }
  if (a->outlet == PX__NONE) return PX_OK;
  for (uint32_t k = 0; k < so->n_outlets; k++)
    if (so->outlets[k] == a->outlet) return PX_OK;
  if (px__grow((void **)&so->outlets, &so->cap_outlets,
               (size_t)so->n_outlets + 1, sizeof *so->outlets))
    return PX_NOMEM;
  so->outlets[so->n_outlets++] = a->outlet;
  return PX_OK;
}

/* The absorptions of the revision log: story 'from' (empty for good)
 * hands its merged list to 'to', which adds 'from' itself. */
static px_status take_revisions(px__stream *o, px__stories *s) {
  for (uint32_t k = 0; k < s->n_rev; k++) {
    const px__revision *r = &s->rev[k];
    if (r->art != PX__NONE) continue;
    px__story *from = &s->s[r->from - 1];
    px__sout *to = out_of(o, s, r->to);
    uint32_t moved = from->out ? from->out->n_mg : 0;
    if (!to || px__grow((void **)&to->mg, &to->cap_mg,
                        (size_t)to->n_mg + moved + 1, sizeof *to->mg))
      return PX_NOMEM;
    if (moved) {
      memcpy(to->mg + to->n_mg, from->out->mg, moved * sizeof *to->mg);
      to->n_mg += moved;
      from->out->n_mg = 0;
    }
    to->mg[to->n_mg++] = (merge){from->label, r->size, r->linkage,
                                 o->n_merges++};
    from->label = NULL; /* moved: an absorbed story is never read again */
  }
  s->n_rev = 0;
  return PX_OK;
}

static int by_seq(const void *x, const void *y) {
  const merge *a = x, *b = y;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int by_rank(const void *x, const void *y) {
  const px__final *a = x, *b = y;
  if (a->f.story.size != b->f.story.size)
    return a->f.story.size < b->f.story.size ? 1 : -1;
  return a->id < b->id ? -1 : a->id > b->id;
}

static void final_free(px__final *f) {
  free((void *)(uintptr_t)f->f.members);
  free((void *)(uintptr_t)f->f.outlets);
  free((void *)(uintptr_t)f->f.merged);
}

/* The public view of story id (its out part stays owned by the story). */
static int final_make(const px__stories *s, const px__arts *t, uint32_t id,
                      px__final *f) {
  const px__story *st = &s->s[id - 1];
  px__sout *so = st->out;
  memset(f, 0, sizeof *f);
  f->id = id;
  px_story *p = &f->f.story;
  p->id = id;
  p->label = st->label ? st->label : "";
  p->size = so->n;
  p->first_ts = so->first_ts;
  p->last_ts = so->last_ts;
  p->first_date = so->first_date;
  p->last_date = so->last_date;
  p->n_outlets = so->n_outlets;
  px_story_member *m = malloc(((size_t)so->n + 1) * sizeof *m);
  const char **on = malloc(((size_t)so->n_outlets + 1) * sizeof *on);
  px_story_merge *mg = malloc(((size_t)so->n_mg + 1) * sizeof *mg);
  f->f.members = m;
  f->f.outlets = on;
  f->f.merged = mg;
  if (!m || !on || !mg) return -1;
  for (uint32_t k = 0; k < so->n; k++) {
    const member *x = &so->m[k];
    m[k] = (px_story_member){x->id, x->index, x->dup_of, x->dup_id,
                             x->jaccard, x->exact};
  }
  for (uint32_t k = 0; k < so->n_outlets; k++)
    on[k] = t->outlets[so->outlets[k]];
  if (so->n_mg) qsort(so->mg, so->n_mg, sizeof *so->mg, by_seq);
  for (uint32_t k = 0; k < so->n_mg; k++)
    mg[k] = (px_story_merge){so->mg[k].label ? so->mg[k].label : "",
                             so->mg[k].size, so->mg[k].linkage};
  f->f.n_merged = so->n_mg;
  return 0;
}

/* Hands on the stories closed (all of them when all is set). */
static px_status close_stories(px__stream *o, px__stories *s,
                               const px__arts *t, int all) {
  uint32_t nb = 0, kept = 0;
  px_status st = PX_OK;
  for (uint32_t k = 0; k < o->n_open; k++) {
    uint32_t id = o->open[k];
    px__story *x = &s->s[id - 1];
    int closed = all || x->last_art < t->first_window;
    if (closed && x->n_members && x->out->n != x->n_members)
      closed = all; /* members not final yet: cannot happen */
    if (!closed) {
      o->open[kept++] = id;
      continue;
    }
    if (!x->n_members || !x->out->n) { /* absorbed: nothing to hand on */
      sout_free(x->out);
      x->out = NULL;
      continue;
    }
    if (px__grow((void **)&o->batch, &o->cap_batch, (size_t)nb + 1,
                 sizeof *o->batch))
      return PX_NOMEM;
    if (final_make(s, t, id, &o->batch[nb++])) st = PX_NOMEM;
  }
  o->n_open = kept;
  if (nb) qsort(o->batch, nb, sizeof *o->batch, by_rank);
  if (st == PX_OK && nb && o->sink->stories) {
    /* px_final_story of each, side by side for the call */
    px_final_story *v = malloc((size_t)nb * sizeof *v);
    if (!v) st = PX_NOMEM;
    for (uint32_t k = 0; v && k < nb; k++) v[k] = o->batch[k].f;
    if (v && o->sink->stories(v, nb, o->sink->user)) st = PX_IO;
    free(v);
  }
  for (uint32_t k = 0; k < nb; k++) {
    px__story *x = &s->s[o->batch[k].id - 1];
    final_free(&o->batch[k]);
    sout_free(x->out);
    x->out = NULL;
    free(x->label); /* nothing reads a closed story */
    x->label = NULL;
  }
  o->n_closed += nb;
  return st;
}

px_status px__stream_sweep(px__stream *o, px__stories *s, px__arts *t,
                           int all) {
  px_status st = PX_OK;
  for (; st == PX_OK && o->emitted < s->first_live; o->emitted++)
    st = take_article(o, s, t, o->emitted);
  if (st == PX_OK) st = take_revisions(o, s);
  if (st == PX_OK) st = close_stories(o, s, t, all);
  if (st == PX_OK && !all) px__arts_drop(t, t->first_window);
  return st;
}

void px__stream_free(px__stream *o, px__stories *s) {
  for (uint32_t k = 0; k < o->n_open; k++) {
    px__story *x = &s->s[o->open[k] - 1];
    sout_free(x->out);
    x->out = NULL;
  }
  free(o->open);
  free(o->batch);
  memset(o, 0, sizeof *o);
}
