/* fuzz_feed.c — the RSS/Atom reader on arbitrary bytes (the name says
 * feed; the reader still sniffs), through libxml2's streaming reader and
 * the HTML stripping of item texts (see fuzz_reader.h). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_reader("fuzz.rss", data, size);
}
