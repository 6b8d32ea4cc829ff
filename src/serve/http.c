/* http.c — the HTTP side of `parallax serve`, on libmicrohttpd: limits
 * (request line and headers, body, connections, idle time), decoding of
 * the request (request.c), routing to the JSON API (api.c), the page's
 * built-in files (assets.c) and the page itself for every view's URL.
 *
 * Threads: libmicrohttpd runs a pool of worker threads, each with its own
 * connections; a px_store is one connection to the database for one
 * thread at a time, so each worker opens its own on first use (kept in
 * thread-local storage, closed when the worker ends). */
#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <microhttpd.h>
#include "serve/assets.h"
#include "serve/serve.h"

struct serve_server {
  struct MHD_Daemon *daemon;
  char *db;                 /* owned copy of the path */
  pthread_key_t key;        /* per thread: a worker_store */
  serve_cache *cache;       /* owned; NULL with --no-cache */
  unsigned port;
};

/* A worker's store, or why it could not be opened. */
typedef struct worker_store {
  px_store *store;
  char err[512];
} worker_store;

static void worker_store_free(void *p) {
  worker_store *w = p;
  if (w) px_store_close(w->store);
  free(w);
}

static worker_store *thread_store(serve_server *srv) {
  worker_store *w = pthread_getspecific(srv->key);
  if (w) return w;
  w = calloc(1, sizeof *w);
  if (!w) return NULL;
  px_status st = px_store_open(srv->db, PX_STORE_READ, &w->store, w->err,
                               sizeof w->err);
  if (st != PX_OK) w->store = NULL;
  if (pthread_setspecific(srv->key, w)) {
    worker_store_free(w);
    return NULL;
  }
  return w;
}

/* Headers every reply carries: the page loads nothing from other hosts
 * and runs no inline script; nothing is sniffed or framed. */
static void common_headers(struct MHD_Response *r, const serve_reply *rp) {
  MHD_add_response_header(r, "Content-Type", rp->type);
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(r, "X-Frame-Options", "DENY");
  MHD_add_response_header(r, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; "
                          "style-src 'self'; script-src 'self'; "
                          "connect-src 'self'; base-uri 'none'; "
                          "form-action 'self'; frame-ancestors 'none'");
  if (rp->cache) MHD_add_response_header(r, "Cache-Control", rp->cache);
  if (rp->etag) MHD_add_response_header(r, "ETag", rp->etag);
  if (rp->allow) MHD_add_response_header(r, "Allow", rp->allow);
}

/* Sends the reply; an API answer with a key is also kept in the cache. */
static enum MHD_Result send_reply(serve_server *srv, struct MHD_Connection *c,
                                  serve_reply *rp, const char *key,
                                  size_t key_len) {
  struct MHD_Response *r;
  size_t bytes = rp->len;
  if (rp->owned) {
    r = MHD_create_response_from_buffer(rp->len, rp->owned, MHD_RESPMEM_MUST_FREE);
    if (r) rp->owned = NULL; /* the response owns it now */
  } else {
    /* static bytes: libmicrohttpd only reads a PERSISTENT buffer, but
     * its prototype predates const */
    const char *b = rp->body ? rp->body : "";
    r = MHD_create_response_from_buffer(rp->len, (void *)(uintptr_t)b,
                                        MHD_RESPMEM_PERSISTENT);
  }
  if (!r) return MHD_NO;
  common_headers(r, rp);
  enum MHD_Result ret = MHD_queue_response(c, rp->status, r);
  if (key && rp->status == 200 && ret == MHD_YES)
    serve_cache_put(srv->cache, key, key_len, rp->status, r, bytes);
  else
    MHD_destroy_response(r);
  return ret;
}

static void reply_asset(serve_reply *rp, const serve_asset *a,
                        struct MHD_Connection *c) {
  const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
  rp->type = a->type;
  rp->etag = a->etag;
  rp->cache = "no-cache"; /* revalidate: the ETag answers 304 */
  if (inm && !strcmp(inm, a->etag)) {
    rp->status = 304;
    rp->body = NULL;
    rp->len = 0;
    return;
  }
  rp->status = 200;
  rp->body = (const char *)a->data;
  rp->len = a->len;
}

/* Is this the URL of one of the page's views? Each is the page itself;
 * its script reads the URL and draws the view (docs/API.md, "The page"). */
static int page_route(const serve_request *rq) {
  if (rq->n_segs == 0) return 1;
  const char *v = rq->segs[0];
  if (rq->n_segs == 1) return !strcmp(v, "search") || !strcmp(v, "quotes");
  if (rq->n_segs == 2) return !strcmp(v, "story") || !strcmp(v, "article");
  return 0;
}

typedef struct collect {
  serve_request *rq;
  unsigned status;
  char err[256];
} collect;

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind,
                                     const char *key, const char *value) {
  collect *co = cls;
  (void)kind;
  if (co->status) return MHD_NO;
  co->status = serve_request_param(co->rq, key, value, co->err, sizeof co->err);
  return co->status ? MHD_NO : MHD_YES;
}

