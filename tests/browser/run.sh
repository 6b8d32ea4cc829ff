#!/usr/bin/env bash
# run.sh — the browser test of the page: builds a store from
# examples/corpus, starts `parallax serve` on a free loopback port, and
# drives Debian's chromium over it with playwright-core (page_test.js).
# Screenshots are left in build/browser/ for a person to look at.
# Usage: tests/browser/run.sh PARALLAX   (from the top folder)
# Prints the checks; exits 1 when any failed, or when the server did not
# stop cleanly (under ASan that includes a leak).
set -uo pipefail
px=$1
here=$(cd "$(dirname "$0")" && pwd)
shots=build/browser
tmp=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2> /dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

[ -d "$here/node_modules/playwright-core" ] ||
  { echo "FAIL: tests/browser/node_modules is missing: run scripts/setup.sh browser"; exit 1; }
[ -x /usr/bin/chromium ] || { echo "FAIL: /usr/bin/chromium is missing: run scripts/setup.sh browser"; exit 1; }

if ! "$px" ingest -q --db "$tmp/corpus.db" examples/corpus > /dev/null 2> "$tmp/ingest.err"; then
  echo "FAIL: ingest of examples/corpus:"; tail -5 "$tmp/ingest.err"; exit 1
fi
"$px" serve --db "$tmp/corpus.db" --listen 127.0.0.1:0 > "$tmp/url" 2> "$tmp/serve.err" &
server=$!
for _ in $(seq 100); do [ -s "$tmp/url" ] && break; sleep 0.1; done
base=$(head -1 "$tmp/url")
[ -n "$base" ] || { echo "FAIL: the server did not start:"; cat "$tmp/serve.err"; exit 1; }

rm -rf "$shots"
mkdir -p "$shots"
NODE_PATH="$here/node_modules" node "$here/page_test.js" "$base" "$shots"
rc=$?

kill -TERM "$server"
wait "$server"
src=$?
server=
if [ "$src" != 0 ]; then
  echo "FAIL: the server exited $src after SIGTERM:"; tail -20 "$tmp/serve.err"; rc=1
fi
exit "$rc"
