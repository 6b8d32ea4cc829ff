/* pipeline.c — the whole job as one object: articles in, through the
 * reorder window (order.c), analysed into feature records (in this thread
 * or on worker threads, workers.c), linked in order, handed out through a
 * callback. The CLI, and later the store and the server, only call it.
 *
 * Every article pushed ends linked or dropped with a diagnostic and a
 * count; one whose quotations fail is linked without them, with a
 * warning. The output does not depend on the number of threads: records
 * are pure functions of their articles and are linked in window order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "pipeline_internal.h"
#include "text/base.h"
#include "text/hmap.h"

/* Jobs in flight per worker thread: enough that a long article does not
 * leave the other threads idle, few enough to bound memory. */
#define QUEUE_PER_THREAD 16
/* Linked records kept for their memory: reading a record into one that
 * has grown before costs no allocation. */
#define SPARES 8

struct px_pipeline {
  px_pipeline_opts o;
  px_linker_opts linker_opts;
  px__window window;
  px__fwindow fwindow;  /* records pushed (px_pipeline_push_features) */
  px__hmap ids;         /* hashes of the ids of records linked */
  px_features spare[SPARES]; /* records linked, their memory kept to be
                           handed back by px_pipeline_push_features */
  size_t n_spare;
  int mode;             /* what was pushed: 0 nothing yet, 1 articles,
                           2 records; never both */
  px_featurizer *fz;    /* one thread: analysis here */
  px_features f;        /* one thread: the record, reused */
  px__workers *workers; /* several threads */
  px_linker *linker;    /* NULL when not linking */
  px__tally tally;      /* with PX_FEAT_QUOTES and linking */
  px_pipeline_counts stats;
  px_status failed;     /* the first fatal status */
  int stopped, finished;
};

static unsigned cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (unsigned)n : 1;
}

px_pipeline *px_pipeline_new(const px_pipeline_opts *opts) {
  px_pipeline *p = calloc(1, sizeof *p);
  if (!p) {
    if (opts) px_linker_free(opts->resume); /* handed over */
    return NULL;
  }
  if (opts) p->o = *opts;
  if (p->o.linker) {
    p->linker_opts = *p->o.linker;
    p->o.linker = &p->linker_opts;
  }
  px__window_init(&p->window, p->o.reorder);
  px__fwindow_init(&p->fwindow, p->o.reorder);
  unsigned n = p->o.threads ? p->o.threads : cores();
  int ok = 1;
  if (n <= 1) ok = (p->fz = px_featurizer_new(p->o.flags)) != NULL;
  else
    ok = (p->workers = px__workers_new(n, p->o.flags,
                                       (size_t)n * QUEUE_PER_THREAD)) != NULL;
  if (ok && p->o.link)
    ok = (p->linker = p->o.resume ? p->o.resume
                                  : px_linker_new(p->o.linker)) != NULL;
  else px_linker_free(p->o.resume); /* handed over, not wanted */
  p->o.resume = NULL;
  if (!ok) {
    px_pipeline_free(p);
    return NULL;
  }
  return p;
}

void px_pipeline_free(px_pipeline *p) {
  if (!p) return;
  px__workers_free(p->workers);
  px__window_free(&p->window);
  px__fwindow_free(&p->fwindow);
  px__hmap_free(&p->ids);
  for (size_t i = 0; i < p->n_spare; i++) px_features_clear(&p->spare[i]);
  px_featurizer_free(p->fz);
  px_features_clear(&p->f);
  px_linker_free(p->linker);
  px__tally_free(&p->tally);
  free(p);
}

static void diag(px_pipeline *p, px_severity sev, px_status st,
                 const px_article *a, const char *message) {
  px_diag d = {sev, st, a->file ? a->file : "-", a->line, 0, message};
  if (p->o.on_diag) p->o.on_diag(&d, p->o.user);
  else px_diag_print(&d, stderr);
}

/* Links one analysed article and hands it on; drops it, said and counted,
 * when it has no record. Returns 0, or -1 to stop (failed or stopped). */
static int take(px_pipeline *p, const px_article *a, const px_features *f,
                px_status st) {
  char msg[256];
  if (st != PX_OK && !f->id) {
    snprintf(msg, sizeof msg, "article '%s' dropped: analysis failed: %s",
             a->id, px_strerror(st));
    diag(p, PX_ERROR, st, a, msg);
    p->stats.dropped++;
    p->stats.by_status[st]++;
    if (st == PX_NOMEM && !p->failed) p->failed = st;
    return st == PX_NOMEM ? -1 : 0;
  }
  if (st != PX_OK) {
    snprintf(msg, sizeof msg,
             "article '%s': quotations not found (%s); linked without them",
             a->id, px_strerror(st));
    diag(p, PX_WARNING, st, a, msg);
    p->stats.partial++;
  }
  size_t index = (size_t)p->stats.linked;
  if (p->linker) {
    px_status ls = px_linker_add(p->linker, f);
    if (ls == PX_OK && (p->o.flags & PX_FEAT_QUOTES) &&
        px__tally_add(&p->tally, f))
      ls = PX_NOMEM;
    if (ls != PX_OK) {
      if (!p->failed) p->failed = ls;
      return -1;
    }
    index = px_linker_n_articles(p->linker) - 1;
  }
  p->stats.linked++;
  if ((p->o.on_features && p->o.on_features(f, index, p->o.user)) ||
      (a && p->o.on_linked && p->o.on_linked(a, f, index, p->o.user))) {
    p->stopped = 1;
    return -1;
  }
  return 0;
}

/* Links a record read back from JSON, unless its id was linked before
 * (records of several shards can hold one article twice, which one
 * reader would have told). Returns as take. */
