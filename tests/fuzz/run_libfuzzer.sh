#!/usr/bin/env bash
# Builds every tests/fuzz/fuzz_*.c with clang's libFuzzer and runs each for
# $1 seconds, starting from its saved corpus. New inputs go to
# build/fuzz/corpus/<name>, so the saved corpus only grows on purpose: copy a
# crash-* file (written to the current folder) into tests/fuzz/corpus/<name>/
# once it is fixed, and make test replays it from then on.
set -euo pipefail
secs=${1:-60}
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc $(pkg-config --cflags libutf8proc jansson libxxhash zlib libzstd sqlite3)"
libs="$(pkg-config --libs libutf8proc jansson libxxhash zlib libzstd sqlite3) -lstemmer -lm"
srcs="$(ls src/text/*.c src/ingest/*.c src/analyze/*.c src/link/*.c src/store/*.c 2>/dev/null || true) src/cli/quotes_json.c"
mkdir -p build/fuzz
for f in tests/fuzz/fuzz_*.c; do
  t=$(basename "$f" .c); corpus=tests/fuzz/corpus/${t#fuzz_}
  mkdir -p "$corpus" "build/fuzz/corpus/${t#fuzz_}"
  clang $flags -o "build/fuzz/$t" "$f" $srcs $libs
  echo "fuzz: $t for ${secs}s"
  "build/fuzz/$t" -max_total_time="$secs" -max_len=65536 \
    "build/fuzz/corpus/${t#fuzz_}" "$corpus"
done
