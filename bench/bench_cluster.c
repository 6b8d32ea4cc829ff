/* bench_cluster.c — throughput and memory of the link stage on a generated
 * stream: N articles of ~300 words over N/10,000 days, each of a story
 * that lives two days (its own names and topic words mixed into common
 * words). Prints articles/s for analysis and for the linker alone, bytes
 * of linker state per article, and MinHash signatures/s on 500-word
 * documents. Usage: bench_cluster N [MINHASH_DOCS] */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "parallax.h"

#define N_COMMON 4000
#define STORY_WORDS 16

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return rng;
}

/* A pronounceable made-up word from its number: stable across runs. */
static void word(uint64_t k, char *out, int cap) {
  static const char *syl[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo",
                              "ber", "dan", "gor", "hil", "mar", "pel", "ston", "vik"};
  int n = 0;
  do {
    const char *s = syl[k % 16];
    k /= 16;
    while (*s && n < cap - 1) out[n++] = *s++;
  } while (k && n < cap - 4);
  out[n] = 0;
  if (cap && cap > 0 && out[0] == 0) strcpy(out, "ka");
}

static size_t gen_article(char *buf, size_t cap, uint64_t story, int words) {
  size_t n = 0;
  char w[32];
  for (int i = 0; i < words && n + 40 < cap; i++) {
    uint64_t r = next();
    int cap_it = 0;
    if (r % 100 < 25) {             /* a story word, a third of them names */
      uint64_t k = 1000000 + story * STORY_WORDS + (r >> 8) % STORY_WORDS;
      word(k, w, sizeof w);
      cap_it = (k % 3) == 0;
    } else {                        /* common words, skewed to the head */
      uint64_t a = (r >> 8) % N_COMMON, b = (r >> 24) % N_COMMON;
      word(a < b ? a : b, w, sizeof w);
    }
    if (cap_it || i % 12 == 0) w[0] = (char)(w[0] - 32);
    n += (size_t)snprintf(buf + n, cap - n, "%s%s", w, i % 12 == 11 ? ". " : " ");
  }
  buf[n] = 0;
  return n;
}

/* A digest of every decision the linker made (stories, duplicates,
 * similarities, merges): a speed change must leave it as it was. */
static uint64_t digest(const px_linker *l) {
  uint64_t h = 1469598103934665603ULL;
#define MIX(x) (h = (h ^ (uint64_t)(x)) * 1099511628211ULL)
  for (size_t i = 0; i < px_linker_n_articles(l); i++) {
    px_linked a;
    if (!px_linker_article(l, i, &a)) break;
    float js = (float)a.dup_jaccard, sim = (float)a.similarity;
    uint32_t jb, sb;
    memcpy(&jb, &js, sizeof jb);
    memcpy(&sb, &sim, sizeof sb);
    MIX(a.story), MIX(a.dup_of), MIX(jb), MIX(sb), MIX(a.exact_dup);
  }
  for (size_t i = 0; i < px_linker_n_merges(l); i++) {
    px_story_merge m;
    if (!px_linker_merge_at(l, i, &m)) break;
    float sim = (float)m.similarity;
    uint32_t sb;
    memcpy(&sb, &sim, sizeof sb);
    MIX(m.story), MIX(m.from_size), MIX(sb);
  }
#undef MIX
  return h;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void bench_minhash(int docs) {
  px_analyzer *an = px_analyzer_new();
  char *buf = malloc(8192);
  uint32_t sig[PX_MINHASH_K];
  double t_an = 0, t_mh = 0;
  for (int i = 0; i < docs; i++) {
    size_t len = gen_article(buf, 8192, (uint64_t)i, 500);
    px_doc d;
    double t0 = now();
    px_analyze(an, buf, len, &d);
    double t1 = now();
    px_minhash(&d, sig);
    t_mh += now() - t1;
    t_an += t1 - t0;
  }
  printf("minhash 500-word docs: %.0f signatures/s (analysis excluded), "
         "%.0f docs/s with analysis\n", docs / t_mh, docs / (t_mh + t_an));
  free(buf);
  px_analyzer_free(an);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000;
  int mh = argc > 2 ? atoi(argv[2]) : 0;
  if (mh) bench_minhash(mh);
  px_featurizer *fz = px_featurizer_new(0);
  px_features f = {0};
  char *buf = malloc(8192), id[32], date[11];
  size_t heap0 = mallinfo2().uordblks;
  px_linker *l = px_linker_new(NULL);
  double t_an = 0, t_link = 0;
  size_t bytes = 0;
  const long per_day = 10000, story_len = 20;
  for (long i = 0; i < n; i++) {
    /* stories start in turn; each article picks one of the recent ones */
    long newest = i / story_len, story = newest - (long)(next() % 40);
    if (story < 0) story = 0;
    size_t len = gen_article(buf, 8192, (uint64_t)story, 300);
    bytes += len;
    px_article a = {0};
    snprintf(id, sizeof id, "a%ld", i);
    int64_t ts = 1700000000 + i * (86400 / per_day);
    time_t tt = (time_t)ts;
    strftime(date, sizeof date, "%Y-%m-%d", gmtime(&tt));
    a.id = id, a.date = date, a.timestamp = ts, a.text = buf, a.text_len = len;
    double t0 = now();
    if (px_features_compute(fz, &a, &f) != PX_OK) return 1;
    double t1 = now();
    if (px_linker_add(l, &f) != PX_OK) return 1;
    t_link += now() - t1;
    t_an += t1 - t0;
  }
  px_linker_finish(l);
  size_t held = mallinfo2().uordblks - heap0;
  printf("articles %ld (avg %zu bytes): linker %.0f articles/s (%.2f us each), "
         "analysis %.0f articles/s, both %.0f articles/s; stories %zu; "
         "linker state %.0f bytes/article\n",
         n, bytes / (size_t)n, n / t_link, 1e6 * t_link / n, n / t_an,
         n / (t_an + t_link), px_linker_n_stories(l), (double)held / n);
  printf("decisions digest %016llx\n", (unsigned long long)digest(l));
  px_linker_free(l);
  px_features_clear(&f);
  px_featurizer_free(fz);
  free(buf);
  return 0;
}
