/* bench_analyze.c — measures the analyze stage on one core: ingest (read,
 * parse, repair), normalisation, paragraphs, sentences, tokens and stems.
 * Prints articles/s, MB/s of article text and peak resident memory.
 *
 * usage: bench_analyze PATH... */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include "parallax.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  px_reader_opts o = {0};
  px_reader *r = px_reader_open((const char *const *)argv + 1, (size_t)argc - 1, &o);
  px_analyzer *an = px_analyzer_new();
  if (!r || !an) return 1;
  size_t articles = 0, bytes = 0, tokens = 0, sentences = 0;
  double t0 = now();
  px_article a;
  while (px_reader_next(r, &a)) {
    px_doc d;
    if (px_analyze(an, a.text, a.text_len, &d) != PX_OK) continue;
    articles++;
    bytes += a.text_len;
    tokens += d.n_toks;
    sentences += d.n_sents;
  }
  double secs = now() - t0;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("analyze: %zu articles, %.1f MB, %zu sentences, %zu tokens in %.2f s\n",
         articles, bytes / 1e6, sentences, tokens, secs);
  printf("analyze: %.0f articles/s, %.1f MB/s per core, peak memory %.1f MB\n",
         articles / secs, bytes / 1e6 / secs, ru.ru_maxrss / 1024.0);
  px_analyzer_free(an);
  px_reader_close(r);
  return 0;
}
