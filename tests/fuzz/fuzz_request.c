/* fuzz_request.c — the request decoder of parallax serve (src/serve/
 * request.c) on any bytes: "PATH?QUERY", the query split on '&' and '='
 * as libmicrohttpd splits it ('+' already a space). Whatever it accepts
 * must be safe to route: no segment holds a slash or backslash or is a dot
 * segment, and every segment and value is valid UTF-8 without control
 * characters and within its limit. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "serve/serve.h"

static void check_text(const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int k = px_utf8_decode(s + i, n - i, &cp);
    if (k <= 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) abort();
    i += (size_t)k;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 16384) return 0;
  char *buf = malloc(size + 1);
  if (!buf) return 0;
  memcpy(buf, data, size);
  buf[size] = '\0';
  for (size_t i = 0; i < size; i++)
    if (!buf[i]) buf[i] = 'x'; /* the server sees C strings */
  char *query = strchr(buf, '?');
  if (query) *query++ = '\0';
  serve_request rq;
  memset(&rq, 0, sizeof rq);
  char err[256];
  unsigned st = serve_request_path(&rq, buf, err, sizeof err);
  if (!st && query) {
    for (char *p = query; p && !st;) {
      char *amp = strchr(p, '&');
      if (amp) *amp = '\0';
      for (char *q = p; *q; q++)
        if (*q == '+') *q = ' ';
      char *eq = strchr(p, '=');
      if (eq) *eq = '\0';
      st = serve_request_param(&rq, p, eq ? eq + 1 : NULL, err, sizeof err);
      p = amp ? amp + 1 : NULL;
    }
  }
  if (st) {
    if (st < 400 || st > 499 || !err[0]) abort();
  } else {
    if (rq.n_segs > SERVE_MAX_SEGS || rq.n_params > SERVE_MAX_PARAMS) abort();
    for (size_t i = 0; i < rq.n_segs; i++) {
      const char *g = rq.segs[i];
      if (!*g || strchr(g, '/') || strchr(g, '\\') || !strcmp(g, ".") || !strcmp(g, ".."))
        abort();
      check_text(g);
    }
    for (size_t i = 0; i < rq.n_params; i++) {
      check_text(rq.params[i].name);
      check_text(rq.params[i].value);
      if (strlen(rq.params[i].value) > SERVE_MAX_VALUE) abort();
      if (serve_param_get(&rq, rq.params[i].name) != rq.params[i].value) abort();
    }
  }
  serve_request_free(&rq);
  free(buf);
  return 0;
}
