/* fuzz_byline.c — px_byline_find and px_date_parse on arbitrary bytes: no
 * crash, no read past len, and any outlet or author found is a non-empty
 * string that occurs in the text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "parallax.h"

static void check_found(const char *found, const char *text, size_t len) {
  if (!found) return;
  size_t n = strlen(found);
  if (n == 0 || n > len) abort();
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(text + i, found, n) == 0) return;
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* an exact-size copy so ASan sees any read past the end */
  char *text = malloc(size ? size : 1);
  if (!text) return 0;
  memcpy(text, data, size);
  char *outlet = NULL, *author = NULL;
  int found = px_byline_find(text, size, &outlet, &author);
  if (found != (outlet || author)) abort();
  check_found(outlet, text, size);
  check_found(author, text, size);
  free(outlet);
  free(author);
  char date[11], clock[9];
  int64_t ts;
  if (px_date_parse(text, size, date, clock, &ts) == PX_OK &&
      (strlen(date) != 10 || (clock[0] && strlen(clock) != 8)))
    abort();
  free(text);
  return 0;
}
