#!/usr/bin/env bash
# Speed of HTML extraction: `parallax extract` over the 302 real pages of
# ../shared/data/html-extraction (56 MB of HTML), in MB of HTML per CPU
# second (user + system, from GNU time: the machine may be shared, so wall
# time would measure the neighbours). Best of BENCH_REPEAT runs (3).
# Skips, with a message, when the pages are absent.
# Usage: bench/html.sh BIN
set -euo pipefail
bin=${1:?usage: bench/html.sh BIN}
here=$(cd "$(dirname "$0")/.." && pwd)
pages=$here/../shared/data/html-extraction/pages
if [ ! -d "$pages" ]; then
  echo "html extraction: skipped ($pages is absent)"
  exit 0
fi
bytes=$(cat "$pages"/*.html | wc -c)
n=$(ls "$pages" | wc -l)
best=
for _ in $(seq "${BENCH_REPEAT:-3}"); do
  t=$( { /usr/bin/time -f '%U %S %M' "$bin" extract --quiet "$pages" > /dev/null || true; } 2>&1 | tail -1)
  cpu=$(echo "$t" | awk '{print $1 + $2}')
  mem=$(echo "$t" | awk '{print $3}')
  if [ -z "$best" ] || awk -v a="$cpu" -v b="$best" 'BEGIN{exit !(a < b)}'; then best=$cpu; peak=$mem; fi
done
awk -v b="$bytes" -v c="$best" -v n="$n" -v m="$peak" 'BEGIN {
  printf "html extraction: %d pages, %.1f MB of HTML, %.2f s CPU, %.0f MB/s per core, peak %.0f MB\n",
         n, b / 1e6, c, (c > 0 ? b / 1e6 / c : 0), m / 1024 }'
