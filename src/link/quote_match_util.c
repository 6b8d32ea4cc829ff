/* quote_match_util.c — the tools quote_match.c stands on: interned words,
 * a hash index from shingles to quotations, splitting a quotation into
 * words, aligning two wordings word by word, and writing JSON strings.
 * Every table grows by doubling; lookups are open addressing. */
#include <stdlib.h>
#include <string.h>
#include "quote_match_util.h"

static uint64_t hash_str(const char *s, size_t n) { return px__hash(s, n); }

int px__strmap_init(px__strmap *m) {
  m->cap = 1024;
  m->n = 0;
  m->keys = calloc(m->cap, sizeof *m->keys);
  m->ids = calloc(m->cap, sizeof *m->ids);
  return m->keys && m->ids;
}

void px__strmap_free(px__strmap *m) {
  if (m->keys)
    for (size_t i = 0; i < m->cap; i++) free(m->keys[i]);
  free(m->keys);
  free(m->ids);
}

static int strmap_grow(px__strmap *m) {
  px__strmap g = {calloc(m->cap * 2, sizeof(char *)),
                  calloc(m->cap * 2, sizeof(uint32_t)), m->cap * 2, m->n};
  if (!g.keys || !g.ids) { free(g.keys); free(g.ids); return 0; }
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->keys[i]) continue;
    size_t k = hash_str(m->keys[i], strlen(m->keys[i])) & (g.cap - 1);
    while (g.keys[k]) k = (k + 1) & (g.cap - 1);
    g.keys[k] = m->keys[i];
    g.ids[k] = m->ids[i];
  }
  free(m->keys);
  free(m->ids);
  *m = g;
  return 1;
}

/* The id of word w[0..n), added when new; UINT32_MAX out of memory. */
static uint32_t strmap_id(px__strmap *m, const char *w, size_t n) {
  if (m->n * 2 >= m->cap && !strmap_grow(m)) return UINT32_MAX;
  size_t k = hash_str(w, n) & (m->cap - 1);
  for (; m->keys[k]; k = (k + 1) & (m->cap - 1))
    if (strlen(m->keys[k]) == n && !memcmp(m->keys[k], w, n)) return m->ids[k];
  m->keys[k] = strndup(w, n);
  if (!m->keys[k]) return UINT32_MAX;
  m->ids[k] = (uint32_t)m->n++;
  return m->ids[k];
}

int px__postings_init(px__postings *p) {
  memset(p, 0, sizeof *p);
  p->cap = 1024;
  p->keys = calloc(p->cap, sizeof *p->keys);
  p->lists = calloc(p->cap, sizeof *p->lists);
  p->lens = calloc(p->cap, sizeof *p->lens);
  p->caps = calloc(p->cap, sizeof *p->caps);
  return p->keys && p->lists && p->lens && p->caps;
}

void px__postings_free(px__postings *p) {
  if (p->lists)
    for (size_t i = 0; i < p->cap; i++) free(p->lists[i]);
  free(p->keys); free(p->lists); free(p->lens); free(p->caps);
}

/* Key 0 marks a free slot, so hashes are kept odd. */
static size_t slot_of(const px__postings *p, uint64_t h) {
  size_t k = (size_t)(h >> 7) & (p->cap - 1);
  while (p->keys[k] && p->keys[k] != h) k = (k + 1) & (p->cap - 1);
  return k;
}

static int postings_grow(px__postings *p) {
  px__postings g;
  memset(&g, 0, sizeof g);
  g.cap = p->cap * 2;
  g.keys = calloc(g.cap, sizeof *g.keys);
  g.lists = calloc(g.cap, sizeof *g.lists);
  g.lens = calloc(g.cap, sizeof *g.lens);
  g.caps = calloc(g.cap, sizeof *g.caps);
  if (!g.keys || !g.lists || !g.lens || !g.caps) { px__postings_free(&g); return 0; }
  for (size_t i = 0; i < p->cap; i++) {
    if (!p->keys[i]) continue;
    size_t k = slot_of(&g, p->keys[i]);
    g.keys[k] = p->keys[i];
    g.lists[k] = p->lists[i];
    g.lens[k] = p->lens[i];
    g.caps[k] = p->caps[i];
  }
  g.n = p->n;
  free(p->keys); free(p->lists); free(p->lens); free(p->caps);
  *p = g;
  return 1;
}

