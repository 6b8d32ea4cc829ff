/* fuzz_csv.c — the CSV reader on arbitrary bytes (see fuzz_reader.h). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_reader("fuzz.csv", data, size);
}
