/* fuzz_reader.h — the body shared by the reader fuzz targets: feeds
 * arbitrary bytes to the reader as a file of a given name (in memory, via
 * px__reader_open_mem) with a small article limit, and checks what every
 * kept article promises: id and date set, text valid UTF-8 without NULs,
 * text_len right, and read = kept + skipped. */
#ifndef PX_FUZZ_READER_H
#define PX_FUZZ_READER_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/ingest_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_diag(const px_diag *d, void *user) {
  (void)user;
  if (!d->file || !d->message || (unsigned)d->status >= PX_STATUS_COUNT)
    abort();
}

static void check_article(const px_article *a) {
  if (!a->id || !a->date || !a->text || strlen(a->text) != a->text_len)
    abort();
  if (strlen(a->date) != 10) abort();
  for (size_t i = 0; i < a->text_len;) {
    int32_t cp;
    int n = px_utf8_decode(a->text + i, a->text_len - i, &cp);
    if (n == 0) abort();
    i += (size_t)n;
  }
}

static int fuzz_reader(const char *file_name, const uint8_t *data, size_t size) {
  px_reader_opts o = {4096, on_diag, NULL};
  px_reader *r = px__reader_open_mem(file_name, data, size, &o);
  if (!r) return 0;
  px_article a;
  while (px_reader_next(r, &a)) check_article(&a);
  px_ingest_stats st;
  px_reader_stats(r, &st);
  if (st.read != st.kept + st.skipped) abort();
  px_reader_close(r);
  return 0;
}
#endif
