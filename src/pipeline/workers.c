/* workers.c — analysis on worker threads, results in input order.
 *
 * Analysis is a pure function of one article, so any thread may compute
 * any record; linking is not, so records must come back in the order the
 * articles were submitted. Jobs sit in a ring: the submitting thread puts
 * articles at the tail, the workers take them in turn and fill each job's
 * own record, and the submitting thread hands the head to its consumer as
 * soon as that one is done. The ring's size bounds the records in flight,
 * so memory does not grow with the input, and a slow article only holds
 * up the consumer, never the other workers. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "pipeline_internal.h"

enum { JOB_FREE, JOB_QUEUED, JOB_BUSY, JOB_DONE };

struct px__workers {
  px__job *jobs;
  size_t cap;
  uint64_t head;       /* next job to hand to the consumer */
  uint64_t next;       /* next job for a worker */
  uint64_t tail;       /* next free job */
  int stop;
  pthread_mutex_t mu;
  pthread_cond_t work; /* a job was queued, or stop */
  pthread_cond_t done; /* the head job may be done */
  pthread_t *threads;
  px_featurizer **fz;
  unsigned n_threads;
};

typedef struct worker_arg {
  px__workers *w;
  unsigned i;
} worker_arg;

static void *worker_main(void *arg) {
  px__workers *w = ((worker_arg *)arg)->w;
  px_featurizer *fz = w->fz[((worker_arg *)arg)->i];
  free(arg);
  pthread_mutex_lock(&w->mu);
  for (;;) {
    while (!w->stop && w->next == w->tail) pthread_cond_wait(&w->work, &w->mu);
    if (w->stop) break;
    uint64_t seq = w->next++;
    px__job *j = &w->jobs[seq % w->cap];
    j->state = JOB_BUSY;
    pthread_mutex_unlock(&w->mu);
    px_status st = px_features_compute(fz, &j->a, &j->f);
    pthread_mutex_lock(&w->mu);
    j->st = st;
    j->state = JOB_DONE;
    if (seq == w->head) pthread_cond_signal(&w->done);
  }
  pthread_mutex_unlock(&w->mu);
  return NULL;
}

static void stop_threads(px__workers *w, unsigned started) {
  pthread_mutex_lock(&w->mu);
  w->stop = 1;
  pthread_cond_broadcast(&w->work);
  pthread_mutex_unlock(&w->mu);
  for (unsigned i = 0; i < started; i++) pthread_join(w->threads[i], NULL);
}

px__workers *px__workers_new(unsigned n, unsigned flags, size_t queue) {
  px__workers *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->cap = queue;
  w->jobs = calloc(queue, sizeof *w->jobs);
  w->threads = calloc(n, sizeof *w->threads);
  w->fz = calloc(n, sizeof *w->fz);
  pthread_mutex_init(&w->mu, NULL);
  pthread_cond_init(&w->work, NULL);
  pthread_cond_init(&w->done, NULL);
  int ok = w->jobs && w->threads && w->fz;
  for (unsigned i = 0; ok && i < n; i++) ok = (w->fz[i] = px_featurizer_new(flags)) != NULL;
  unsigned started = 0;
  for (; ok && started < n; started++) {
    worker_arg *arg = malloc(sizeof *arg);
    if (arg) *arg = (worker_arg){w, started};
    if (!arg || pthread_create(&w->threads[started], NULL, worker_main, arg)) {
      free(arg);
      ok = 0;
      break;
    }
  }
  w->n_threads = started;
  if (!ok) {
    px__workers_free(w);
    return NULL;
  }
  return w;
}

void px__workers_free(px__workers *w) {
  if (!w) return;
  stop_threads(w, w->n_threads);
  for (size_t i = 0; w->jobs && i < w->cap; i++) {
    px__article_free(&w->jobs[i].a);
    px_features_clear(&w->jobs[i].f);
  }
  for (unsigned i = 0; w->fz && i < w->n_threads; i++) px_featurizer_free(w->fz[i]);
  pthread_mutex_destroy(&w->mu);
  pthread_cond_destroy(&w->work);
  pthread_cond_destroy(&w->done);
  free(w->jobs);
  free(w->threads);
  free(w->fz);
  free(w);
}

/* Waits for the head job, hands it to done and frees its slot. */
static int hand_on_head(px__workers *w, int (*done)(px__job *j, void *user),
                        void *user) {
  px__job *j = &w->jobs[w->head % w->cap];
  pthread_mutex_lock(&w->mu);
  while (j->state != JOB_DONE) pthread_cond_wait(&w->done, &w->mu);
  pthread_mutex_unlock(&w->mu);
  int rc = done(j, user);
  px__article_free(&j->a);
  pthread_mutex_lock(&w->mu);
  j->state = JOB_FREE;
  w->head++;
  pthread_mutex_unlock(&w->mu);
  return rc;
}

int px__workers_submit(px__workers *w, px_article *a,
                       int (*done)(px__job *j, void *user), void *user) {
  int rc = 0;
  if (w->tail - w->head == w->cap) rc = hand_on_head(w, done, user);
  px__job *j = &w->jobs[w->tail % w->cap];
  j->a = *a; /* handed over */
  memset(a, 0, sizeof *a);
  pthread_mutex_lock(&w->mu);
  j->state = JOB_QUEUED;
  w->tail++;
  pthread_cond_signal(&w->work);
  pthread_mutex_unlock(&w->mu);
  return rc;
}

int px__workers_drain(px__workers *w, int (*done)(px__job *j, void *user),
                      void *user) {
  int rc = 0;
  while (w->head != w->tail) {
    int r = hand_on_head(w, done, user);
    if (!rc) rc = r;
  }
  return rc;
}