const uint32_t *px__postings_get(const px__postings *p, uint64_t h, size_t *n) {
  size_t k = slot_of(p, h | 1);
  *n = p->keys[k] ? p->lens[k] : 0;
  return p->keys[k] ? p->lists[k] : NULL;
}

int px__postings_add(px__postings *p, uint64_t h, uint32_t item) {
  if (p->n * 2 >= p->cap && !postings_grow(p)) return 0;
  h |= 1;
  size_t k = slot_of(p, h);
  if (!p->keys[k]) { p->keys[k] = h; p->n++; }
  uint32_t len = p->lens[k];
  if (len && p->lists[k][len - 1] == item) return 1; /* repeated shingle */
  if (len == p->caps[k]) {
    uint32_t c = p->caps[k] ? p->caps[k] * 2 : 4;
    uint32_t *l = realloc(p->lists[k], c * sizeof *l);
    if (!l) return 0;
    p->lists[k] = l;
    p->caps[k] = c;
  }
  p->lists[k][p->lens[k]++] = item;
  return 1;
}

/* Letters and digits of any script; bytes of typographic punctuation
 * (U+2010..U+205F, guillemets) are not. */
static int word_byte(const unsigned char *s, size_t i, size_t len) {
  unsigned char c = s[i];
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
    return 1;
  if (c < 0x80) return 0;
  size_t st = i; /* find the lead byte of this character */
  while (st > 0 && (s[st] & 0xC0) == 0x80 && i - st < 3) st--;
  if (s[st] == 0xE2 && st + 1 < len && (s[st + 1] == 0x80 || s[st + 1] == 0x81))
    return 0;
  if (s[st] == 0xC2 && st + 1 < len && (s[st + 1] == 0xAB || s[st + 1] == 0xBB ||
                                        s[st + 1] == 0xA0))
    return 0;
  return 1;
}

static int is_apostrophe(const char *s, size_t i, size_t len, size_t *w) {
  if (s[i] == '\'') { *w = 1; return 1; }
  if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
      (unsigned char)s[i + 2] == 0x99) { *w = 3; return 1; }
  return 0;
}

int px__words_of(px__strmap *m, const char *text, size_t len, size_t max,
                 uint32_t **ids, px__wspan **spans, size_t *n) {
  const unsigned char *s = (const unsigned char *)text;
  *ids = malloc((max + 1) * sizeof **ids);
  *spans = malloc((max + 1) * sizeof **spans);
  char *buf = malloc(len + 1);
  *n = 0;
  if (!*ids || !*spans || !buf) { free(buf); return 0; }
  size_t i = 0;
  while (i < len && *n < max) {
    if (!word_byte(s, i, len)) { i++; continue; }
    size_t b = 0, st = i, w;
    while (i < len) {
      if (word_byte(s, i, len)) {
        buf[b++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
        i++;
      } else if (is_apostrophe(text, i, len, &w) && i + w < len &&
                 word_byte(s, i + w, len) && b) {
        buf[b++] = '\'';
        i += w;
      } else {
        break;
      }
    }
    uint32_t id = strmap_id(m, buf, b);
    if (id == UINT32_MAX) { free(buf); return 0; }
    (*ids)[*n] = id;
    (*spans)[*n].start = (uint32_t)st;
    (*spans)[*n].end = (uint32_t)i;
    (*n)++;
  }
  free(buf);
  return 1;
}

void px__json_str(FILE *out, const char *s, size_t n) {
  if (!s) { fputs("null", out); return; }
  fputc('"', out);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
    else if (c == '\n') fputs("\\n", out);
    else if (c < 0x20) fprintf(out, "\\u%04x", c);
    else fputc(c, out);
  }
  fputc('"', out);
}
