/* text_internal.h — what the files of src/text/ share and nothing else
 * includes: character classes, the analyzer's buffers, the stem cache. */
#ifndef PX_TEXT_INTERNAL_H
#define PX_TEXT_INTERNAL_H
#include <stdint.h>
#include "parallax.h"
#include "base.h"

/* Character classes used by the tokenizer and the sentence splitter. */
enum px__cc {
  PX_CC_PUNCT,   /* anything else visible */
  PX_CC_SPACE,   /* space, tab, no-break and other Unicode spaces */
  PX_CC_NL,      /* line feed (and CR, VT, FF, U+2028/2029) */
  PX_CC_LOWER,   /* letter that is not upper case */
  PX_CC_UPPER,   /* upper- or title-case letter */
  PX_CC_DIGIT,
  PX_CC_MARK,    /* combining mark: continues a word */
  PX_CC_DQUOTE,  /* a double quotation mark of any style */
  PX_CC_SQUOTE,  /* a single quotation mark or apostrophe */
  PX_CC_DASH,    /* hyphen or dash */
  PX_CC_IGNORE   /* zero-width characters */
};

/* The class of every ASCII byte, and of a non-ASCII code point. */
extern const uint8_t px__ascii_class[128];
int px__class_of_cp(int32_t cp);

/* Classifies the character at s[i] (len bytes in all); writes its code
 * point and its byte length (invalid bytes count as one PX_CC_PUNCT). */
static inline int px__classify(const char *s, size_t len, size_t i,
                               int32_t *cp, int *n) {
  unsigned char c = (unsigned char)s[i];
  if (c < 0x80) {
    *cp = c;
    *n = 1;
    return px__ascii_class[c];
  }
  int k = px_utf8_decode(s + i, len - i, cp);
  if (k == 0) {
    *n = 1;
    return PX_CC_PUNCT;
  }
  *n = k;
  return px__class_of_cp(*cp);
}

/* Appends the folded lower-case form of s[0..n) to out (capacity cap,
 * needs at most 3 * n + 8 bytes) and returns its length. */
size_t px__fold_word(const char *s, size_t n, char *out);

/* A growable buffer of elements, with a hard limit set by the analyzer. */
typedef struct px__stem_cache px__stem_cache;
px__stem_cache *px__stem_cache_new(void);
void px__stem_cache_free(px__stem_cache *c);
/* Returns the stem of w[0..n), borrowed until the next call, and sets
 * *stop to whether w is a stopword. hash is px__hash of w. */
const char *px__stem_cached(px__stem_cache *c, const char *w, size_t n,
                            uint64_t hash, size_t *out_len, int *stop);


struct px_analyzer {
  px__stem_cache *stems;
  px_token *toks;
  size_t tok_cap;
  px_sentence *sents;
  size_t sent_cap;
  px_paragraph *paras;
  size_t para_cap;
  char *pool;
  size_t pool_cap;
};

/* Tokenizes text into a->toks (norms and stems in a->pool). */
px_status px__tokenize(px_analyzer *a, const char *text, size_t len,
                       size_t *n_toks);
/* Splits into paragraphs and sentences over the tokens already made. */
px_status px__segment(px_analyzer *a, const char *text, size_t len,
                      size_t n_toks, size_t *n_sents, size_t *n_paras);
#endif
