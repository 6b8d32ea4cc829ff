/* tokenize.c — splits text into typed tokens with byte offsets: words
 * (with inner apostrophes and hyphens, and dotted abbreviations such as
 * "U.S." or "a.m."), numbers ("3.5", "1,200"), quotation marks with the
 * side they can open or close on, and punctuation. Each token gets a folded
 * lower-case form and a Snowball stem in the analyzer's pool. One pass,
 * linear in the text. */
#include <stdlib.h>
#include <string.h>
#include "text_internal.h"

typedef struct {
  const char *s;
  size_t len;
} src;

static int cc_at(src t, size_t i, int32_t *cp, int *w) {
  if (i >= t.len) {
    *cp = 0;
    *w = 0;
    return PX_CC_SPACE;
  }
  return px__classify(t.s, t.len, i, cp, w);
}

static int is_letter(int cc) {
  return cc == PX_CC_LOWER || cc == PX_CC_UPPER || cc == PX_CC_MARK;
}

static int is_alnum(int cc) { return is_letter(cc) || cc == PX_CC_DIGIT; }

static int is_digit_cc(int cc) { return cc == PX_CC_DIGIT; }

static int is_lower_cc(int cc) { return cc == PX_CC_LOWER; }

static int next_is(src t, size_t i, int (*pred)(int)) {
  int32_t cp;
  int w;
  return i < t.len && pred(cc_at(t, i, &cp, &w));
}

/* Scans a word from i; returns its end. */
static size_t scan_word(src t, size_t i) {
  size_t seg = 0;   /* letters since the last abbreviation dot */
  int dotted = 0;   /* inside a dotted abbreviation like U.S. */
  while (i < t.len) {
    unsigned char b = (unsigned char)t.s[i];
    if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') { /* the common case */
      i++;
      seg++;
      continue;
    }
    int32_t cp;
    int w;
    int cc = cc_at(t, i, &cp, &w);
    if (is_alnum(cc)) {
      i += (size_t)w;
      if (cc != PX_CC_MARK) seg++;
      continue;
    }
    if (cc == PX_CC_IGNORE) { i += (size_t)w; continue; }
    if ((cp == '\'' || cp == 0x2019 || cp == 0x02BC) &&
        next_is(t, i + (size_t)w, is_letter)) {
      i += (size_t)w;
      continue;
    }
    if ((cp == '-' || cp == 0x2010 || cp == 0x2011) &&
        next_is(t, i + (size_t)w, is_alnum)) {
      i += (size_t)w;
      seg = 0;
      continue;
    }
    if (cp == '.' && seg > 1 && !dotted &&
        next_is(t, i + 1, is_lower_cc)) { /* antiwar.com, gov.uk */
      i += 1;
      seg = 0;
      continue;
    }
    if (cp == '.' && seg == 1) {
      int32_t c2, c3;
      int w2, w3;
      int cc2 = cc_at(t, i + 1, &c2, &w2);
      if (is_letter(cc2) && cc_at(t, i + 1 + (size_t)w2, &c3, &w3) == PX_CC_PUNCT &&
          c3 == '.') {
        i += 1;
        seg = 0;
        dotted = 1;
        continue;
      }
      if (dotted) i += 1; /* the final dot of "U.S." belongs to it */
    }
    break;
  }
  return i;
}

/* Scans a number from i; a number running into letters ("4th", "1990s")
 * becomes a word. */
static size_t scan_number(src t, size_t i, int *type) {
  *type = PX_TOK_NUMBER;
  while (i < t.len) {
    int32_t cp;
    int w;
    int cc = cc_at(t, i, &cp, &w);
    if (cc == PX_CC_DIGIT) { i += (size_t)w; continue; }
    if ((cp == '.' || cp == ',') && next_is(t, i + 1, is_digit_cc)) {
      i += 1;
      continue;
    }
    if (is_letter(cc)) {
      *type = PX_TOK_WORD;
      return scan_word(t, i);
    }
    break;
  }
  return i;
}

/* Makes sure the token array and the pool have room for one more token of
 * n bytes (folding can grow a character up to 32 bytes). */
