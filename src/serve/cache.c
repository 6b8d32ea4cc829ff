/* cache.c — answers the API keeps for requests asked again. The store is
 * read-only here, but another process may add to it (parallax ingest):
 * the cache empties itself when the store's files change (the database
 * or its write-ahead log: size or modification time, looked at no more
 * than every 100 ms), so an answer is at most that much older than the
 * store. Slots are direct-mapped by px_text_hash of the request; a
 * collision replaces. Each slot holds a libmicrohttpd response, which
 * libmicrohttpd counts references to, so one response is sent to many
 * connections; it is queued under the lock, so no slot is freed under a
 * connection that is about to send it. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <microhttpd.h>
#include "serve/serve.h"

#define CACHE_SLOTS 1024
#define CACHE_MAX_ENTRY ((size_t)4 << 20)    /* bytes of one answer */
#define CACHE_MAX_TOTAL ((size_t)64 << 20)   /* bytes of all answers */
#define CACHE_CHECK_NS 100000000LL           /* store looked at, at most */

typedef struct slot {
  char *key;                  /* owned; NULL when empty */
  struct MHD_Response *resp;  /* one reference owned */
  unsigned status;
  size_t bytes;
} slot;

struct serve_cache {
  pthread_mutex_t lock;
  char *db, *wal;             /* owned paths */
  struct timespec db_mtime, wal_mtime;
  off_t db_size, wal_size;
  long long checked;          /* monotonic ns of the last look */
  size_t bytes;
  uint64_t hits, misses;
  slot slots[CACHE_SLOTS];
};

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void look(const char *path, struct timespec *mtime, off_t *size) {
  struct stat st;
  if (stat(path, &st)) {
    memset(mtime, 0, sizeof *mtime);
    *size = -1;
    return;
  }
  *mtime = st.st_mtim;
  *size = st.st_size;
}

static void clear(serve_cache *c) {
  for (size_t i = 0; i < CACHE_SLOTS; i++) {
    slot *s = &c->slots[i];
    if (!s->key) continue;
    MHD_destroy_response(s->resp);
    free(s->key);
    memset(s, 0, sizeof *s);
  }
  c->bytes = 0;
}

/* Empties the cache when the store's files changed. Under the lock. */
static void check_store(serve_cache *c) {
  long long t = now_ns();
  if (t - c->checked < CACHE_CHECK_NS && c->checked) return;
  c->checked = t;
  struct timespec dm, wm;
  off_t ds, ws;
  look(c->db, &dm, &ds);
  look(c->wal, &wm, &ws);
  if (ds != c->db_size || ws != c->wal_size || dm.tv_sec != c->db_mtime.tv_sec ||
      dm.tv_nsec != c->db_mtime.tv_nsec || wm.tv_sec != c->wal_mtime.tv_sec ||
      wm.tv_nsec != c->wal_mtime.tv_nsec) {
    clear(c);
    c->db_mtime = dm, c->wal_mtime = wm;
    c->db_size = ds, c->wal_size = ws;
  }
}

serve_cache *serve_cache_new(const char *db) {
  serve_cache *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  size_t n = strlen(db);
  c->db = strdup(db);
  c->wal = malloc(n + 5);
  if (!c->db || !c->wal || pthread_mutex_init(&c->lock, NULL)) {
    free(c->db);
    free(c->wal);
    free(c);
    return NULL;
  }
  memcpy(c->wal, db, n);
  memcpy(c->wal + n, "-wal", 5);
  return c;
}

void serve_cache_free(serve_cache *c) {
  if (!c) return;
  clear(c);
  pthread_mutex_destroy(&c->lock);
  free(c->db);
  free(c->wal);
  free(c);
}

int serve_cache_send(serve_cache *c, const char *key, size_t len,
                     struct MHD_Connection *conn, int *ret) {
  if (!c) return 0;
  slot *s = &c->slots[px_text_hash(key, len) % CACHE_SLOTS];
  int sent = 0;
  pthread_mutex_lock(&c->lock);
  check_store(c);
  if (s->key && !strcmp(s->key, key)) {
    *ret = (int)MHD_queue_response(conn, s->status, s->resp);
    sent = 1;
    c->hits++;
  } else {
    c->misses++;
  }
  pthread_mutex_unlock(&c->lock);
  return sent;
}

void serve_cache_put(serve_cache *c, const char *key, size_t len,
                     unsigned status, struct MHD_Response *resp,
                     size_t bytes) {
  char *k = c && bytes <= CACHE_MAX_ENTRY ? strdup(key) : NULL;
  if (!k) {
    MHD_destroy_response(resp);
    return;
  }
  slot *s = &c->slots[px_text_hash(key, len) % CACHE_SLOTS];
  pthread_mutex_lock(&c->lock);
  if (s->key) {
    c->bytes -= s->bytes;
    MHD_destroy_response(s->resp);
    free(s->key);
    memset(s, 0, sizeof *s);
  }
  if (c->bytes + bytes <= CACHE_MAX_TOTAL) {
    s->key = k, k = NULL;
    s->resp = resp, resp = NULL; /* the caller's reference, kept */
    s->status = status;
    s->bytes = bytes;
    c->bytes += bytes;
  }
  pthread_mutex_unlock(&c->lock);
  free(k);
  if (resp) MHD_destroy_response(resp);
}
