#!/usr/bin/env bash
# The store on real news text (make bench runs it after real.sh):
#   1. ingest throughput against `parallax cluster` (and `parallax run`,
#      which does the same analysis with quotations) on the same corpus,
#      in CPU seconds (user + sys: the machine is shared, wall time would
#      measure the other jobs);
#   2. the store's size per article against the text's;
#   3. search latency over the largest store: 1,000 varied queries
#      (bench/store_queries.py) through px_store_search (bench_search),
#      CPU milliseconds per query.
# Usage: bench/store.sh BUILD_DIR. Corpora come from bench/real_corpus.py
# (../shared/data; skipped with a line when absent) and are shared with
# real.sh in bench/out/.
# Environment: BENCH_STORE_SIZES (default "10000 100000"), BENCH_QUICK=1
# (10,000 only), BENCH_REPEAT (runs per command at 10,000 articles, the
# least CPU kept; default 2), BENCH_QUERIES (default 1000).
set -euo pipefail
build=${1:?usage: bench/store.sh BUILD_DIR}
bin=$build/parallax
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
mkdir -p "$out"
sizes=${BENCH_STORE_SIZES:-"10000 100000"}
[ "${BENCH_QUICK:-0}" = 1 ] && sizes=10000
queries=${BENCH_QUERIES:-1000}
timer=/usr/bin/time

# cpu_of LOG CMD...: runs CMD under GNU time (stdout to /dev/null, stderr
# to LOG) and prints "user+sys wall".
cpu_of() {
  local log=$1; shift
  "$timer" -f "%U %S %e" -o "$log.time" "$@" > /dev/null 2> "$log" ||
    { echo "store: '$*' failed:" >&2; tail -3 "$log" >&2; return 1; }
  awk '{ printf "%.2f %.1f\n", $1 + $2, $3 }' "$log.time"
}

# best N LOG CMD...: the least CPU of N runs (a fresh store each time).
best() {
  local n=$1 log=$2; shift 2
  local b="" r i
  for ((i = 0; i < n; i++)); do
    rm -f "$out/store.db" "$out/store.db-wal" "$out/store.db-shm"
    r=$(cpu_of "$log" "$@")
    if [ -z "$b" ] || awk -v a="$r" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[1] < y[1]) }'; then b=$r; fi
  done
  echo "$b"
}

largest=""
printf '%-9s %9s %9s %9s %9s %8s %8s %9s %7s %7s\n' articles "cluster s" "run s" \
  "ingest s" "vs clust" "vs run" "text MB" "store MB" "B/art" ratio > "$out/store-results.txt"
for n in $sizes; do
  corpus=$out/real-$n.jsonl
  if [ ! -s "$corpus" ] || [ "$here/real_corpus.py" -nt "$corpus" ]; then
    echo "-- generating $n articles from ../shared/data"
    set +e
    python3 "$here/real_corpus.py" "$n" "$corpus" "$out/real-$n.pairs.tsv"
    rc=$?
    set -e
    [ $rc -eq 77 ] && { echo "store: skipped (no ../shared/data next to the repository)"; exit 0; }
    [ $rc -eq 0 ] || exit $rc
  fi
  reps=$([ "$n" -le 10000 ] && echo "${BENCH_REPEAT:-2}" || echo 1)
  echo "-- $n articles: cluster, run, ingest (CPU s, best of $reps)"
  c=$(best "$reps" "$out/store-$n.cluster.log" "$bin" cluster --no-progress --out /dev/null "$corpus")
  r=$(best "$reps" "$out/store-$n.run.log" "$bin" run --no-progress "$corpus")
  i=$(best "$reps" "$out/store-$n.ingest.log" "$bin" ingest --no-progress --db "$out/store.db" "$corpus")
  grep -q "stored $n new articles" "$out/store-$n.ingest.log" ||
    { echo "store: the ingest did not store all $n articles:" >&2; tail -3 "$out/store-$n.ingest.log" >&2; exit 1; }
  mv "$out/store.db" "$out/store-$n.db"
  text=$(python3 -c 'import json, sys
print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1], encoding="utf-8")))' "$corpus")
  size=$(stat -c %s "$out/store-$n.db")
  awk -v n="$n" -v c="${c%% *}" -v r="${r%% *}" -v i="${i%% *}" -v t="$text" -v s="$size" 'BEGIN {
    printf "%-9d %9.2f %9.2f %9.2f %8.0f%% %7.0f%% %8.1f %9.1f %7.0f %7.2f\n",
      n, c, r, i, 100 * c / i, 100 * r / i, t / 1e6, s / 1e6, s / n, s / t }' >> "$out/store-results.txt"
  largest=$n
done
[ -n "$largest" ] || exit 0
echo
echo "== the store ($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
cat "$out/store-results.txt"
echo "cluster/run/ingest s: CPU seconds (user + sys) of each command on the corpus;"
echo "vs clust, vs run: ingest throughput as a share of theirs (target: >= 70% of cluster);"
echo "B/art: store bytes per article; ratio: store size / article text size (target: <= 2)."
echo
echo "== search over the $largest-article store: $queries queries (bench/store_queries.py)"
python3 "$here/store_queries.py" "$out/real-$largest.jsonl" "$queries" > "$out/store-queries.txt"
"$build/bench/bench_search" "$out/store-$largest.db" "$out/store-queries.txt"
echo "(targets over 100,000 articles: p50 < 5 ms, p99 < 50 ms)"
