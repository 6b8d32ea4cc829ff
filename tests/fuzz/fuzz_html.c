/* fuzz_html.c — the HTML page reader on arbitrary bytes: charset
 * detection and conversion, the page tree, main-text extraction and
 * metadata (see fuzz_reader.h for what every kept article must hold). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_reader("fuzz.html", data, size);
}