/* libmicrohttpd decodes nothing: request.c decodes each segment and value
 * once, after the structure of the path is known, so that "%2f" and
 * "%2e%2e" cannot turn into structure. */
static size_t unescape_nothing(void *cls, struct MHD_Connection *c, char *s) {
  (void)cls, (void)c;
  return strlen(s);
}

/* The cache's key of an API request: its decoded segments and
 * parameters, kept apart by bytes that no decoded text holds. */
static size_t api_key(const serve_request *rq, char *key, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < rq->n_segs; i++)
    n += (size_t)snprintf(key + n, n < cap ? cap - n : 0, "\x01%s", rq->segs[i]);
  for (size_t i = 0; i < rq->n_params; i++)
    n += (size_t)snprintf(key + n, n < cap ? cap - n : 0, "\x02%s\x03%s",
                          rq->params[i].name, rq->params[i].value);
  return n < cap ? n : 0; /* 0: too long to keep */
}

static enum MHD_Result route(serve_server *srv, struct MHD_Connection *c,
                             const char *url) {
  serve_request rq;
  memset(&rq, 0, sizeof rq);
  serve_reply rp;
  memset(&rp, 0, sizeof rp);
  char err[256], key[SERVE_MAX_PATH + SERVE_MAX_QUERY + 64];
  size_t key_len = 0;
  int sent = 0, ret = MHD_NO;
  unsigned status = serve_request_path(&rq, url, err, sizeof err);
  if (!status) {
    collect co = {&rq, 0, ""};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_param, &co);
    if (co.status) {
      status = co.status;
      memcpy(err, co.err, sizeof err);
    }
  }
  if (status) {
    serve_reply_error(&rp, status, err);
  } else if (rq.n_segs >= 1 && !strcmp(rq.segs[0], "api")) {
    key_len = api_key(&rq, key, sizeof key);
    if (key_len && serve_cache_send(srv->cache, key, key_len, c, &ret)) {
      sent = 1;
    } else {
      worker_store *w = thread_store(srv);
      if (!w) serve_reply_error(&rp, 503, "out of memory");
      else serve_api(w->store, w->err, &rq, &rp);
    }
  } else if (rq.n_segs == 2 && !strcmp(rq.segs[0], "static")) {
    char path[300];
    snprintf(path, sizeof path, "/static/%.256s", rq.segs[1]);
    const serve_asset *a = serve_asset_find(path);
    if (a) reply_asset(&rp, a, c);
    else serve_reply_error(&rp, 404, "no such file");
  } else if (page_route(&rq)) {
    const serve_asset *a = serve_asset_find("/static/index.html");
    if (a) reply_asset(&rp, a, c);
    else serve_reply_error(&rp, 500, "the page is missing from this build");
  } else {
    serve_reply_error(&rp, 404, "no such page");
  }
  if (!sent) ret = send_reply(srv, c, &rp, key_len ? key : NULL, key_len);
  free(rp.owned);
  serve_request_free(&rq);
  return (enum MHD_Result)ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls) {
  serve_server *srv = cls;
  static int seen;
  (void)version, (void)upload_data;
  serve_reply rp;
  memset(&rp, 0, sizeof rp);
  /* libmicrohttpd sends no body for HEAD by itself */
  int head = !strcmp(method, MHD_HTTP_METHOD_HEAD);
  if (*con_cls != &seen) {
    /* The first call, with the headers only. A reply queued now would
     * close the connection after it (libmicrohttpd cannot know the body
     * is empty), so good requests are answered on the next call, and only
     * the refused ones now. */
    *con_cls = &seen;
    if (!head && strcmp(method, MHD_HTTP_METHOD_GET)) {
      serve_reply_error(&rp, 405, "this server is read-only: GET and HEAD only");
      rp.allow = "GET, HEAD";
    } else {
      const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
      const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
      if ((cl && strcmp(cl, "0")) || te)
        serve_reply_error(&rp, 413, "a request to this server has no body");
      else
        return MHD_YES;
    }
  } else if (*upload_data_size) {
    /* A body after all (one libmicrohttpd let through): not read. */
    *upload_data_size = 0;
    return MHD_NO; /* closes the connection */
  } else {
    return route(srv, c, url);
  }
  enum MHD_Result ret = send_reply(srv, c, &rp, NULL, 0);
  free(rp.owned);
  return ret;
}

/* libmicrohttpd's own messages (a malformed request, a refused
 * connection), at most 20 a minute, so that a hostile client cannot fill
 * the log. */
