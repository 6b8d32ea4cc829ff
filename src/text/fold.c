/* fold.c — character classes and folding for matching. Folding maps the
 * many typographic variants of quotes, apostrophes, dashes and spaces to
 * one form, applies NFKC-style compatibility decomposition and case folding
 * (utf8proc) and strips accents, while keeping a map back to the original
 * byte offsets so that every match still points into the article. */
#include <string.h>
#include <utf8proc.h>
#include "text_internal.h"

#define L PX_CC_LOWER
#define U PX_CC_UPPER
#define D PX_CC_DIGIT
#define S PX_CC_SPACE
#define N PX_CC_NL
#define P PX_CC_PUNCT
const uint8_t px__ascii_class[128] = {
  S, S, S, S, S, S, S, S, S, S, N, N, N, N, S, S,  /* controls, \t \n */
  S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
  S, P, PX_CC_DQUOTE, P, P, P, P, PX_CC_SQUOTE,   /* space ! " # $ % & ' */
  P, P, P, P, P, PX_CC_DASH, P, P,                /* ( ) * + , - . / */
  D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P,
  P, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
  U, U, U, U, U, U, U, U, U, U, U, P, P, P, P, P,
  PX_CC_SQUOTE, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, /* ` a-o */
  L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, S,
};
#undef L
#undef U
#undef D
#undef S
#undef N
#undef P

int px__class_of_cp(int32_t cp) {
  switch (cp) {
  case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB:
  case 0x00BB: case 0x2033: case 0x301D: case 0x301E: case 0xFF02:
    return PX_CC_DQUOTE;
  case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2039:
  case 0x203A: case 0x2032: case 0x02BC: case 0xFF07:
    return PX_CC_SQUOTE;
  case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
  case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
    return PX_CC_DASH;
  case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
  case 0x00AD:
    return PX_CC_IGNORE;
  case 0x2028: case 0x2029: case 0x0085:
    return PX_CC_NL;
  }
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
    return PX_CC_UPPER;
  case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
    return PX_CC_LOWER;
  case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ME:
    return PX_CC_MARK;
  case UTF8PROC_CATEGORY_ND:
    return PX_CC_DIGIT;
  case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_CC:
    return PX_CC_SPACE;
  case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    return PX_CC_NL;
  case UTF8PROC_CATEGORY_CF:
    return PX_CC_IGNORE;
  default:
    return PX_CC_PUNCT;
  }
}

int32_t px_fold_char(int32_t cp) {
  if (cp < 0x80) return cp;
  switch (px__class_of_cp(cp)) {
  case PX_CC_DQUOTE: return '"';
  case PX_CC_SQUOTE: return '\'';
  case PX_CC_DASH: return '-';
  case PX_CC_SPACE: return ' ';
  case PX_CC_NL: return '\n';
  case PX_CC_IGNORE: return 0;
  default: return cp;
  }
}

/* Folds one code point into at most 8 code points (decomposition, case
 * fold, accents stripped, typographic variants unified). */
static int fold_cp(int32_t cp, int32_t out[8]) {
  if (cp < 0x80) {
    out[0] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    return 1;
  }
  if (cp == 0x2026) {
    out[0] = out[1] = out[2] = '.';
    return 3;
  }
  int32_t f = px_fold_char(cp);
  if (f != cp) {
    if (f == 0) return 0;
    out[0] = f;
    return 1;
  }
  int last = 0;
  utf8proc_ssize_t k = utf8proc_decompose_char(
      cp, out, 8,
      UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
          UTF8PROC_IGNORE,
      &last);
  if (k < 0 || k > 8) {
    out[0] = cp;
    return 1;
  }
  return (int)k;
}

size_t px_fold(const char *text, size_t len, char *out, uint32_t *map,
               size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    int32_t cp, folded[8];
    int n = px_utf8_decode(text + i, len - i, &cp);
    if (n == 0) n = 1;
    int k = fold_cp(cp, folded);
    for (int j = 0; j < k; j++) {
      char enc[4];
      int m = px_utf8_encode(folded[j], enc);
      for (int b = 0; b < m; b++, o++) {
        if (o < cap) {
          out[o] = enc[b];
          if (map) map[o] = (uint32_t)i;
        }
      }
    }
    i += (size_t)n;
  }
  return o;
}

size_t px__fold_word(const char *s, size_t n, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      out[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
      i++;
      continue;
    }
    int32_t cp, folded[8];
    int k = px_utf8_decode(s + i, n - i, &cp);
    if (k == 0) k = 1;
    int m = fold_cp(cp, folded);
    for (int j = 0; j < m; j++) o += (size_t)px_utf8_encode(folded[j], out + o);
    i += (size_t)k;
  }
  return o;
}
