/* fuzz_jsonl.c — the JSON Lines reader on arbitrary bytes (see fuzz_reader.h). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_reader("fuzz.jsonl", data, size);
}