static px_status reserve(px_analyzer *a, size_t n_toks, size_t pool_len,
                         size_t n) {
  if (n_toks == a->tok_cap) {
    size_t cap = a->tok_cap ? a->tok_cap * 2 : 1024;
    px_token *t = realloc(a->toks, cap * sizeof *t);
    if (!t) return PX_NOMEM;
    a->toks = t;
    a->tok_cap = cap;
  }
  size_t need = pool_len + 32 * n + 2 * 64 + 16;
  if (need > a->pool_cap) {
    size_t cap = a->pool_cap ? a->pool_cap : 65536;
    while (cap < need) cap *= 2;
    char *p = realloc(a->pool, cap);
    if (!p) return PX_NOMEM;
    a->pool = p;
    a->pool_cap = cap;
  }
  return PX_OK;
}

/* Quote marks that look one way ("“") open; others decide by their
 * neighbours, like Markdown's flanking rules. */
static uint8_t quote_flags(int32_t cp, int prev_cc, int next_cc) {
  switch (cp) {
  case 0x201C: case 0x201E: case 0x00AB: case 0x2018: case 0x201A:
  case 0x2039: case 0x301D:
    return PX_TF_OPEN;
  case 0x201D: case 0x00BB: case 0x2019: case 0x203A: case 0x301E:
    return PX_TF_CLOSE;
  }
  int prev_space = prev_cc == PX_CC_SPACE || prev_cc == PX_CC_NL;
  int next_space = next_cc == PX_CC_SPACE || next_cc == PX_CC_NL;
  uint8_t f = 0;
  if (!next_space && (prev_space || prev_cc == PX_CC_PUNCT ||
                      prev_cc == PX_CC_DASH || prev_cc == PX_CC_DQUOTE ||
                      prev_cc == PX_CC_SQUOTE))
    f |= PX_TF_OPEN;
  if (!prev_space && (next_space || !is_alnum(next_cc))) f |= PX_TF_CLOSE;
  if (!f) f = prev_space ? PX_TF_OPEN : PX_TF_CLOSE;
  return f;
}

/* Scans the token that starts at i with class cc; returns its end and
 * writes its type and, for quote marks, the folded mark. */
static size_t scan_token(src t, size_t i, int cc, int32_t cp, int w,
                         int *type, uint16_t *quote) {
  *quote = 0;
  switch (cc) {
  case PX_CC_UPPER: case PX_CC_LOWER: case PX_CC_MARK:
    *type = PX_TOK_WORD;
    return scan_word(t, i);
  case PX_CC_DIGIT:
    return scan_number(t, i, type);
  case PX_CC_DQUOTE:
    *type = PX_TOK_QUOTE;
    *quote = '"';
    return i + (size_t)w;
  case PX_CC_SQUOTE:
    *type = PX_TOK_QUOTE;
    if ((cp == '\'' || cp == '`') && i + 1 < t.len && t.s[i + 1] == (char)cp) {
      *quote = '"'; /* '' and `` pairs stand for double quotes */
      return i + 2;
    }
    *quote = '\'';
    return i + (size_t)w;
  case PX_CC_DASH: {
    *type = PX_TOK_PUNCT;
    size_t j = i + (size_t)w;
    int32_t c2;
    int w2;
    while (j < t.len && cc_at(t, j, &c2, &w2) == PX_CC_DASH) j += (size_t)w2;
    return j;
  }
  default:
    *type = PX_TOK_PUNCT;
    if (cp == '.' && i + 2 < t.len && t.s[i + 1] == '.' && t.s[i + 2] == '.') {
      size_t j = i + 3;
      while (j < t.len && t.s[j] == '.') j++;
      return j;
    }
    return i + (size_t)w;
  }
}

static uint8_t case_flags(const char *s, size_t n) {
  uint8_t f = 0;
  size_t letters = 0, upper = 0;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int w;
    int cc = px__classify(s, n, i, &cp, &w);
    if (cc == PX_CC_UPPER) {
      if (letters == 0) f |= PX_TF_CAP;
      upper++;
    }
    if (cc == PX_CC_UPPER || cc == PX_CC_LOWER) letters++;
    i += (size_t)w;
  }
  if (letters >= 2 && upper == letters) f |= PX_TF_ALLCAP;
  return f;
}

