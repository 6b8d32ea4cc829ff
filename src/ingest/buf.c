/* buf.c — the small helpers the ingest files share: a growable byte buffer
 * (callers enforce their own limits before growing it), ASCII trimming, and
 * a scan that locates bad UTF-8 and NUL bytes for the diagnostics. */
#include <stdlib.h>
#include <string.h>
#include "ingest/ingest_internal.h"

int px__buf_reserve(px__buf *b, size_t extra) {
  if (extra > SIZE_MAX - b->len - 1) return -1;
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *p = realloc(b->p, cap);
  if (!p) return -1;
  b->p = p;
  b->cap = cap;
  return 0;
}

int px__buf_append(px__buf *b, const void *data, size_t n) {
  if (px__buf_reserve(b, n) != 0) return -1;
  if (n) memcpy(b->p + b->len, data, n);
  b->len += n;
  b->p[b->len] = '\0';
  return 0;
}

int px__buf_set(px__buf *b, const char *s, size_t n) {
  b->len = 0;
  return px__buf_append(b, s, n);
}

void px__buf_free(px__buf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

int px__is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

const char *px__trim(const char *p, size_t *n) {
  size_t len = *n;
  if (!p) { *n = 0; return p; }
  while (len && px__is_space((unsigned char)*p)) { p++; len--; }
  while (len && px__is_space((unsigned char)p[len - 1])) len--;
  *n = len;
  return p;
}

int px__utf8_scan(const char *p, size_t n, size_t *first_invalid,
                  size_t *first_nul) {
  *first_invalid = *first_nul = SIZE_MAX;
  for (size_t i = 0; i < n;) {
    /* eight ASCII bytes without a NUL at a time: the common case */
    if (n - i >= 8) {
      uint64_t w;
      memcpy(&w, p + i, 8);
      uint64_t zero = (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
      if (!(w & 0x8080808080808080ull) && !zero) {
        i += 8;
        continue;
      }
    }
    unsigned char c = (unsigned char)p[i];
    if (c == 0 && *first_nul == SIZE_MAX) *first_nul = i;
    if (c < 0x80) { i++; continue; }
    int32_t cp;
    int len = px_utf8_decode(p + i, n - i, &cp);
    if (len == 0) {
      if (*first_invalid == SIZE_MAX) *first_invalid = i;
      len = 1;
    }
    i += (size_t)len;
    if (*first_invalid != SIZE_MAX && *first_nul != SIZE_MAX) break;
  }
  return *first_invalid != SIZE_MAX || *first_nul != SIZE_MAX;
}
