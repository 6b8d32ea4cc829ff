/* pipeline_internal.h — what the files of src/pipeline/ share: the
 * reorder window (order.c), the analysis workers (workers.c), the speaker
 * tally (tally.c) and the pipeline itself (pipeline.c). Nothing outside
 * src/pipeline/ includes it. */
#ifndef PX_PIPELINE_INTERNAL_H
#define PX_PIPELINE_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "parallax.h"

/* ---- articles held by the pipeline (order.c) ---- */

/* A deep copy of an article: 0, or -1 when out of memory (free with
 * px__article_free, also after a failure). */
int px__article_copy(px_article *dst, const px_article *src);
void px__article_free(px_article *a);

/* An article in the window: owned copy, tie-break key, input position. */
typedef struct px__held {
  px_article a;
  uint64_t text_hash; /* px_text_hash of the text: breaks time ties */
  size_t order;       /* input position: only for articles equal in all */
} px__held;

/* The reorder window: a bounded min-heap in linking order. */
typedef struct px__window {
  px__held *heap;
  size_t n, cap, limit, order;
  px__held last;      /* the key of the latest article handed on: its
                         timestamp, text_len, text_hash and an owned copy
                         of its id (no text); none while last.a.id is
                         NULL */
  uint64_t late;      /* handed on after one they should precede */
} px__window;

void px__window_init(px__window *w, size_t limit);
void px__window_free(px__window *w);
/* Adds a copy of a. When the window was full, first moves its earliest
 * article to *out (owned by the caller now) and sets *popped. */
px_status px__window_push(px__window *w, const px_article *a, px__held *out,
                          int *popped);
/* Moves the earliest article to *out; 0 when the window is empty. */
int px__window_pop(px__window *w, px__held *out);

/* ---- records held by a linking pipeline (order.c) ---- */

/* A record in the window, with where it was read and its input position. */
typedef struct px__fheld {
  px_features f;      /* owned */
  char *file;         /* owned; NULL when not known */
  uint64_t line;
  size_t order;
} px__fheld;

/* The same bounded min-heap for feature records, in px_features_order. */
typedef struct px__fwindow {
  px__fheld *heap;
  size_t n, cap, limit, order;
  px_features last;   /* the key of the latest record handed on: the
                         fields px_features_order reads, owned copies
                         (no mem_); none while last.id is NULL */
  uint64_t late;
} px__fwindow;

void px__fwindow_init(px__fwindow *w, size_t limit);
void px__fwindow_free(px__fwindow *w);
void px__fheld_free(px__fheld *h);
/* Takes *f (handed over, left zeroed). When the window was full, first
 * moves its earliest record to *out (the caller's now) and sets *popped. */
px_status px__fwindow_push(px__fwindow *w, px_features *f, const char *file,
                           uint64_t line, px__fheld *out, int *popped);
/* Moves the earliest record to *out; 0 when the window is empty. */
int px__fwindow_pop(px__fwindow *w, px__fheld *out);

/* ---- analysis on worker threads (workers.c) ---- */

typedef struct px__workers px__workers;
/* The result of one job, handed back in the order of submission. */
typedef struct px__job {
  px_article a;       /* owned */
  px_features f;      /* owned by the job slot, reused */
  px_status st;       /* of px_features_compute */
  int state;
} px__job;

/* Starts n threads, each with a featurizer of flags. NULL on failure. */
px__workers *px__workers_new(unsigned n, unsigned flags, size_t queue);
/* Stops the threads and frees every job. */
void px__workers_free(px__workers *w);
/* Queues an article (ownership handed over). When the queue is full,
 * first hands the oldest finished job to done (in submission order). */
int px__workers_submit(px__workers *w, px_article *a,
                       int (*done)(px__job *j, void *user), void *user);
/* Hands every queued job to done, in order. */
int px__workers_drain(px__workers *w, int (*done)(px__job *j, void *user),
                      void *user);

/* ---- who is quoted (tally.c) ---- */

/* The speakers of each linked article, by linker index. */
typedef struct px__quoted {
  char *names;        /* NUL-separated, owned: the canonical speaker name of
                         each quotation ("" when unresolved or too long to
                         be a name), then the names of the article's people
                         (PX_FEAT_ENTITIES), each once */
  size_t len;
  uint32_t n_quotes;  /* the first n_quotes names are the quotations' */
  const char **story; /* per quotation: the story-level name (borrowed from
                         some member's names) or NULL; owned array, set by
                         px__tally_resolve */
} px__quoted;

typedef struct px__tally {
  px__quoted *by_article;
  size_t n, cap;
} px__tally;

/* Records the speakers of the record's quotations for the next index. */
int px__tally_add(px__tally *t, const px_features *f);
void px__tally_free(px__tally *t);
px_speaker_count *px__tally_story(const px__tally *t, const px_story *s,
                                  size_t *n);
/* Gives every quotation its story-level speaker name (after the linker
 * finished): within each story, surnames and spelling variants of the
 * speakers and people named are united (px_names_unify). Returns 0 or -1
 * when out of memory. */
int px__tally_resolve(px__tally *t, const px_linker *l);
#endif
