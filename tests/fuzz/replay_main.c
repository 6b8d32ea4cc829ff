/* replay_main.c — runs a libFuzzer target over every file of a folder, so
 * saved fuzz inputs replay in `make test` under ASan + UBSan without clang's
 * libFuzzer runtime. Usage: replay_fuzz_x CORPUS_DIR */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]); return 2; }
  DIR *d = opendir(argv[1]);
  if (!d) { printf("no corpus"); return 0; }
  char **names = NULL; size_t n = 0, cap = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) { cap = cap ? cap * 2 : 64; names = realloc(names, cap * sizeof *names); }
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", argv[1], names[i]);
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "%s: cannot open\n", path); return 1; }
    fseek(f, 0, SEEK_END); long sz = ftell(f); fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(sz > 0 ? (size_t)sz : 1);
    size_t got = fread(buf, 1, (size_t)(sz > 0 ? sz : 0), f);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, got);
    free(buf); free(names[i]);
  }
  free(names);
  printf("%zu inputs", n);
  return 0;
}
