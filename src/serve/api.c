/* api.c — the JSON API of `parallax serve` (docs/API.md): each endpoint
 * checks its parameters, asks the store (px_store_*: the server never
 * touches SQLite, and the store binds every value), and wraps the store's
 * JSON in the object the API promises. Errors are JSON too, with a status
 * that fits: 400 for a bad parameter or search query, 404 for no such
 * story, article or endpoint, 500 for a database that fails, 503 when
 * memory runs out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "serve/serve.h"

#define API_MAX_LIMIT 1000
#define API_MAX_OFFSET 1000000

void serve_reply_error(serve_reply *out, unsigned status, const char *message) {
  free(out->owned);
  memset(out, 0, sizeof *out);
  out->status = status;
  out->type = "application/json; charset=utf-8";
  out->cache = "no-store";
  json_t *o = json_pack("{s:{s:i,s:s}}", "error", "status", (json_int_t)status,
                        "message", message ? message : "");
  char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(o);
  if (!text) {
    static const char fallback[] = "{\"error\":{\"status\":503,\"message\":\"out of memory\"}}";
    out->status = 503;
    out->body = fallback;
    out->len = sizeof fallback - 1;
    return;
  }
  out->body = out->owned = text;
  out->len = strlen(text);
}

/* Puts the store's JSON (handed over) inside {"KEY":JSON,...extra} as the
 * reply's body. extra is "" or more members starting with a comma. */
static void reply_wrapped(serve_reply *out, const char *key, char *json,
                          const char *extra) {
  size_t jl = strlen(json), kl = strlen(key), el = strlen(extra);
  char *body = malloc(kl + jl + el + 8);
  if (!body) {
    free(json);
    serve_reply_error(out, 503, "out of memory");
    return;
  }
  size_t n = 0;
  body[n++] = '{';
  body[n++] = '"';
  memcpy(body + n, key, kl), n += kl;
  body[n++] = '"';
  body[n++] = ':';
  memcpy(body + n, json, jl), n += jl;
  memcpy(body + n, extra, el), n += el;
  body[n++] = '}';
  body[n++] = '\n';
  body[n] = '\0';
  free(json);
  out->status = 200;
  out->type = "application/json; charset=utf-8";
  out->cache = "no-cache";
  out->body = out->owned = body;
  out->len = n;
}

/* The status of a store call that failed, and its message. */
static void reply_store_error(serve_reply *out, px_store *s, px_status st) {
  unsigned status = 500;
  switch (st) {
  case PX_NOT_FOUND: status = 404; break;
  case PX_USAGE:
  case PX_BAD_QUERY: status = 400; break;
  case PX_NOMEM: status = 503; break;
  default: break;
  }
  const char *msg = px_store_errmsg(s);
  serve_reply_error(out, status, msg && *msg ? msg : px_strerror(st));
}

/* A whole number from lo to hi in value, else 0 after the error reply. */
static int parse_count(serve_reply *out, const char *name, const char *value,
                       size_t lo, size_t hi, size_t *n) {
  char msg[160];
  const char *p = value;
  size_t v = 0;
  if (!*p) goto bad;
  for (; *p; p++) {
    if (*p < '0' || *p > '9') goto bad;
    v = v * 10 + (size_t)(*p - '0');
    if (v > hi) goto bad;
  }
  if (v < lo) goto bad;
  *n = v;
  return 1;
bad:
  snprintf(msg, sizeof msg, "'%s' must be a whole number from %zu to %zu, not '%.40s'",
           name, lo, hi, value);
  serve_reply_error(out, 400, msg);
  return 0;
}

