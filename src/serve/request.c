/* request.c — decodes and checks what a request asks for: its path,
 * segment by segment, and its query parameters. Everything a client sends
 * is hostile until checked here: percent escapes are decoded once, and a
 * segment or value that decodes to a path separator, a dot segment, a NUL
 * or other control character, or invalid UTF-8 is refused before any
 * handler sees it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "serve/serve.h"

static int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Room for n more bytes in the arena; the arena is sized once per request
 * from the bounded raw lengths, so it never moves while strings point
 * into it. Returns the place, or NULL when it is full. */
static char *arena_take(serve_request *rq, size_t n) {
  if (!rq->arena) {
    rq->arena_cap = SERVE_MAX_PATH + SERVE_MAX_QUERY + 2 * SERVE_MAX_PARAMS +
                    SERVE_MAX_SEGS + 16;
    rq->arena = malloc(rq->arena_cap);
    if (!rq->arena) return NULL;
  }
  if (rq->arena_cap - rq->arena_len < n) return NULL;
  char *p = rq->arena + rq->arena_len;
  rq->arena_len += n;
  return p;
}

/* Is s[0..n) valid UTF-8 without control characters (C0, DEL, C1)? */
static int clean_utf8(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    int k = px_utf8_decode(s + i, n - i, &cp);
    if (k <= 0) return 0;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
    i += (size_t)k;
  }
  return 1;
}

/* Decodes raw[0..n) (percent escapes) into the arena. Returns the decoded
 * string, or NULL with why in err. */
static const char *decode(serve_request *rq, const char *raw, size_t n,
                          const char *what, char *err, size_t errlen) {
  char *out = arena_take(rq, n + 1);
  if (!out) {
    snprintf(err, errlen, "the request is too long");
    return NULL;
  }
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (raw[i] != '%') {
      out[o++] = raw[i];
      continue;
    }
    if (i + 2 >= n) {
      snprintf(err, errlen, "%s: a '%%' not followed by two hex digits", what);
      return NULL;
    }
    int a = hex_value((unsigned char)raw[i + 1]);
    int b = a < 0 ? -1 : hex_value((unsigned char)raw[i + 2]);
    if (b < 0) {
      snprintf(err, errlen, "%s: a '%%' not followed by two hex digits", what);
      return NULL;
    }
    out[o++] = (char)(a * 16 + b);
    i += 2;
  }
  out[o] = '\0';
  if (memchr(out, '\0', o)) {
    snprintf(err, errlen, "%s holds a NUL byte", what);
    return NULL;
  }
  if (!clean_utf8(out, o)) {
    snprintf(err, errlen, "%s is not valid UTF-8 text (or holds a control character)", what);
    return NULL;
  }
  return out;
}

unsigned serve_request_path(serve_request *rq, const char *path, char *err,
                            size_t errlen) {
  size_t n = strlen(path);
  if (n > SERVE_MAX_PATH) {
    snprintf(err, errlen, "the path is longer than %d bytes", SERVE_MAX_PATH);
    return 414;
  }
  if (n == 0 || path[0] != '/') {
    snprintf(err, errlen, "the path must start with '/'");
    return 400;
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)path[i];
    if (c <= 0x20 || c >= 0x7f || c == '\\') {
      snprintf(err, errlen, "the path holds a character that must be percent-encoded (byte %zu)", i);
      return 400;
    }
  }
  rq->n_segs = 0;
  const char *p = path + 1;
  while (*p) {
    const char *end = strchr(p, '/');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == 0) {
      if (!end) break; /* a trailing slash */
      snprintf(err, errlen, "the path has an empty segment ('//')");
      return 400;
    }
    if (rq->n_segs == SERVE_MAX_SEGS) {
      snprintf(err, errlen, "the path has more than %d segments", SERVE_MAX_SEGS);
      return 414;
    }
    const char *seg = decode(rq, p, len, "the path", err, errlen);
    if (!seg) return 400;
    if (strchr(seg, '/') || strchr(seg, '\\')) {
      snprintf(err, errlen, "the path holds an encoded slash");
      return 400;
    }
    if (!strcmp(seg, ".") || !strcmp(seg, "..")) {
      snprintf(err, errlen, "the path holds a '%s' segment", seg);
      return 400;
    }
    rq->segs[rq->n_segs++] = seg;
    if (!end) break;
    p = end + 1;
  }
  return 0;
}

unsigned serve_request_param(serve_request *rq, const char *name,
                             const char *value, char *err, size_t errlen) {
  size_t nl = strlen(name), vl = value ? strlen(value) : 0;
  rq->query_bytes += nl + vl + 2;
  if (rq->query_bytes > SERVE_MAX_QUERY) {
    snprintf(err, errlen, "the query string is longer than %d bytes", SERVE_MAX_QUERY);
    return 414;
  }
  if (rq->n_params == SERVE_MAX_PARAMS) {
    snprintf(err, errlen, "the query string has more than %d parameters", SERVE_MAX_PARAMS);
    return 400;
  }
  const char *n = decode(rq, name, nl, "a parameter name", err, errlen);
  if (!n) return 400;
  char what[64];
  snprintf(what, sizeof what, "parameter '%.32s'", n);
  const char *v = decode(rq, value ? value : "", vl, what, err, errlen);
  if (!v) return 400;
  if (strlen(v) > SERVE_MAX_VALUE) {
    snprintf(err, errlen, "%s is longer than %d bytes", what, SERVE_MAX_VALUE);
    return 414;
  }
  if (serve_param_get(rq, n)) {
    snprintf(err, errlen, "%s is given twice", what);
    return 400;
  }
  rq->params[rq->n_params].name = n;
  rq->params[rq->n_params].value = v;
  rq->n_params++;
  return 0;
}

const char *serve_param_get(const serve_request *rq, const char *name) {
  for (size_t i = 0; i < rq->n_params; i++)
    if (!strcmp(rq->params[i].name, name)) return rq->params[i].value;
  return NULL;
}

void serve_request_free(serve_request *rq) {
  free(rq->arena);
  memset(rq, 0, sizeof *rq);
}
