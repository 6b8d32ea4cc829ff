/* json_fast.c — the fast path for JSON Lines: a strict, allocation-free
 * parser for a line that holds one JSON object. It validates the whole line
 * (RFC 8259 grammar, nesting at most 64 deep) and decodes only the top-level
 * members parallax reads. A line it does not accept, valid or not, goes to
 * jansson, which then has the last word and writes the error message; so
 * this file only has to be right about what it accepts (a differential fuzz
 * target checks it against jansson). jansson costs about as much as the whole
 * text analysis; this path costs a fraction of it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/ingest_internal.h"

#define MAX_DEPTH 64

typedef struct {
  const char *p, *end;
  char *out; /* decoded strings are appended here */
} cursor;

static void skip_ws(cursor *c) {
  while (c->p < c->end &&
         (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

static int hex4(const char *p, unsigned *v) {
  *v = 0;
  for (int i = 0; i < 4; i++) {
    char h = p[i];
    unsigned d = h >= '0' && h <= '9'   ? (unsigned)(h - '0')
                 : h >= 'a' && h <= 'f' ? (unsigned)(h - 'a' + 10)
                 : h >= 'A' && h <= 'F' ? (unsigned)(h - 'A' + 10)
                                        : 16u;
    if (d == 16) return -1;
    *v = *v * 16 + d;
  }
  return 0;
}

/* A \u escape at c->p (after the backslash and 'u'); surrogate pairs
 * joined, lone surrogates refused (jansson refuses them too). */
static int unicode_escape(cursor *c, char **o) {
  unsigned v, lo;
  if (c->end - c->p < 4 || hex4(c->p, &v)) return -1;
  c->p += 4;
  if (v >= 0xDC00 && v <= 0xDFFF) return -1;
  if (v >= 0xD800 && v <= 0xDBFF) {
    if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u' ||
        hex4(c->p + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
      return -1;
    c->p += 6;
    v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
  }
  *o += px_utf8_encode((int32_t)v, *o);
  return 0;
}

/* A string at c->p (the opening quote). With decode, its value is written
 * to c->out and *s, *n point at it. The input is valid UTF-8 already. */
static int string(cursor *c, int decode, const char **s, size_t *n) {
  c->p++;
  char *o = c->out;
  for (;;) {
    const char *q = c->p;
    while (q < c->end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20) q++;
    if (decode) {
      memcpy(o, c->p, (size_t)(q - c->p));
      o += q - c->p;
    }
    c->p = q;
    if (q >= c->end || (unsigned char)*q < 0x20) return -1;
    if (*q == '"') break;
    if (c->end - q < 2) return -1;
    char e = q[1];
    c->p = q + 2;
    char lit = e == '"' ? '"' : e == '\\' ? '\\' : e == '/' ? '/' : e == 'b' ? '\b'
             : e == 'f' ? '\f' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : 0;
    if (lit) {
      if (decode) *o++ = lit;
    } else if (e == 'u') {
      char tmp[4], *t = decode ? o : tmp;
      if (unicode_escape(c, &t)) return -1;
      if (decode) o = t;
    } else {
      return -1;
    }
  }
  c->p++;
  if (decode) {
    *s = c->out;
    *n = (size_t)(o - c->out);
    c->out = o;
  }
  return 0;
}

static int digits(cursor *c) {
  const char *q = c->p;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9') c->p++;
  return c->p > q ? 0 : -1;
}

/* jansson refuses numbers it cannot hold (an integer beyond 64 bits, a
 * real beyond double): refuse those and any that might be, so it decides. */
static int representable(const char *s, size_t n, int integral) {
  if (integral) return n - (s[0] == '-') <= 18;
  char tmp[64];
  if (n >= sizeof tmp) return 0;
  memcpy(tmp, s, n);
  tmp[n] = '\0';
  double d = strtod(tmp, NULL);
  return d < HUGE_VAL && d > -HUGE_VAL;
}

/* A number; *integral says it had no fraction and no exponent. */
static int number(cursor *c, int *integral) {
  const char *start = c->p;
  if (*c->p == '-') c->p++;
  if (c->p >= c->end) return -1;
  if (*c->p == '0') c->p++;
  else if (digits(c)) return -1;
  *integral = 1;
  if (c->p < c->end && *c->p == '.') {
    c->p++;
    *integral = 0;
    if (digits(c)) return -1;
  }
  if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
    c->p++;
    *integral = 0;
    if (c->p < c->end && (*c->p == '+' || *c->p == '-')) c->p++;
    if (digits(c)) return -1;
  }
  return representable(start, (size_t)(c->p - start), *integral) ? 0 : -1;
}

static int literal(cursor *c, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n)) return -1;
  c->p += n;
  return 0;
}

static int value(cursor *c, int depth);

/* An array or an object at c->p, validated and skipped. */
static int container(cursor *c, int depth) {
  char close = *c->p == '[' ? ']' : '}';
  if (depth >= MAX_DEPTH) return -1;
  c->p++;
  skip_ws(c);
  if (c->p < c->end && *c->p == close) { c->p++; return 0; }
  for (;;) {
    if (close == '}') {
      if (c->p >= c->end || *c->p != '"' || string(c, 0, NULL, NULL)) return -1;
      skip_ws(c);
      if (c->p >= c->end || *c->p != ':') return -1;
      c->p++;
    }
    if (value(c, depth + 1)) return -1;
    skip_ws(c);
    if (c->p >= c->end) return -1;
    if (*c->p == close) { c->p++; return 0; }
    if (*c->p != ',') return -1;
    c->p++;
  }
}

static int value(cursor *c, int depth) {
  skip_ws(c);
  if (c->p >= c->end) return -1;
  int integral;
  switch (*c->p) {
  case '"': return string(c, 0, NULL, NULL);
  case '[': case '{': return container(c, depth);
  case 't': return literal(c, "true");
  case 'f': return literal(c, "false");
  case 'n': return literal(c, "null");
  default:
    if (*c->p == '-' || (*c->p >= '0' && *c->p <= '9')) return number(c, &integral);
    return -1;
  }
}

/* One top-level member: decodes the known keys' string values (and an
 * integer id) into f. Keys match exactly. A known key given twice sends the
 * line to jansson, whose rule is then the only one: the last value counts,
 * and a last value that is not a string leaves the field unset. *seen holds
 * one bit per known key (slot * 4 + rank) met so far. */
static int member(cursor *c, px__fields *f, uint32_t *seen) {
  const char *key, *val;
  size_t kn, vn;
  if (c->p >= c->end || *c->p != '"' || string(c, 1, &key, &kn)) return -1;
  skip_ws(c);
  if (c->p >= c->end || *c->p != ':') return -1;
  c->p++;
  skip_ws(c);
  if (memchr(key, '\0', kn)) return -1; /* jansson refuses NUL in keys */
  int rank, slot = px__json_slot(key, kn, &rank);
  if (slot >= 0) {
    uint32_t bit = 1u << (slot * 4 + rank);
    if (*seen & bit) return -1;
    *seen |= bit;
  }
  if (slot >= 0 && c->p < c->end && *c->p == '"') {
    const char *raw = c->p;
    if (string(c, 1, &val, &vn)) return -1;
    px__fields_put(f, slot, rank, val, vn);
    if (slot == 3 && f->text.p == val) f->text_raw = raw;
    return 0;
  }
  if (slot == 0 && c->p < c->end && (*c->p == '-' || (*c->p >= '0' && *c->p <= '9'))) {
    const char *start = c->p;
    int integral;
    if (number(c, &integral)) return -1;
    size_t len = (size_t)(c->p - start);
    /* an integer id the way jansson would print it; others go to jansson */
    if (!integral || (start[0] == '-' && len == 2 && start[1] == '0'))
      return -1;
    memcpy(c->out, start, len);
    px__fields_put(f, slot, rank, c->out, len);
    c->out += len;
    return 0;
  }
  return value(c, 1);
}

int px__json_fast(const char *p, size_t n, char *scratch, px__fields *f) {
  cursor c = {p, p + n, scratch};
  uint32_t seen = 0;
  skip_ws(&c);
  if (c.p >= c.end || *c.p != '{') return -1;
  c.p++;
  skip_ws(&c);
  if (c.p < c.end && *c.p == '}') {
    c.p++;
  } else {
    for (;;) {
      if (member(&c, f, &seen)) return -1;
      skip_ws(&c);
      if (c.p >= c.end) return -1;
      if (*c.p == '}') { c.p++; break; }
      if (*c.p != ',') return -1;
      c.p++;
      skip_ws(&c);
    }
  }
  skip_ws(&c);
  return c.p == c.end ? 0 : -1;
}
