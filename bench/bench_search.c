/* bench_search.c — search latency of a store: runs every query of a file
 * (one a line; a line "FROM TO<TAB>QUERY" adds a date range) through
 * px_store_search, 20 hits with snippets, as `parallax search` does, and
 * prints the percentiles of the CPU time each took (this thread's CPU
 * clock: the machine is shared, so wall time would measure the others),
 * and of the wall time for comparison.
 *
 * usage: bench_search DB QUERIES   (BENCH_SLOW=MS lists the slow ones) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "parallax.h"

static double now(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_double(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return a < b ? -1 : a > b;
}

static double pct(const double *v, size_t n, double p) {
  size_t i = (size_t)(p * (double)(n - 1) + 0.5);
  return v[i < n ? i : n - 1];
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: bench_search DB QUERIES\n");
    return 2;
  }
  px_store *s;
  char err[600];
  if (px_store_open(argv[1], PX_STORE_READ, &s, err, sizeof err) != PX_OK) {
    fprintf(stderr, "bench_search: %s\n", err);
    return 1;
  }
  FILE *f = fopen(argv[2], "r");
  if (!f) {
    perror(argv[2]);
    return 1;
  }
  size_t cap = 1024, n = 0, errors = 0, empty = 0, hits = 0;
  double *cpu = malloc(cap * sizeof *cpu), *wall = malloc(cap * sizeof *wall);
  char line[4096];
  /* BENCH_SLOW=MS prints the queries that took that much CPU or more */
  double slow = getenv("BENCH_SLOW") ? atof(getenv("BENCH_SLOW")) : 0;
  /* one query first, untimed: the schema and the first pages read */
  char *warm;
  px_store_filter w = {.query = "news"};
  if (px_store_search(s, &w, &warm) == PX_OK) free(warm);
  while (cpu && wall && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    if (!*line) continue;
    px_store_filter q = {0};
    char *tab = strchr(line, '\t');
    char from[11], to[11];
    if (tab) {
      *tab = 0;
      if (sscanf(line, "%10s %10s", from, to) == 2) {
        q.from = from;
        q.to = to;
      }
      q.query = tab + 1;
    } else {
      q.query = line;
    }
    if (n == cap) {
      cap *= 2;
      double *c2 = realloc(cpu, cap * sizeof *cpu), *w2 = realloc(wall, cap * sizeof *wall);
      if (!c2 || !w2) return 1;
      cpu = c2;
      wall = w2;
    }
    double c0 = now(CLOCK_THREAD_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
    char *json = NULL;
    px_status st = px_store_search(s, &q, &json);
    cpu[n] = now(CLOCK_THREAD_CPUTIME_ID) - c0;
    wall[n] = now(CLOCK_MONOTONIC) - w0;
    if (slow > 0 && cpu[n] >= slow)
      fprintf(stderr, "slow: %.1f ms cpu: %s%s%s\n", cpu[n],
              q.from ? q.from : "", q.from ? " .. " : "", q.query);
    n++;
    if (st != PX_OK) {
      if (errors++ < 5) fprintf(stderr, "bench_search: %s\n", px_store_errmsg(s));
      continue;
    }
    /* hits: count the objects of the array */
    size_t k = 0;
    for (const char *p = json; (p = strstr(p, "{\"id\":")); p++) k++;
    hits += k;
    empty += k == 0;
    free(json);
  }
  fclose(f);
  px_store_close(s);
  if (!n) {
    fprintf(stderr, "bench_search: no queries\n");
    return 1;
  }
  qsort(cpu, n, sizeof *cpu, cmp_double);
  qsort(wall, n, sizeof *wall, cmp_double);
  printf("%zu queries (%zu failed, %zu without a hit, %.1f hits each)\n", n,
         errors, empty, (double)hits / (double)(n - errors ? n - errors : 1));
  printf("cpu ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", pct(cpu, n, .5),
         pct(cpu, n, .9), pct(cpu, n, .99), cpu[n - 1]);
  printf("wall ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", pct(wall, n, .5),
         pct(wall, n, .9), pct(wall, n, .99), wall[n - 1]);
  free(cpu);
  free(wall);
  return errors ? 1 : 0;
}
