/* fuzz_warc.c — the WARC reader on arbitrary bytes: record headers,
 * lengths that lie, HTTP headers, chunked and gzip bodies, then the page
 * extractor (see fuzz_reader.h for what every kept article must hold). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_reader("fuzz.warc", data, size);
}