static int take_record(px_pipeline *p, const px__fheld *h) {
  int created = 0;
  uint32_t *v = px__hmap_put(&p->ids, px__hash(h->f.id, strlen(h->f.id)), 0,
                             &created);
  if (!v) {
    if (!p->failed) p->failed = PX_NOMEM;
    return -1;
  }
  if (!created) {
    char msg[256];
    snprintf(msg, sizeof msg,
             "record '%.160s' dropped: its id was linked before", h->f.id);
    px_diag d = {PX_ERROR, PX_DUPLICATE_ID, h->file ? h->file : "-", h->line,
                 0, msg};
    if (p->o.on_diag) p->o.on_diag(&d, p->o.user);
    else px_diag_print(&d, stderr);
    p->stats.dropped++;
    p->stats.by_status[PX_DUPLICATE_ID]++;
    return 0;
  }
  return take(p, NULL, &h->f, PX_OK);
}

static int job_done(px__job *j, void *user) {
  px_pipeline *p = user;
  if (p->failed || p->stopped) return -1;
  return take(p, &j->a, &j->f, j->st);
}

static void progress(px_pipeline *p, int event, const px_article *a) {
  if (p->o.on_progress) p->o.on_progress(event, a, p->o.user);
}

/* An article leaves the window: analysed here, or queued for a worker
 * (ownership of h->a handed over either way). */
static int hand_on(px_pipeline *p, px__held *h) {
  int rc;
  if (p->workers) {
    rc = px__workers_submit(p->workers, &h->a, job_done, p);
  } else {
    px_status st = px_features_compute(p->fz, &h->a, &p->f);
    rc = take(p, &h->a, &p->f, st);
    px__article_free(&h->a);
  }
  progress(p, PX_PROGRESS_DONE, NULL);
  return rc;
}

static px_status status_of(const px_pipeline *p) {
  return p->failed ? p->failed : p->stopped ? PX_USAGE : PX_OK;
}

px_status px_pipeline_push(px_pipeline *p, const px_article *a) {
  if (p->failed || p->stopped || p->finished) return p->finished ? PX_USAGE : status_of(p);
  if (p->mode == 2) return PX_USAGE;
  p->mode = 1;
  p->stats.pushed++;
  px__held out;
  int popped;
  px_status st = px__window_push(&p->window, a, &out, &popped);
  if (popped) hand_on(p, &out);
  if (st != PX_OK && !p->failed) p->failed = st;
  return status_of(p);
}

px_status px_pipeline_push_features(px_pipeline *p, px_features *f,
                                    const char *file, uint64_t line) {
  if (p->failed || p->stopped || p->finished) return p->finished ? PX_USAGE : status_of(p);
  if (p->mode == 1 || !f->id || !f->date) return PX_USAGE;
  p->mode = 2;
  p->stats.pushed++;
  px__fheld out;
  int popped;
  px_status st = px__fwindow_push(&p->fwindow, f, file, line, &out, &popped);
  if (popped) {
    take_record(p, &out);
    if (p->n_spare < SPARES) {
      p->spare[p->n_spare++] = out.f; /* its memory, for the next reads */
      memset(&out.f, 0, sizeof out.f);
    }
    px__fheld_free(&out);
    progress(p, PX_PROGRESS_DONE, NULL);
  }
  if (p->n_spare) *f = p->spare[--p->n_spare];
  if (st != PX_OK && !p->failed) p->failed = st;
  return status_of(p);
}

px_status px_pipeline_run(px_pipeline *p, px_reader *r) {
  px_article a;
  px_status st = status_of(p);
  while (st == PX_OK && px_reader_next(r, &a)) {
    st = px_pipeline_push(p, &a);
    progress(p, PX_PROGRESS_READ, &a);
  }
  return st;
}

px_status px_pipeline_finish(px_pipeline *p) {
  if (p->finished) return status_of(p);
  p->finished = 1;
  progress(p, PX_PROGRESS_INPUT_END, NULL);
  px__held h;
  while (px__window_pop(&p->window, &h)) {
    if (p->failed || p->stopped) px__article_free(&h.a);
    else hand_on(p, &h);
  }
  px__fheld fh;
  while (px__fwindow_pop(&p->fwindow, &fh)) {
    if (!p->failed && !p->stopped) take_record(p, &fh);
    px__fheld_free(&fh);
    progress(p, PX_PROGRESS_DONE, NULL);
  }
  if (p->workers) px__workers_drain(p->workers, job_done, p);
  p->stats.late = p->window.late + p->fwindow.late;
  if (!p->failed && !p->stopped && p->linker && !p->o.keep_open) {
    px_status st = px_linker_finish(p->linker);
    if (st != PX_OK) p->failed = st;
    else if ((p->o.flags & PX_FEAT_QUOTES) &&
             px__tally_resolve(&p->tally, p->linker))
      p->failed = PX_NOMEM;
  }
  return status_of(p);
}

px_linker *px_pipeline_linker(const px_pipeline *p) {
  return p->linker;
}

void px_pipeline_stats(const px_pipeline *p, px_pipeline_counts *out) {
  *out = p->stats;
  out->late = p->window.late + p->fwindow.late;
}

px_speaker_count *px_pipeline_story_speakers(const px_pipeline *p,
                                             uint32_t id, size_t *n) {
  px_story s;
  *n = 0;
  if (!p->linker || !px_linker_story_by_id(p->linker, id, &s)) return NULL;
  return px__tally_story(&p->tally, &s, n);
}

const char *px_pipeline_quote_speaker(const px_pipeline *p, size_t index,
                                      size_t q) {
  if (index >= p->tally.n) return NULL;
  const px__quoted *s = &p->tally.by_article[index];
  return s->story && q < s->n_quotes ? s->story[q] : NULL;
}
