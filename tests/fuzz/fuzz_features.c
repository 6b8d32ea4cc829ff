/* fuzz_features.c — px_features_from_json, the reader of the records that
 * parallax link takes from other processes, on arbitrary bytes: no crash,
 * no read past the end, and whatever it accepts is written back by
 * px_features_to_json and read again to the same line (lossless both
 * ways), and orders equal to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "parallax.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* an exact-size copy so ASan sees any read past the end */
  char *json = malloc(size ? size : 1);
  if (!json) return 0;
  memcpy(json, data, size);
  px_features f = {0}, g = {0};
  char err[200];
  px_status st = px_features_from_json(json, size, &f, err, sizeof err);
  if (st == PX_OK) {
    if (!f.id || !f.date || !f.headline || px_features_order(&f, &f)) abort();
    char *j1 = px_features_to_json(&f);
    if (!j1) abort();
    if (px_features_from_json(j1, strlen(j1), &g, err, sizeof err) != PX_OK)
      abort();
    char *j2 = px_features_to_json(&g);
    if (!j2 || strcmp(j1, j2)) abort();
    free(j1);
    free(j2);
  } else if (st != PX_BAD_JSON && st != PX_NOMEM) {
    abort();
  } else if (!err[0]) {
    abort(); /* a refusal says why */
  }
  px_features_clear(&f);
  px_features_clear(&g);
  free(json);
  return 0;
}