static int has_digit(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] >= '0' && s[i] <= '9') return 1;
  return 0;
}

/* Lower-cases an ASCII token into out and works out its case flags in the
 * same pass. Returns 0 if the token has a non-ASCII byte (then the general
 * path folds it). */
static int fold_ascii(const char *s, size_t n, char *out, uint8_t *flags,
                      int *digit) {
  size_t letters = 0, upper = 0;
  *digit = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) return 0;
    if (c >= 'A' && c <= 'Z') {
      if (letters == 0) *flags |= PX_TF_CAP;
      upper++;
      letters++;
      c = (unsigned char)(c + 32);
    } else if (c >= 'a' && c <= 'z') {
      letters++;
    } else if (c >= '0' && c <= '9') {
      *digit = 1;
    }
    out[i] = (char)c;
  }
  if (letters >= 2 && upper == letters) *flags |= PX_TF_ALLCAP;
  return 1;
}

/* Fills the folded form, the stem and the flags of token k. */
static void finish_token(px_analyzer *a, src t, px_token *k, size_t *pool_len) {
  size_t n = k->end - k->start;
  char *norm = a->pool + *pool_len;
  size_t nl = n;
  int digit = 0;
  if (k->type == PX_TOK_QUOTE) {
    norm[0] = (char)k->quote;
    nl = 1;
  } else if (k->type != PX_TOK_WORD ||
             !fold_ascii(t.s + k->start, n, norm, &k->flags, &digit)) {
    nl = px__fold_word(t.s + k->start, n, norm);
    if (k->type == PX_TOK_WORD) {
      k->flags |= case_flags(t.s + k->start, n);
      digit = has_digit(norm, nl);
    }
  }
  k->norm = (uint32_t)*pool_len;
  k->norm_len = (uint32_t)nl;
  *pool_len += nl;
  k->stem = k->norm;
  k->stem_len = k->norm_len;
  k->hash = k->type <= PX_TOK_NUMBER ? px__hash(norm, nl) : 0;
  if (k->type != PX_TOK_WORD || digit) return;
  size_t sl;
  int stop;
  const char *st = px__stem_cached(a->stems, norm, nl, k->hash, &sl, &stop);
  if (stop) k->flags |= PX_TF_STOP;
  if (sl == nl && !memcmp(st, norm, nl)) return;
  memcpy(a->pool + *pool_len, st, sl);
  k->stem = (uint32_t)*pool_len;
  k->stem_len = (uint32_t)sl;
  *pool_len += sl;
}

px_status px__tokenize(px_analyzer *a, const char *text, size_t len,
                       size_t *n_toks) {
  src t = {text, len};
  size_t n = 0, pool_len = 0, i = 0;
  int prev_cc = PX_CC_SPACE;
  while (i < len) {
    int32_t cp;
    int w;
    int cc = px__classify(text, len, i, &cp, &w);
    if (cc == PX_CC_SPACE || cc == PX_CC_NL || cc == PX_CC_IGNORE) {
      if (cc != PX_CC_IGNORE) prev_cc = cc;
      i += (size_t)w;
      continue;
    }
    int type;
    uint16_t quote;
    size_t end = scan_token(t, i, cc, cp, w, &type, &quote);
    px_status st = reserve(a, n, pool_len, end - i);
    if (st != PX_OK) return st;
    px_token *k = &a->toks[n++];
    memset(k, 0, sizeof *k);
    k->start = (uint32_t)i;
    k->end = (uint32_t)end;
    k->type = (uint8_t)type;
    k->quote = quote;
    if (type == PX_TOK_QUOTE) {
      int32_t ncp;
      int nw;
      k->flags = quote_flags(cp, prev_cc, cc_at(t, end, &ncp, &nw));
    }
    finish_token(a, t, k, &pool_len);
    prev_cc = cc;
    i = end;
  }
  *n_toks = n;
  return PX_OK;
}
