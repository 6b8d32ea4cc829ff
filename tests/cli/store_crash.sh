# store_crash.sh — kill -9 during an ingest leaves a store that passes its
# check, and the same ingest run again gives what an uninterrupted one
# gives (a small run of scripts/crash_test.sh; the full one, 20,000
# articles and 10 kills, is `scripts/crash_test.sh build/release/parallax`).
. "$(dirname "$0")/lib.sh"
command -v python3 > /dev/null || { echo "  skipped: no python3 to write the articles"; exit 0; }
out=$(bash scripts/crash_test.sh "$px" 1000 3 150 2>&1) ||
  fail "crash test: $(echo "$out" | grep -E -A3 'FAIL|damaged' | head -8)"
finish
