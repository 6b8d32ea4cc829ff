/* tally.c — who is quoted in a story: the canonical speaker names of every
 * member's quotations, counted, with surnames and spelling variants of one
 * person counted under the fullest name (px_names_unify), and each
 * quotation's speaker given that story-level name (px_pipeline_quote_speaker).
 * The people an article names (with PX_FEAT_ENTITIES) take part in the
 * uniting: "Trump" is quoted as "Donald Trump" when the story names him so. */
#include <stdlib.h>
#include <string.h>
#include "pipeline_internal.h"
#include "text/base.h"

/* A speaker span longer than this is a clause taken for a name, not a
 * name: it is left out of the tally. */
#define NAME_MAX_BYTES 80

static int add_name(px__quoted *s, const char *p, size_t n) {
  char *g = realloc(s->names, s->len + n + 1);
  if (!g) return -1;
  if (n) memcpy(g + s->len, p, n);
  g[s->len + n] = '\0';
  s->names = g;
  s->len += n + 1;
  return 0;
}

int px__tally_add(px__tally *t, const px_features *f) {
  if (px__grow((void **)&t->by_article, &t->cap, t->n + 1,
               sizeof *t->by_article))
    return -1;
  px__quoted *s = &t->by_article[t->n++];
  memset(s, 0, sizeof *s);
  /* the canonical name when resolved, else "": an unresolved speaker is
   * not guessed */
  for (size_t i = 0; i < f->n_quotes; i++) {
    const char *who = f->speakers ? f->speakers[i] : NULL;
    size_t n = who ? strlen(who) : 0;
    if (n >= NAME_MAX_BYTES) n = 0;
    if (add_name(s, who, n)) return -1;
    s->n_quotes++;
  }
  /* the people the article names, a name per entity (its first mention:
   * groups are numbered by first mention) */
  uint32_t seen = 0;
  for (size_t i = 0; f->has_entities && i < f->n_entities; i++) {
    const px_entity *e = &f->entities[i];
    if (e->group < seen) continue;
    seen = e->group + 1;
    size_t n = strlen(e->canonical);
    if (e->type == PX_ENT_PERSON && n && n < NAME_MAX_BYTES &&
        add_name(s, e->canonical, n))
      return -1;
  }
  return 0;
}

void px__tally_free(px__tally *t) {
  for (size_t i = 0; i < t->n; i++) {
    free(t->by_article[i].names);
    free(t->by_article[i].story);
  }
  free(t->by_article);
  memset(t, 0, sizeof *t);
}

static int by_count(const void *x, const void *y) {
  const px_speaker_count *a = x, *b = y;
  if (a->quotes != b->quotes) return a->quotes < b->quotes ? 1 : -1;
  return strcmp(a->name, b->name);
}

static int by_name(const void *x, const void *y) {
  return strcmp(((const px_speaker_count *)x)->name,
                ((const px_speaker_count *)y)->name);
}

/* For each name of t[0..n), the index of the name it is united under
 * (px_names_unify): owned, NULL when out of memory. */
static size_t *unify(const px_speaker_count *t, size_t n) {
  const char **names = malloc((n ? n : 1) * sizeof *names);
  size_t *counts = malloc((n ? n : 1) * sizeof *counts),
         *canon = malloc((n ? n : 1) * sizeof *canon);
  if (names && counts && canon) {
    for (size_t i = 0; i < n; i++) names[i] = t[i].name, counts[i] = t[i].quotes;
    px_names_unify(names, counts, n, canon);
  } else {
    free(canon);
    canon = NULL;
  }
  free(names);
  free(counts);
  return canon;
}

/* Counts "Trump" and "Zelenskyy" as "Donald Trump" and "Volodymyr
 * Zelensky" when the story names them so; returns the names left. */
static size_t unite_names(px_speaker_count *t, size_t n) {
  if (n < 2) return n;
  size_t *canon = unify(t, n);
  if (!canon) return n;
  for (size_t i = 0; i < n; i++) {
    if (canon[i] == i) continue;
    t[canon[i]].quotes += t[i].quotes;
    t[i].quotes = 0;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (t[i].quotes) t[k++] = t[i];
  free(canon);
  return k;
}

/* The names of a story's members, each with its quotations (a person
 * only named counts 0), sorted by name and counted in runs: n log n
 * however large the story. Returns the names left (*out owned). */
static size_t gather(const px__tally *tl, const px_story *s,
                     px_speaker_count **out) {
  px_speaker_count *t = NULL;
  size_t n = 0, cap = 0;
  for (size_t m = 0; m < s->size; m++) {
    if (s->members[m] >= tl->n) continue;
    const px__quoted *sp = &tl->by_article[s->members[m]];
    uint32_t k = 0;
    for (size_t o = 0; o < sp->len; o += strlen(sp->names + o) + 1, k++) {
      if (!sp->names[o]) continue;
      if (px__grow((void **)&t, &cap, n + 1, sizeof *t)) break;
      t[n++] = (px_speaker_count){sp->names + o, k < sp->n_quotes};
    }
  }
  if (n) qsort(t, n, sizeof *t, by_name);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (k && !strcmp(t[k - 1].name, t[i].name)) t[k - 1].quotes += t[i].quotes;
    else t[k++] = t[i];
  }
  *out = t;
  return k;
}

px_speaker_count *px__tally_story(const px__tally *tl, const px_story *s,
                                  size_t *out_n) {
  px_speaker_count *t;
  size_t n = gather(tl, s, &t);
  n = unite_names(t, n);
  if (n) qsort(t, n, sizeof *t, by_count);
  if (!n) {
    free(t);
    t = NULL;
  }
  *out_n = n;
  return t;
}

/* Points each quotation of story s at its story-level name. */
static int resolve_story(px__tally *tl, const px_story *s) {
  px_speaker_count *t;
  size_t n = gather(tl, s, &t);
  size_t *canon = unify(t, n);
  int rc = canon ? 0 : -1;
  for (size_t m = 0; !rc && m < s->size; m++) {
    if (s->members[m] >= tl->n) continue;
    px__quoted *sp = &tl->by_article[s->members[m]];
    free(sp->story);
    sp->story = calloc(sp->n_quotes ? sp->n_quotes : 1, sizeof *sp->story);
    if (!sp->story) { rc = -1; break; }
    size_t o = 0;
    for (uint32_t q = 0; q < sp->n_quotes; q++, o += strlen(sp->names + o) + 1) {
      if (!sp->names[o]) continue;
      px_speaker_count key = {sp->names + o, 0};
      px_speaker_count *hit = bsearch(&key, t, n, sizeof *t, by_name);
      if (hit) sp->story[q] = t[canon[hit - t]].name;
    }
  }
  free(canon);
  free(t);
  return rc;
}

int px__tally_resolve(px__tally *tl, const px_linker *l) {
  uint32_t max = px_linker_max_story_id(l);
  for (uint32_t id = 1; id <= max; id++) {
    px_story s;
    if (px_linker_story_by_id(l, id, &s) && resolve_story(tl, &s)) return -1;
  }
  return 0;
}
