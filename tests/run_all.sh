#!/usr/bin/env bash
# Runs every test: unit binaries, golden cases and fuzz-corpus replay.
# Usage: tests/run_all.sh BUILD_DIR   (the ASan + UBSan build)
# Prints one line per test and closes with "N passed, N failed".
set -uo pipefail
build=$1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
passed=0 failed=0
ok()   { passed=$((passed + 1)); }
bad()  { failed=$((failed + 1)); echo "FAIL: $*"; }

for t in "$build"/tests/test_*; do
  [ -x "$t" ] || continue
  if out=$("$t" 2>&1); then ok; echo "ok   unit $(basename "$t")"
  else bad "unit $(basename "$t")"; echo "$out" | tail -40; fi
done

# Golden cases: tests/golden/<stage>/<case>/cmd holds the arguments to
# parallax (run from the case folder); expected is its standard output.
# UPDATE=1 rewrites expected from the current output.
bin=$(cd "$build" && pwd)/parallax
for dir in tests/golden/*/*/; do
  [ -f "$dir/cmd" ] || continue
  name=${dir#tests/golden/}; name=${name%/}
  actual=$(cd "$dir" && eval "\"$bin\" $(cat cmd)" 2>/dev/null)
  if [ "${UPDATE:-0}" = 1 ]; then printf '%s\n' "$actual" > "$dir/expected"; fi
  if diff -u "$dir/expected" <(printf '%s\n' "$actual") > /tmp/px_golden_diff.$$ 2>&1; then
    ok; echo "ok   golden $name"
  else bad "golden $name"; head -40 /tmp/px_golden_diff.$$; fi
  rm -f /tmp/px_golden_diff.$$
done

# Shell tests of the command's behaviour: tests/cli/NAME.sh PARALLAX
# prints what failed and exits 1, or exits 77 when it cannot run here
# (its last line says why), which is shown as a skip, not a pass.
skipped=0
for t in tests/cli/*.sh; do
  [ "$(basename "$t")" = lib.sh ] && continue
  out=$(bash "$t" "$bin" 2>&1); rc=$?
  if [ $rc = 0 ]; then ok; echo "ok   cli $(basename "$t" .sh)"
  elif [ $rc = 77 ]; then skipped=$((skipped + 1))
    echo "skip cli $(basename "$t" .sh): $(echo "$out" | tail -1)"
  else bad "cli $(basename "$t" .sh)"; echo "$out" | tail -40; fi
done

# The page in a real browser: tests/browser/run.sh PARALLAX (playwright-core
# driving Debian's chromium; scripts/setup.sh browser installs both).
if [ "${PX_SKIP_BROWSER:-0}" = 1 ]; then skipped=$((skipped + 1))
  echo "skip browser page: PX_SKIP_BROWSER=1 (the browser group was not installed)"
elif out=$(bash tests/browser/run.sh "$bin" 2>&1); then ok; echo "ok   browser page ($(echo "$out" | tail -1))"
else bad "browser page"; echo "$out" | tail -40; fi

# Saved fuzz inputs replay through each target under the sanitizers.
for r in "$build"/replay/fuzz_*; do
  [ -x "$r" ] || continue
  target=$(basename "$r"); corpus=tests/fuzz/corpus/${target#fuzz_}
  if out=$("$r" "$corpus" 2>&1); then ok; echo "ok   fuzz-replay $target ($out)"
  else bad "fuzz-replay $target"; echo "$out" | tail -40; fi
done

echo "$passed passed, $failed failed$([ $skipped = 0 ] || echo ", $skipped skipped")"
[ "$failed" -eq 0 ]
