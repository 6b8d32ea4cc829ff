/* labels.c — the label an article offers its story. A title is a
 * headline already and is kept whole. An article without one offers its
 * first sentence, which reads like a paragraph, not a headline: the
 * dateline before a dash is dropped ("LONDON (Wire) - "), the sentence is
 * cut at the end of its first clause once it has a few words (a comma
 * before "who", "which", "after", ..., a semicolon, a dash, "said"), and
 * at most MAX_LABEL bytes are kept, at a word boundary, without a small
 * word ("of", "on", ...) at the end. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "link_internal.h"

#define MAX_LABEL 80
#define MIN_WORDS 4 /* words a label keeps before a clause may end it */
#define DATELINE 48 /* bytes a dateline may take */

/* Does s[0..n) start with word w followed by a space or the end? */
static int word_at(const char *s, size_t n, const char *w) {
  size_t k = strlen(w);
  return n >= k && !strncmp(s, w, k) && (n == k || s[k] == ' ');
}

/* The end of the first clause after MIN_WORDS words, or n. */
static size_t clause_end(const char *s, size_t n) {
  static const char *const after_comma[] = {
      "who", "which", "that", "after", "as", "when", "while", "where",
      "according", "but", "and", "officials", "police", "authorities", NULL};
  size_t words = 1;
  for (size_t i = 0; i + 1 < n; i++) {
    if (s[i] != ' ') continue;
    words++;
    if (words <= MIN_WORDS) continue;
    if (word_at(s + i + 1, n - i - 1, "said") ||
        word_at(s + i + 1, n - i - 1, "says"))
      return i;
    if (i > 0 && (s[i - 1] == ';' || s[i - 1] == ':')) return i - 1;
    if (i + 2 < n && (s[i + 1] == '-' || !strncmp(s + i + 1, "\xe2\x80\x94", 3) ||
                      !strncmp(s + i + 1, "\xe2\x80\x93", 3)))
      return i;
    if (i > 0 && s[i - 1] == ',')
      for (int k = 0; after_comma[k]; k++)
        if (word_at(s + i + 1, n - i - 1, after_comma[k])) return i - 1;
  }
  return n;
}

/* The length of a dateline before a dash ("PARIS (AP) - "), 0 if none:
 * no lower-case letter before the dash, which comes early. */
static size_t dateline(const char *s, size_t n) {
  for (size_t i = 0; i < n && i < DATELINE; i++) {
    if (islower((unsigned char)s[i])) return 0;
    size_t dash = s[i] == '-' ? 1
                  : i + 2 < n && (!strncmp(s + i, "\xe2\x80\x94", 3) ||
                                  !strncmp(s + i, "\xe2\x80\x93", 3))
                      ? 3
                      : 0;
    if (dash && i > 0 && s[i - 1] == ' ') {
      size_t j = i + dash;
      while (j < n && (s[j] == ' ' || s[j] == '-')) j++;
      return j < n ? j : 0;
    }
  }
  return 0;
}

/* Drops trailing punctuation, and small words a headline does not end on
 * ("... in the lower town on"), from h[0..n). */
static size_t trim_tail(const char *h, size_t n) {
  static const char *const small[] = {"a", "an", "the", "of", "on", "in",
      "at", "to", "for", "by", "with", "from", "and", "or", "but", "as", NULL};
  for (;;) {
    while (n > 0 && strchr(" ,;:.-", h[n - 1])) n--;
    size_t w = n;
    while (w > 0 && h[w - 1] != ' ') w--;
    int cut = 0;
    for (int k = 0; small[k] && w > 0; k++)
      if (n - w == strlen(small[k]) && !strncmp(h + w, small[k], n - w))
        cut = 1;
    if (!cut) return n;
    n = w;
  }
}

char *px__label_of(const px_features *f) {
  const char *h = f->headline ? f->headline : "";
  size_t n = strlen(h);
  if (!(f->title && *f->title)) {
    size_t d = dateline(h, n);
    h += d;
    n -= d;
    n = clause_end(h, n);
    if (n > MAX_LABEL) {
      size_t cut = MAX_LABEL;
      while (cut > 0 && h[cut] != ' ') cut--;
      n = cut ? cut : MAX_LABEL;
      /* never inside a UTF-8 sequence */
      while (n > 0 && ((unsigned char)h[n] & 0xC0) == 0x80) n--;
    }
    n = trim_tail(h, n);
  }
  char *out = malloc(n + 1);
  if (!out) return NULL;
  memcpy(out, h, n);
  out[n] = 0;
  return out;
}