static int is_date(const char *s) {
  static const char shape[] = "dddd-dd-dd";
  for (size_t i = 0; i < sizeof shape - 1; i++) {
    if (!s[i]) return 0;
    if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-') return 0;
  }
  if (s[10]) return 0;
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* Checks that every parameter is one of names (NULL-terminated) and fills
 * the filter from the common ones (dates, outlet, story, paging). Returns 0
 * after an error reply. */
static int read_filter(serve_reply *out, const serve_request *rq,
                       const char *const *names, px_store_filter *f) {
  char msg[256];
  for (size_t i = 0; i < rq->n_params; i++) {
    int known = 0;
    for (const char *const *n = names; *n; n++)
      if (!strcmp(*n, rq->params[i].name)) known = 1;
    if (!known) {
      size_t len = 0;
      char list[120] = "";
      for (const char *const *n = names; *n; n++)
        len += (size_t)snprintf(list + len, len < sizeof list ? sizeof list - len : 0,
                                "%s%s", n == names ? "" : ", ", *n);
      snprintf(msg, sizeof msg, "unknown parameter '%.40s' (this endpoint takes %s)",
               rq->params[i].name, list);
      serve_reply_error(out, 400, msg);
      return 0;
    }
  }
  memset(f, 0, sizeof *f);
  static const char *const date_names[] = {"from", "to"};
  for (size_t i = 0; i < 2; i++) {
    const char *v = serve_param_get(rq, date_names[i]);
    if (!v || !*v) continue;
    if (!is_date(v)) {
      snprintf(msg, sizeof msg, "'%s' must be a date YYYY-MM-DD, not '%.40s'",
               date_names[i], v);
      serve_reply_error(out, 400, msg);
      return 0;
    }
    *(i ? &f->to : &f->from) = v;
  }
  const char *v;
  size_t story;
  if ((v = serve_param_get(rq, "outlet")) && *v) f->outlet = v;
  if ((v = serve_param_get(rq, "story")) && *v) {
    if (!parse_count(out, "story", v, 1, UINT32_MAX, &story)) return 0;
    f->story = (uint32_t)story;
  }
  if ((v = serve_param_get(rq, "limit")) && *v &&
      !parse_count(out, "limit", v, 1, API_MAX_LIMIT, &f->limit))
    return 0;
  if ((v = serve_param_get(rq, "offset")) && *v &&
      !parse_count(out, "offset", v, 0, API_MAX_OFFSET, &f->offset))
    return 0;
  return 1;
}

/* The reply to a store call: its JSON (handed over) wrapped under key, with
 * the paging of f when f is not NULL, or the store's error. */
static void reply_store(serve_reply *out, px_store *s, px_status st, char *json,
                        const char *key, const px_store_filter *f,
                        size_t default_limit) {
  if (st != PX_OK) {
    reply_store_error(out, s, st);
    return;
  }
  char extra[64] = "";
  if (f)
    snprintf(extra, sizeof extra, ",\"limit\":%zu,\"offset\":%zu",
             f->limit ? f->limit : default_limit, f->offset);
  reply_wrapped(out, key, json, extra);
}

/* The filter of a list endpoint whose parameter `required` must be given;
 * 0 after an error reply. */
static int read_required(serve_reply *out, const serve_request *rq,
                         const char *const *names, px_store_filter *f,
                         const char *required, const char *what,
                         const char **value) {
  if (!read_filter(out, rq, names, f)) return 0;
  *value = serve_param_get(rq, required);
  if (*value && **value) return 1;
  char msg[120];
  snprintf(msg, sizeof msg, "'%s' is required: %s", required, what);
  serve_reply_error(out, 400, msg);
  return 0;
}

/* The id of /api/KIND/ID[/...], an endpoint that takes no parameters; 0
 * after an error reply. */
static int read_story_id(serve_reply *out, const serve_request *rq, uint32_t *id) {
  if (rq->n_params) {
    serve_reply_error(out, 400, "this endpoint takes no parameters");
    return 0;
  }
  size_t v;
  if (!parse_count(out, "story id", rq->segs[2], 1, UINT32_MAX, &v)) {
    out->status = 404;
    return 0;
  }
  *id = (uint32_t)v;
  return 1;
}

static void api_stories(px_store *s, const serve_request *rq, serve_reply *out) {
  static const char *const names[] = {"from", "to", "outlet", "q", "limit",
                                      "offset", "order", NULL};
  px_store_filter f;
  if (!read_filter(out, rq, names, &f)) return;
  const char *v;
  if ((v = serve_param_get(rq, "q")) && *v) f.query = v;
  if ((v = serve_param_get(rq, "order")) && *v) {
    if (!strcmp(v, "newest")) f.order = PX_STORE_NEWEST;
    else if (!strcmp(v, "largest")) f.order = PX_STORE_LARGEST;
    else {
      serve_reply_error(out, 400, "'order' must be 'newest' or 'largest'");
      return;
    }
  }
  char *json = NULL;
  px_status st = px_store_stories(s, &f, &json);
  reply_store(out, s, st, json, "stories", &f, 50);
}

static void api_story(px_store *s, const serve_request *rq, serve_reply *out) {
  uint32_t id;
  if (!read_story_id(out, rq, &id)) return;
  char *json = NULL;
  px_status st = px_store_story(s, id, &json);
  reply_store(out, s, st, json, "story", NULL, 0);
}

static void api_coverage(px_store *s, const serve_request *rq, serve_reply *out) {
  uint32_t id;
  if (read_story_id(out, rq, &id)) serve_api_coverage(s, id, out);
}

static void api_article(px_store *s, const serve_request *rq, serve_reply *out) {
  if (rq->n_params) {
    serve_reply_error(out, 400, "this endpoint takes no parameters");
    return;
  }
  char *json = NULL;
  px_status st = px_store_article(s, rq->segs[2], &json);
  reply_store(out, s, st, json, "article", NULL, 0);
}

static void api_search(px_store *s, const serve_request *rq, serve_reply *out) {
  static const char *const names[] = {"q", "from", "to", "outlet", "story",
                                      "limit", "offset", NULL};
  px_store_filter f;
  if (!read_required(out, rq, names, &f, "q", "the words to search for", &f.query))
    return;
  f.mark_open = "\x02";  /* snippets: the page highlights between these */
  f.mark_close = "\x03";
  char *json = NULL;
  px_status st = px_store_search(s, &f, &json);
  reply_store(out, s, st, json, "results", &f, 20);
}

static void api_quotes(px_store *s, const serve_request *rq, serve_reply *out) {
  static const char *const names[] = {"speaker", "from", "to", "outlet",
                                      "story", "limit", "offset", NULL};
  px_store_filter f;
  if (!read_required(out, rq, names, &f, "speaker", "the person's name", &f.speaker))
    return;
  char *json = NULL;
  px_status st = px_store_quotes(s, &f, &json);
  reply_store(out, s, st, json, "quotes", &f, 50);
}

void serve_api(px_store *s, const char *open_err, const serve_request *rq,
               serve_reply *out) {
  const char *const *g = rq->segs;
  size_t n = rq->n_segs;
  void (*fn)(px_store *, const serve_request *, serve_reply *) = NULL;
  if (n == 2 && !strcmp(g[1], "stories")) fn = api_stories;
  else if (n == 3 && !strcmp(g[1], "stories")) fn = api_story;
  else if (n == 4 && !strcmp(g[1], "stories") && !strcmp(g[3], "coverage"))
    fn = api_coverage;
  else if (n == 3 && !strcmp(g[1], "articles")) fn = api_article;
  else if (n == 2 && !strcmp(g[1], "search")) fn = api_search;
  else if (n == 2 && !strcmp(g[1], "quotes")) fn = api_quotes;
  if (!fn) {
    serve_reply_error(out, 404, "no such endpoint: the API has /api/stories, "
                                "/api/stories/ID, /api/stories/ID/coverage, "
                                "/api/articles/ID, "
                                "/api/search?q= and /api/quotes?speaker=");
    return;
  }
  if (!s) {
    serve_reply_error(out, 500, open_err ? open_err : "the store could not be opened");
    return;
  }
  fn(s, rq, out);
}
