#!/usr/bin/env bash
# Builds the libFuzzer targets tests/fuzz/fuzz_*.c with clang and runs each
# for SECONDS, starting from its saved corpus.
#
#   run_libfuzzer.sh [SECONDS] [TARGET...]
#
# TARGET is a name such as "article" or "fuzz_quotes"; none means every
# target, one after the other. The library is compiled once per run, with
# PX_CHECKED so a broken invariant aborts (libFuzzer reports only crashes)
# and with UBSan made fatal for the same reason.
#
# New inputs go to build/fuzz/corpus/<name>, so the saved corpus only grows
# on purpose; crashes are written to build/fuzz/crashes/<name>/. Once one is
# fixed, copy it into tests/fuzz/corpus/<name>/ and make test replays it
# from then on. To keep a saved corpus small, merge into an empty folder:
#   build/fuzz/fuzz_<name> -merge=1 NEW_DIR tests/fuzz/corpus/<name> build/fuzz/corpus/<name>
set -euo pipefail
secs=${1:-60}
shift || true
pkgs="libutf8proc jansson libxxhash zlib libzstd sqlite3 libxml-2.0"
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DPX_CHECKED -g -O1
        -Iinclude -Isrc $(pkg-config --cflags $pkgs)"
san="address,undefined -fno-sanitize-recover=undefined"
libs="$(pkg-config --libs $pkgs) -lstemmer -lm"

targets=()
if [ $# -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.c; do targets+=("$(basename "$f" .c)"); done
else
  for t in "$@"; do
    t=fuzz_${t#fuzz_}
    [ -f "tests/fuzz/$t.c" ] || { echo "fuzz: no target tests/fuzz/$t.c" >&2; exit 2; }
    targets+=("$t")
  done
fi

# The library and the CLI's quotation JSON writer (fuzz_article checks what
# `parallax quotes` writes), with coverage but without libFuzzer's main.
obj=build/fuzz/obj
rm -rf "$obj"
mkdir -p "$obj"
objs=()
for s in src/text/*.c src/ingest/*.c src/analyze/*.c src/link/*.c \
         src/store/*.c src/cli/quotes_json.c; do
  [ -f "$s" ] || continue
  o=$obj/$(echo "${s%.c}" | tr / _).o
  clang $cflags -fsanitize=fuzzer-no-link,$san -c "$s" -o "$o"
  objs+=("$o")
done

failed=()
for t in "${targets[@]}"; do
  name=${t#fuzz_}
  corpus=tests/fuzz/corpus/$name
  mkdir -p "$corpus" "build/fuzz/corpus/$name" "build/fuzz/crashes/$name"
  clang $cflags -fsanitize=fuzzer,$san -o "build/fuzz/$t" "tests/fuzz/$t.c" \
    "${objs[@]}" $libs
  dict=()
  case $name in
    article|quotes) dict=(-dict=tests/fuzz/quotes.dict) ;;
  esac
  echo "fuzz: $t for ${secs}s"
  # ASan keeps freed memory in quarantine: long runs need more than the 2 GB default.
  if ! "build/fuzz/$t" -max_total_time="$secs" -max_len=65536 -timeout=25 -rss_limit_mb=6144 \
       -artifact_prefix="build/fuzz/crashes/$name/" "${dict[@]}" \
       "build/fuzz/corpus/$name" "$corpus"; then
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (inputs in build/fuzz/crashes/)" >&2
  exit 1
fi
