/* quote_match_util.h — the small tools of quote_match.c: a word table, an
 * inverted index of shingle hashes, word splitting, a word-by-word diff
 * and JSON strings. Internal to src/link/quote_match*.c. */
#ifndef PX_QUOTE_MATCH_UTIL_H
#define PX_QUOTE_MATCH_UTIL_H
#include <stdint.h>
#include <stdio.h>
#include "text/base.h"

/* Interned words: folded word -> id. */
typedef struct {
  char **keys;
  uint32_t *ids;
  size_t cap, n;
} px__strmap;
int px__strmap_init(px__strmap *m);
void px__strmap_free(px__strmap *m);

/* Shingle hash -> list of item numbers. */
typedef struct {
  uint64_t *keys;
  uint32_t **lists;
  uint32_t *lens, *caps;
  size_t cap, n;
} px__postings;
int px__postings_init(px__postings *p);
void px__postings_free(px__postings *p);
/* The items of key h (borrowed until the next add); *n is their number. */
const uint32_t *px__postings_get(const px__postings *p, uint64_t h, size_t *n);
int px__postings_add(px__postings *p, uint64_t h, uint32_t item);

/* Where a word stands in its text. */
typedef struct {
  uint32_t start, end;
} px__wspan;

/* Splits text into at most max words (letters and digits, inner
 * apostrophes kept, lower-cased), interned in m. Writes owned arrays of
 * ids and spans. Returns 0 when out of memory. */
int px__words_of(px__strmap *m, const char *text, size_t len, size_t max,
                 uint32_t **ids, px__wspan **spans, size_t *n);

/* Writes s[0..n) as a JSON string, or null when s is NULL. */
void px__json_str(FILE *out, const char *s, size_t n);

/* Writes the word-by-word alignment of variant v against canonical c as a
 * JSON array of runs: [{"op":"same"|"added"|"omitted"|"changed",
 * "text":..., "was":... (for changed)}]. */
void px__diff_write(FILE *out, const char *ct, const uint32_t *cw,
                    const px__wspan *cs, size_t cn, const char *vt,
                    const uint32_t *vw, const px__wspan *vs, size_t vn);
#endif
