/* fuzz_json_fast.c — differential target for the JSON Lines fast path:
 * whatever px__json_fast accepts, jansson must accept too, as an object,
 * with the same values for the fields parallax reads. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/ingest_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_field(json_t *obj, const char *key, const px__span *s) {
  json_t *v = json_object_get(obj, key);
  if (!s->set) return;
  if (!v || !json_is_string(v)) return; /* an integer id, or a synonym won */
  if (json_string_length(v) == s->n && !memcmp(json_string_value(v), s->p, s->n))
    return;
  /* a synonym ("body" for "text") may have given the value: look for it */
  const char *k;
  json_t *w;
  json_object_foreach(obj, k, w) {
    if (json_is_string(w) && json_string_length(w) == s->n &&
        !memcmp(json_string_value(w), s->p, s->n))
      return;
  }
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t n;
  uint32_t bad, nul;
  char *line = px_utf8_repair((const char *)data, size, &n, &bad, &nul);
  if (!line) return 0;
  char *scratch = malloc(n + 1);
  px__fields f;
  memset(&f, 0, sizeof f);
  if (px__json_fast(line, n, scratch, &f) == 0) {
    json_error_t e;
    json_t *obj = json_loadb(line, n, JSON_ALLOW_NUL, &e);
    if (!obj || !json_is_object(obj)) abort();
    same_field(obj, "text", &f.text);
    same_field(obj, "date", &f.date);
    same_field(obj, "title", &f.title);
    json_decref(obj);
  }
  free(scratch);
  free(line);
  return 0;
}