static void log_mhd(void *cls, const char *fmt, va_list ap) {
  static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  static time_t minute;
  static unsigned said, dropped;
  (void)cls;
  time_t now = time(NULL);
  pthread_mutex_lock(&lock);
  if (now / 60 != minute) {
    if (dropped)
      fprintf(stderr, "parallax: serve: %u more messages of the server left out\n", dropped);
    minute = now / 60;
    said = dropped = 0;
  }
  if (said < 20) {
    said++;
    fputs("parallax: serve: ", stderr);
    vfprintf(stderr, fmt, ap);
  } else {
    dropped++;
  }
  pthread_mutex_unlock(&lock);
}

/* Splits "ADDR:PORT" ("[::1]:8080" for IPv6) and resolves ADDR without a
 * name lookup that could leave the machine (numeric, or "localhost"). */
static int parse_listen(const char *listen, struct sockaddr_storage *sa,
                        socklen_t *sa_len, char *err, size_t errlen) {
  char host[256];
  const char *colon = strrchr(listen, ':');
  if (!colon || colon == listen || !colon[1]) goto bad;
  size_t hl = (size_t)(colon - listen);
  if (hl >= sizeof host) goto bad;
  memcpy(host, listen, hl);
  host[hl] = '\0';
  if (host[0] == '[') {
    if (hl < 3 || host[hl - 1] != ']') goto bad;
    memmove(host, host + 1, hl - 2);
    host[hl - 2] = '\0';
  }
  const char *port = colon + 1;
  for (const char *p = port; *p; p++)
    if (*p < '0' || *p > '9') goto bad;
  if (strlen(port) > 5 || atoi(port) > 65535) goto bad;
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
  if (strcmp(host, "localhost")) hints.ai_flags |= AI_NUMERICHOST;
  int rc = getaddrinfo(host, port, &hints, &res);
  if (rc == EAI_NONAME && (hints.ai_flags & AI_NUMERICHOST)) {
    snprintf(err, errlen, "--listen '%s': the address must be numeric "
                          "(127.0.0.1, ::1) or localhost", listen);
    return -1;
  }
  if (rc || !res) {
    snprintf(err, errlen, "--listen '%s': %s", listen,
             rc ? gai_strerror(rc) : "no address");
    return -1;
  }
  memcpy(sa, res->ai_addr, res->ai_addrlen);
  *sa_len = res->ai_addrlen;
  freeaddrinfo(res);
  return 0;
bad:
  snprintf(err, errlen, "--listen needs ADDR:PORT (127.0.0.1:8080, [::1]:8080), not '%s'",
           listen);
  return -1;
}

int serve_start(const serve_opts *o, serve_server **out, char *err,
                size_t errlen) {
  *out = NULL;
  struct sockaddr_storage sa;
  socklen_t sa_len = 0;
  if (parse_listen(o->listen ? o->listen : "127.0.0.1:8080", &sa, &sa_len, err,
                   errlen))
    return -2;
  /* The store is checked once here, so a wrong file is said at start. */
  px_store *probe = NULL;
  if (px_store_open(o->db, PX_STORE_READ, &probe, err, errlen) != PX_OK) return -1;
  px_store_close(probe);

  serve_server *srv = calloc(1, sizeof *srv);
  if (!srv || !(srv->db = strdup(o->db)) || pthread_key_create(&srv->key, worker_store_free)) {
    if (srv) free(srv->db);
    free(srv);
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  if (!o->no_cache && !(srv->cache = serve_cache_new(o->db))) {
    pthread_key_delete(srv->key);
    free(srv->db);
    free(srv);
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO |
                   MHD_USE_ERROR_LOG;
  if (sa.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  unsigned threads = o->threads ? o->threads : 2;
  unsigned max_conns = o->max_conns ? o->max_conns : 512;
  srv->daemon = MHD_start_daemon(
      flags, 0, NULL, NULL, on_request, srv,
      MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL, /* first, to catch all */
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
      MHD_OPTION_THREAD_POOL_SIZE, threads,
      MHD_OPTION_CONNECTION_LIMIT, max_conns,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, max_conns / 2 > 256 ? max_conns / 2 : 256,
      MHD_OPTION_CONNECTION_TIMEOUT, o->timeout ? o->timeout : 10,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_MEMORY,
      MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
      MHD_OPTION_UNESCAPE_CALLBACK, unescape_nothing, NULL,
      MHD_OPTION_END);
  if (!srv->daemon) {
    snprintf(err, errlen, "cannot listen on %s (in use, or not an address of this machine?)",
             o->listen ? o->listen : "127.0.0.1:8080");
    serve_cache_free(srv->cache);
    pthread_key_delete(srv->key);
    free(srv->db);
    free(srv);
    return -1;
  }
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
  srv->port = info ? info->port : 0;
  *out = srv;
  return 0;
}

unsigned serve_port(const serve_server *s) { return s->port; }

void serve_stop(serve_server *s) {
  if (!s) return;
  MHD_stop_daemon(s->daemon); /* joins the workers: their stores close */
  serve_cache_free(s->cache);
  pthread_key_delete(s->key);
  free(s->db);
  free(s);
}
