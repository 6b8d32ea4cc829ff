/* gen_corpus.c — writes a synthetic but realistic news corpus as JSON Lines
 * for benchmarks: the sentences of a source corpus (the bundled examples)
 * recombined into N articles of about W words, with dates over D days and
 * 60 outlets. Each article keeps most sentences from one source article
 * (its story) and mixes in others. Deterministic: a fixed-seed PRNG.
 *
 * usage: gen_corpus N WORDS DAYS SOURCE_PATH... > corpus.jsonl */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parallax.h"

typedef struct {
  char *text;
  size_t len, words;
} sentence;

typedef struct {
  size_t first, count; /* sentences of one source article */
} source;

static sentence *sents;
static size_t n_sents, cap_sents;
static source *srcs;
static size_t n_srcs;

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static void add_sentence(const char *s, size_t len, size_t words) {
  if (n_sents == cap_sents) {
    cap_sents = cap_sents ? cap_sents * 2 : 1024;
    sents = realloc(sents, cap_sents * sizeof *sents);
  }
  sents[n_sents].text = malloc(len);
  memcpy(sents[n_sents].text, s, len);
  sents[n_sents].len = len;
  sents[n_sents].words = words;
  n_sents++;
}

static void load(const char *const *paths, size_t n) {
  px_reader_opts o = {0};
  px_reader *r = px_reader_open(paths, n, &o);
  px_analyzer *an = px_analyzer_new();
  px_article a;
  while (px_reader_next(r, &a)) {
    px_doc d;
    if (px_analyze(an, a.text, a.text_len, &d) != PX_OK || d.n_sents == 0) continue;
    srcs = realloc(srcs, (n_srcs + 1) * sizeof *srcs);
    srcs[n_srcs].first = n_sents;
    for (size_t i = 0; i < d.n_sents; i++) {
      const px_sentence *s = &d.sents[i];
      size_t words = 0;
      for (uint32_t t = s->tok_begin; t < s->tok_end; t++) words += d.toks[t].type == PX_TOK_WORD;
      add_sentence(a.text + s->start, s->end - s->start, words);
    }
    srcs[n_srcs].count = n_sents - srcs[n_srcs].first;
    n_srcs++;
  }
  px_analyzer_free(an);
  px_reader_close(r);
}

static void put_json_string(const char *s, size_t len) {
  putchar('"');
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') { putchar('\\'); putchar(c); }
    else if (c == '\n') fputs("\\n", stdout);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static const sentence *pick(const source *story) {
  if (rng() % 10 < 7) return &sents[story->first + rng() % story->count];
  return &sents[rng() % n_sents];
}

static void article(size_t i, size_t n, size_t words, int days) {
  const source *story = &srcs[rng() % n_srcs];
  static char *body;
  static size_t cap;
  size_t len = 0, w = 0, in_para = 0;
  while (w < words) {
    const sentence *s = pick(story);
    if (len + s->len + 2 > cap) {
      cap = (len + s->len + 2) * 2;
      body = realloc(body, cap);
    }
    if (len) {
      if (++in_para >= 3) { body[len++] = '\n'; body[len++] = '\n'; in_para = 0; }
      else body[len++] = ' ';
    }
    memcpy(body + len, s->text, s->len);
    len += s->len;
    w += s->words;
  }
  int day = (int)(i * (size_t)days / n);
  printf("{\"id\":\"gen-%07zu\",\"date\":\"2026-%02d-%02d\",\"outlet\":\"Outlet %02d\",\"title\":",
         i, 1 + day / 28 % 12, 1 + day % 28, (int)(rng() % 60));
  const sentence *t = &sents[story->first];
  put_json_string(t->text, t->len < 90 ? t->len : 90);
  fputs(",\"text\":", stdout);
  put_json_string(body, len);
  fputs("}\n", stdout);
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: gen_corpus N WORDS DAYS SOURCE_PATH...\n");
    return 2;
  }
  size_t n = strtoull(argv[1], NULL, 10), words = strtoull(argv[2], NULL, 10);
  int days = atoi(argv[3]);
  if (days < 1) days = 1;
  load((const char *const *)argv + 4, (size_t)argc - 4);
  if (!n_srcs) {
    fprintf(stderr, "gen_corpus: no source sentences\n");
    return 1;
  }
  for (size_t i = 0; i < n; i++) article(i, n, words, days); /* dates rise with i */
  for (size_t i = 0; i < n_sents; i++) free(sents[i].text);
  free(sents);
  free(srcs);
  return 0;
}
