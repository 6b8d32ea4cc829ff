/* ids.c — remembers the id of every kept article so a second article with
 * the same id is reported (naming where the first was read) and skipped:
 * the first copy in input order wins, so which one that is depends on the
 * order of the paths given and of the folder walk. Ids are kept as 64-bit
 * xxh3 hashes, not strings: an entry is 16 bytes (hash, file number, line)
 * in a table at most half full, 32 to 64 bytes per kept article, plus each
 * file name once. Two different ids share a hash with odds of about n^2 /
 * 2^65 for n articles (1 in 370,000 for ten million). */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include "ingest/ingest_internal.h"

static px__id_entry *id_slot(px__id_set *s, uint64_t h) {
  size_t i = (size_t)h & (s->cap - 1);
  while (s->slot[i].hash && s->slot[i].hash != h) i = (i + 1) & (s->cap - 1);
  return &s->slot[i];
}

static int grow(px__id_set *s) {
  size_t cap = s->cap ? s->cap * 2 : 1024;
  px__id_entry *slot = calloc(cap, sizeof *slot);
  if (!slot) return -1;
  px__id_set grown = {slot, s->n, cap, s->files, s->n_files, s->cap_files};
  for (size_t i = 0; i < s->cap; i++)
    if (s->slot[i].hash) *id_slot(&grown, s->slot[i].hash) = s->slot[i];
  free(s->slot);
  *s = grown;
  return 0;
}

/* The number of file (kept as a copy) in the list of files with ids. */
static int file_number(px__id_set *s, const char *file, uint32_t *no) {
  if (s->n_files && strcmp(s->files[s->n_files - 1], file) == 0) {
    *no = (uint32_t)(s->n_files - 1);
    return 0;
  }
  if (s->n_files == s->cap_files) {
    size_t cap = s->cap_files ? s->cap_files * 2 : 16;
    char **files = realloc(s->files, cap * sizeof *files);
    if (!files) return -1;
    s->files = files;
    s->cap_files = cap;
  }
  if (!(s->files[s->n_files] = strdup(file))) return -1;
  *no = (uint32_t)s->n_files++;
  return 0;
}

int px__id_seen(px__id_set *s, const char *id, size_t n, const char *file,
                uint64_t line, const char **first_file,
                uint64_t *first_line) {
  uint64_t h = XXH3_64bits(id, n);
  if (h == 0) h = 1; /* 0 marks a free slot */
  if (s->n + 1 > s->cap / 2 && grow(s) != 0) return 0;
  px__id_entry *e = id_slot(s, h);
  if (e->hash) {
    *first_file = s->files[e->file];
    *first_line = e->line;
    return 1;
  }
  uint32_t no;
  if (file_number(s, file, &no) != 0) return 0; /* out of memory: keep */
  *e = (px__id_entry){h, no, line > UINT32_MAX ? UINT32_MAX : (uint32_t)line};
  s->n++;
  return 0;
}

void px__id_set_free(px__id_set *s) {
  for (size_t i = 0; i < s->n_files; i++) free(s->files[i]);
  free(s->files);
  free(s->slot);
  memset(s, 0, sizeof *s);
}
