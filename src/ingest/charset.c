/* charset.c — which charset a page is in, and its conversion to UTF-8.
 * Evidence in order: the transport (an HTTP Content-Type from a WARC
 * record), then a <meta charset> or http-equiv declaration in the first
 * 8 KiB, then the bytes. Labels lie often enough that the bytes have the
 * last word in one direction: valid UTF-8 holding multibyte sequences is
 * read as UTF-8 even when labelled Latin-1. Latin-1 and ASCII labels mean
 * windows-1252, as browsers read them (WHATWG Encoding). Byte-order marks
 * were handled by the byte source before (UTF-8 skipped, UTF-16 converted),
 * so a "utf-16" label on text that reached here means UTF-8. Conversion
 * goes through iconv; a byte that does not decode becomes U+FFFD. */
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>
#include "ingest/web_internal.h"

#define PX__PRESCAN 8192

static void canonical(const char *s, size_t n, char name[40]) {
  size_t k = 0;
  while (n && (*s == ' ' || *s == '"' || *s == '\'')) { s++; n--; }
  for (size_t i = 0; i < n && k < 39; i++) {
    char c = s[i];
    if (c == '"' || c == '\'' || c == ';' || c == ' ' || c == ',' ||
        c == '>' || c == '/')
      break;
    name[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  name[k] = '\0';
  static const char *const latin1[] = {
      "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii",
      "ascii", "iso_8859-1", "cp1252", "x-cp1252", "iso-ir-100", "cp819"};
  for (size_t i = 0; i < sizeof latin1 / sizeof latin1[0]; i++)
    if (!strcmp(name, latin1[i])) strcpy(name, "windows-1252");
  if (!strcmp(name, "utf8") || !strncmp(name, "utf-16", 6) ||
      !strncmp(name, "unicode", 7))
    strcpy(name, "utf-8");
}

void px__content_type_charset(const char *ct, size_t n, char name[40]) {
  name[0] = '\0';
  for (size_t i = 0; i + 8 <= n; i++)
    if (strncasecmp(ct + i, "charset=", 8) == 0) {
      canonical(ct + i + 8, n - i - 8, name);
      return;
    }
}

/* Looks for charset= in a <meta> tag of the prescan window. */
static void meta_charset(const char *p, size_t n, char name[40]) {
  name[0] = '\0';
  if (n > PX__PRESCAN) n = PX__PRESCAN;
  for (size_t i = 0; i + 5 < n; i++) {
    if (p[i] != '<' || strncasecmp(p + i + 1, "meta", 4) != 0) continue;
    const char *end = memchr(p + i, '>', n - i);
    if (!end) return;
    size_t len = (size_t)(end - (p + i));
    for (size_t j = i; j + 8 <= i + len; j++)
      if (strncasecmp(p + j, "charset=", 8) == 0) {
        canonical(p + j + 8, i + len - j - 8, name);
        if (name[0]) return;
      }
  }
}

/* 1 when p[0..n) reads as UTF-8 with multibyte sequences (a few bad
 * bytes among many good sequences are damage, not another charset); 0
 * when it is plain ASCII; -1 when it is not UTF-8. */
static int utf8_kind(const char *p, size_t n) {
  size_t multi = 0, bad = 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)p[i];
    if (c < 0x80) { i++; continue; }
    int32_t cp;
    int k = px_utf8_decode(p + i, n - i, &cp);
    if (k == 0) { bad++; i++; continue; }
    multi++;
    i += (size_t)k;
  }
  if (!bad) return multi ? 1 : 0;
  return multi >= 8 * bad ? 1 : -1;
}

void px__charset_detect(const char *p, size_t n, const char *transport,
                        char name[40]) {
  char label[40] = "";
  if (transport && *transport) canonical(transport, strlen(transport), label);
  if (!label[0]) meta_charset(p, n, label);
  int kind = utf8_kind(p, n);
  if (kind == 1 || (kind == 0 && !label[0])) {
    strcpy(name, "utf-8");
    return;
  }
  if (kind == -1 && (!label[0] || !strcmp(label, "utf-8"))) {
    /* labelled UTF-8 (or not at all) but not UTF-8: the usual culprit */
    strcpy(name, "windows-1252");
    return;
  }
  strcpy(name, label[0] ? label : "utf-8");
}

static int put_replacement(px__buf *out, size_t *n_bad) {
  (*n_bad)++;
  return px__buf_append(out, "\xEF\xBF\xBD", 3);
}

int px__to_utf8(const char *p, size_t n, const char *charset, px__buf *out,
                size_t *n_bad, int *unknown) {
  out->len = 0;
  *n_bad = 0;
  *unknown = 0;
  if (!strcmp(charset, "utf-8")) {
    if (px__buf_reserve(out, n) != 0) return -1;
    for (size_t i = 0; i < n;) {
      unsigned char c = (unsigned char)p[i];
      if (c && c < 0x80) { out->p[out->len++] = (char)c; i++; continue; }
      if (!c) { i++; continue; }
      int32_t cp;
      int k = px_utf8_decode(p + i, n - i, &cp);
      if (k == 0) {
        if (put_replacement(out, n_bad) != 0) return -1;
        if (px__buf_reserve(out, n - i) != 0) return -1;
        i++;
        continue;
      }
      memcpy(out->p + out->len, p + i, (size_t)k);
      out->len += (size_t)k;
      i += (size_t)k;
    }
    out->p[out->len] = '\0';
    return 0;
  }
  iconv_t cd = iconv_open("UTF-8", charset);
  if (cd == (iconv_t)-1) {
    *unknown = 1;
    cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == (iconv_t)-1) return px__to_utf8(p, n, "utf-8", out, n_bad,
                                              unknown);
  }
  char *in = (char *)(uintptr_t)p;
  size_t in_left = n;
  int rc = 0;
  while (in_left) {
    if (px__buf_reserve(out, in_left * 3 + 16) != 0) { rc = -1; break; }
    char *o = out->p + out->len;
    size_t o_left = out->cap - out->len - 1;
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out->len = (size_t)(o - out->p);
    if (r != (size_t)-1) break;
    if (errno == E2BIG) continue;
    /* EILSEQ or EINVAL: one byte does not decode */
    if (put_replacement(out, n_bad) != 0) { rc = -1; break; }
    in++;
    in_left--;
  }
  iconv(cd, NULL, NULL, NULL, NULL);
  iconv_close(cd);
  if (rc == 0 && px__buf_reserve(out, 0) == 0) {
    /* drop NULs the conversion may have produced */
    size_t k = 0;
    for (size_t i = 0; i < out->len; i++)
      if (out->p[i]) out->p[k++] = out->p[i];
    out->len = k;
    out->p[k] = '\0';
  }
  return rc;
}

const char *px__ci_find(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  if (n == 0) return hay;
  for (const char *p = hay; *p; p++)
    if (strncasecmp(p, needle, n) == 0) return p;
  return NULL;
}
