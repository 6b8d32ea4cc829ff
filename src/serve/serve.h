/* serve.h — what the files of `parallax serve` share: the parsed request,
 * the reply, the JSON API over the store and the HTTP server around them.
 * The server uses only include/parallax.h from the library (the store's
 * queries: it never touches SQLite) plus libmicrohttpd and jansson. */
#ifndef PX_SERVE_H
#define PX_SERVE_H
#include <stddef.h>
#include "parallax.h"

/* Limits on what a request may hold. A request past one is refused with a
 * 4xx status and a JSON message; none of them costs more than its bytes. */
#define SERVE_MAX_PATH 1024      /* bytes of the path, before decoding */
#define SERVE_MAX_SEGS 8         /* path segments */
#define SERVE_MAX_QUERY 4096     /* bytes of the whole query string */
#define SERVE_MAX_PARAMS 16      /* parameters in the query string */
#define SERVE_MAX_VALUE 1024     /* bytes of one decoded value */
#define SERVE_MEMORY 16384       /* request line and headers (MHD's pool) */

typedef struct serve_param {
  const char *name;  /* decoded; borrowed from the request's arena */
  const char *value; /* decoded, valid UTF-8, no control characters */
} serve_param;

/* One request, decoded and checked (request.c). Every string is borrowed
 * from arena, which the request owns. */
typedef struct serve_request {
  const char *segs[SERVE_MAX_SEGS]; /* decoded path segments */
  size_t n_segs;                    /* 0 for "/" */
  serve_param params[SERVE_MAX_PARAMS];
  size_t n_params;
  size_t query_bytes;               /* raw bytes of the query string */
  char *arena;                      /* owned: free() */
  size_t arena_len, arena_cap;
} serve_request;

/* A reply: a status, a content type and a body. */
typedef struct serve_reply {
  unsigned status;
  const char *type;       /* static */
  const char *body;       /* owned or static bytes; NULL: none */
  char *owned;            /* what of it the reply owns (free()), or NULL */
  size_t len;
  const char *etag;       /* static or NULL */
  const char *cache;      /* Cache-Control value, static */
  const char *allow;      /* Allow header (405), static or NULL */
} serve_reply;

/* Decodes and checks a raw path (no query): percent escapes decoded per
 * segment; an empty segment ("//"), "." or "..", an encoded slash or
 * backslash, a NUL, a control character or invalid UTF-8 in a segment is
 * refused. Returns 0, or the HTTP status (400, 414) after writing why to
 * err. */
unsigned serve_request_path(serve_request *rq, const char *path, char *err,
                            size_t errlen);
/* Adds one query parameter as libmicrohttpd split it ('+' already made a
 * space, nothing else decoded; value may be NULL). Returns 0 or the HTTP
 * status after writing why to err. */
unsigned serve_request_param(serve_request *rq, const char *name,
                             const char *value, char *err, size_t errlen);
/* The value of parameter name, or NULL when absent. */
const char *serve_param_get(const serve_request *rq, const char *name);
void serve_request_free(serve_request *rq);

/* Sets an error reply: {"error": {"status": N, "message": "..."}}. */
void serve_reply_error(serve_reply *out, unsigned status, const char *message);

/* The JSON API (api.c): answers rq (whose first segment is "api") from the
 * store s (borrowed; NULL when it could not be opened, with why in
 * open_err). */
void serve_api(px_store *s, const char *open_err, const serve_request *rq,
               serve_reply *out);

/* Answers kept for requests asked again (cache.c); emptied when the
 * store's files change. */
struct MHD_Connection;
struct MHD_Response;
typedef struct serve_cache serve_cache;
/* A cache for the store at db (copied); NULL when out of memory. */
serve_cache *serve_cache_new(const char *db);
void serve_cache_free(serve_cache *c);
/* Queues the kept answer to key[0..len) on conn and returns 1 (with
 * libmicrohttpd's result in *ret), or returns 0 when none is kept (c may
 * be NULL: no cache). */
int serve_cache_send(serve_cache *c, const char *key, size_t len,
                     struct MHD_Connection *conn, int *ret);
/* Keeps resp (its reference is handed over) as the answer to key, bytes
 * long, when there is room; else lets it go. */
void serve_cache_put(serve_cache *c, const char *key, size_t len,
                     unsigned status, struct MHD_Response *resp, size_t bytes);

/* /api/stories/ID/coverage (coverage.c): what each outlet adds to story
 * id, from the store's articles, into out. */
void serve_api_coverage(px_store *s, uint32_t id, serve_reply *out);

/* The server (http.c). */
typedef struct serve_opts {
  const char *db;      /* borrowed: the store's path */
  const char *listen;  /* borrowed: "ADDR:PORT" (port 0: any free one) */
  unsigned threads;    /* worker threads (0: 2) */
  unsigned timeout;    /* seconds a connection may stay idle (0: 10) */
  unsigned max_conns;  /* connections at once (0: 512) */
  int no_cache;        /* answer every API request from the store */
} serve_opts;

typedef struct serve_server serve_server;

/* Opens the store once to check it, then listens. Returns 0 and an owned
 * server (serve_stop), -2 for a listen address that is not one, or -1 for
 * another failure (the store, the port), after writing why to err. */
int serve_start(const serve_opts *o, serve_server **out, char *err,
                size_t errlen);
/* The port it listens on (the one chosen when 0 was asked). */
unsigned serve_port(const serve_server *s);
/* Stops listening, ends the connections, closes the stores, frees s. */
void serve_stop(serve_server *s);
#endif
