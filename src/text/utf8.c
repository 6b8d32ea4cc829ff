/* utf8.c — UTF-8 decoding and encoding with strict validation, and repair
 * of untrusted input (invalid sequences -> U+FFFD, NUL bytes removed).
 * Strict means: no overlong forms, no surrogates, nothing above U+10FFFF. */
#include <stdlib.h>
#include <string.h>
#include "parallax.h"

int px_utf8_decode(const char *s, size_t len, int32_t *cp) {
  const unsigned char *u = (const unsigned char *)s;
  if (len == 0) { *cp = 0xFFFD; return 0; }
  unsigned c = u[0];
  if (c < 0x80) { *cp = (int32_t)c; return 1; }
  int n;
  int32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07; min = 0x10000; }
  else { *cp = 0xFFFD; return 0; }
  if ((size_t)n > len) { *cp = 0xFFFD; return 0; }
  for (int i = 1; i < n; i++) {
    if ((u[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 0; }
    v = (v << 6) | (u[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    *cp = 0xFFFD;
    return 0;
  }
  *cp = v;
  return n;
}

int px_utf8_encode(int32_t cp, char out[4]) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Each invalid byte becomes one U+FFFD (3 bytes), so the output is at most
 * three times the input. ASCII runs are copied without decoding. */
char *px_utf8_repair(const char *src, size_t len, size_t *out_len,
                     uint32_t *n_invalid, uint32_t *n_nul) {
  if (len > (SIZE_MAX - 1) / 3) return NULL;
  char *out = malloc(len * 3 + 1);
  if (!out) return NULL;
  size_t o = 0;
  uint32_t bad = 0, nul = 0;
  for (size_t i = 0; i < len;) {
    unsigned char c = (unsigned char)src[i];
    if (c == 0) { nul++; i++; continue; }
    if (c < 0x80) { out[o++] = (char)c; i++; continue; }
    int32_t cp;
    int n = px_utf8_decode(src + i, len - i, &cp);
    if (n == 0) {
      bad++;
      o += (size_t)px_utf8_encode(0xFFFD, out + o);
      i++;
    } else {
      memcpy(out + o, src + i, (size_t)n);
      o += (size_t)n;
      i += (size_t)n;
    }
  }
  out[o] = '\0';
  *out_len = o;
  if (n_invalid) *n_invalid = bad;
  if (n_nul) *n_nul = nul;
  return out;
}
