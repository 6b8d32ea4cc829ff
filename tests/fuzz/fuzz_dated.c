/* fuzz_dated.c — the dated-text reader on arbitrary bytes (see fuzz_reader.h). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_reader("fuzz.txt", data, size);
}
