/* quotes_bench.c — quote-extraction throughput: reads one text file,
 * analyses it once per round (timed apart) and runs px_quotes_find (timed),
 * printing MB/s per core for the extraction alone and with the analysis.
 * Built and run by bench/quotes.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "parallax.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: %s FILE\n", argv[0]); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 1; }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)n + 1);
  if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) return 1;
  fclose(f);
  px_analyzer *an = px_analyzer_new();
  px_quoter *qt = px_quoter_new();
  double t_an = 0, t_q = 0;
  size_t quotes = 0;
  enum { CHUNK = 1 << 20 };
  for (long at = 0; at < n; at += CHUNK) { /* articles of 1 MB */
    size_t len = (size_t)(n - at < CHUNK ? n - at : CHUNK);
    px_doc d;
    px_quote_list l;
    double t0 = now();
    if (px_analyze(an, text + at, len, &d) != PX_OK) return 1;
    double t1 = now();
    if (px_quotes_find(qt, &d, &l) != PX_OK) return 1;
    t_an += t1 - t0;
    t_q += now() - t1;
    quotes += l.n;
  }
  double mb = (double)n / 1e6;
  printf("quotes: %.1f MB, %zu quotations; extraction %.1f MB/s per core; "
         "with text analysis %.1f MB/s per core\n",
         mb, quotes, mb / t_q, mb / (t_q + t_an));
  px_quoter_free(qt);
  px_analyzer_free(an);
  free(text);
  return 0;
}
