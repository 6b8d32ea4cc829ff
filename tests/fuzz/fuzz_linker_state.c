/* fuzz_linker_state.c — px_linker_load on arbitrary bytes: a damaged
 * state is refused (PX_BAD_STATE), never followed; one that loads can be
 * ended and read out, and saved again to the same bytes. */
#include <stdlib.h>
#include <string.h>
#include "parallax.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  px_linker *l;
  px_status st = px_linker_load(data, size, &l);
  if (st != PX_OK) {
    if (st != PX_BAD_STATE && st != PX_NOMEM) abort();
    return 0;
  }
  size_t n;
  void *again = px_linker_save(l, &n);
  /* the same state: the same bytes */
  if (!again || n != size || memcmp(again, data, size)) abort();
  free(again);
  if (px_linker_finish(l) == PX_OK) {
    px_linked a;
    for (size_t i = 0; px_linker_article(l, i, &a); i++)
      if (!a.id || !a.date || a.story < 1) abort();
    px_story s;
    for (size_t r = 0; px_linker_story(l, r, &s); r++)
      if (!s.label) abort();
  }
  px_linker_free(l);
  return 0;
}
