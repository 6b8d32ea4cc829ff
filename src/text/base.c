/* base.c — the slow path of the shared growable array, and the public
 * face of the one hash (base.h). */
#include <stdlib.h>
#include "base.h"
#include "parallax.h"

uint64_t px_text_hash(const char *text, size_t len) {
  return px__hash(text, len);
}

int px__grow_slow(void **p, size_t *cap, size_t need, size_t elsize) {
  if (need <= *cap) return 0;
  if (need > PX__GROW_MAX) return -1;
  size_t c = *cap ? *cap : 8;
  while (c < need) c *= 2;
  void *q = realloc(*p, c * elsize);
  if (!q) return -1;
  *p = q;
  *cap = c;
  return 0;
}
