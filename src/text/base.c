/* base.c — the slow path of the shared growable array (base.h). */
#include <stdlib.h>
#include "base.h"

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
