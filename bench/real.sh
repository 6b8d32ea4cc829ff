#!/usr/bin/env bash
# Speed on real news text, through the commands users run.
#
# Why: the library benches (bench_analyze, bench_cluster) run on generated
# sentences with a tiny vocabulary and showed 5-7x the speed `parallax
# cluster` reaches on real news. This runs the real binary on corpora that
# bench/real_corpus.py recombines from ../shared/data, and measures what a
# user waits for: wall and CPU time, peak memory, planted-reprint recall.
#
# Usage: bench/real.sh BIN        (make bench calls it through bench/run.sh)
# Environment:
#   BENCH_REAL_SIZES     corpus sizes (default "10000 100000 1000000")
#   BENCH_REAL_MAX       skip sizes above this (default 1000000; the 1M
#                        corpus is ~3.2 GB and takes minutes per command)
#   BENCH_QUICK=1        only 10,000 articles
#   BENCH_CLUSTER_FLAGS  extra flags for `parallax cluster` (e.g. -j2)
#   BENCH_REPEAT         runs per command and size, best kept (default 3 up
#                        to 10,000 articles, else 1: timing noise matters
#                        less on long runs)
#   BENCH_PERF=1         also `perf record -g` the largest cluster run and
#                        print its top functions (needs linux-perf)
#   BENCH_PER_DAY=D      corpora at D articles a day (N/D days) instead of
#                        N/30 a day: the same density at every size, so the
#                        growth column shows the cost of the stream's length
#                        alone (e.g. 3333)
# Corpora and outputs stay in bench/out/ (gitignored); a corpus is rebuilt
# only when bench/real_corpus.py is newer than it.
set -euo pipefail
bin=${1:?usage: bench/real.sh BIN}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
mkdir -p "$out"

sizes=${BENCH_REAL_SIZES:-"10000 100000 1000000"}
[ "${BENCH_QUICK:-0}" = 1 ] && sizes=10000
max=${BENCH_REAL_MAX:-1000000}
read -r -a cluster_flags <<< "${BENCH_CLUSTER_FLAGS:-}"
timer=/usr/bin/time
[ -x "$timer" ] || { echo "real: $timer missing (Debian package 'time'; scripts/setup.sh installs it)" >&2; exit 1; }

# run_timed LABEL N LOG CMD...: runs CMD (its stdout to /dev/null, its
# stderr to LOG) BENCH_REPEAT times under GNU time and prints
# "wall user sys rss_kb" of the run with the least CPU time.
run_timed() {
  local label=$1 n=$2 log=$3; shift 3
  local reps=${BENCH_REPEAT:-$([ "$n" -le 10000 ] && echo 3 || echo 1)}
  local best="" i
  for ((i = 0; i < reps; i++)); do
    if ! "$timer" -f "%e %U %S %M" -o "$log.time" "$@" > /dev/null 2> "$log"; then
      echo "real: '$label' failed on $n articles:" >&2; tail -5 "$log" >&2; return 1
    fi
    # The summary line says every article was kept: a skipped one would
    # make the throughput a lie.
    grep -q "kept $n, skipped 0" "$log" || { echo "real: '$label' did not keep all $n articles:" >&2; tail -3 "$log" >&2; return 1; }
    local t; t=$(tail -1 "$log.time")
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{split(a,x," ");split(b,y," ");exit !(x[2]+x[3] < y[2]+y[3])}'; then best=$t; fi
  done
  echo "$best"
}

results=$out/real-results.txt
: > "$results"
recall_lines=()
largest=""
for n in $sizes; do
  if [ "$n" -gt "$max" ]; then echo "-- $n articles: skipped (BENCH_REAL_MAX=$max)"; continue; fi
  tag=$n${BENCH_PER_DAY:+-d$BENCH_PER_DAY}
  corpus=$out/real-$tag.jsonl pairs=$out/real-$tag.pairs.tsv
  if [ ! -s "$corpus" ] || [ "$here/real_corpus.py" -nt "$corpus" ]; then
    echo "-- generating $n articles from ../shared/data"
    set +e
    python3 "$here/real_corpus.py" "$n" "$corpus" "$pairs" \
      ${BENCH_PER_DAY:+--per-day "$BENCH_PER_DAY"}
    rc=$?
    set -e
    [ $rc -eq 77 ] && { echo "real: skipped (no ../shared/data next to the repository)"; exit 0; }
    [ $rc -eq 0 ] || exit $rc
  fi
  mb=$(stat -c %s "$corpus")
  echo "-- $n articles ($((mb / 1000000)) MB): parallax cluster${BENCH_CLUSTER_FLAGS:+ $BENCH_CLUSTER_FLAGS}, then parallax analyze"
  # --no-progress, not -q: the summary line proves every article was kept.
  c=$(run_timed cluster "$n" "$out/real-$tag.cluster.log" "$bin" cluster --no-progress \
    "${cluster_flags[@]}" --stories "$out/real-$tag.stories.jsonl" \
    --out "$out/real-$tag.clusters.tsv" "$corpus")
  a=$(run_timed analyze "$n" "$out/real-$tag.analyze.log" "$bin" analyze --no-progress "$corpus")
  recall=$(python3 "$here/reprint_recall.py" "$pairs" "$out/real-$tag.stories.jsonl")
  recall_lines+=("$n: $recall")
  # results: command articles wall user sys rss_kb bytes [recall fields]
  echo "cluster $n $c $mb $(echo "$recall" | head -1)" >> "$results"
  echo "analyze $n $a $mb" >> "$results"
  largest=$n largest_tag=$tag
done
[ -n "$largest" ] || exit 0

# The table. Growth: CPU seconds per article relative to the first size
# (1.00 = linear; above 1 means each article costs more as the corpus grows).
echo
echo "== real text through the CLI ($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
awk '
  BEGIN { printf "%-8s %9s %7s %8s %8s %9s %9s %8s %9s %8s %7s %6s %6s\n",
          "command", "articles", "MB", "wall s", "cpu s", "art/s", "art/cpu-s", "MB/s/c",
          "peak MB", "B/art", "growth", "dup%", "story%" }
  {
    cmd = $1; n = $2; wall = $3; cpu = $4 + $5; rss = $6 * 1024; mb = $7 / 1e6
    per = cpu / n
    if (!(cmd in base)) base[cmd] = per
    dup = "-"; story = "-"
    for (i = 8; i <= NF; i++) {
      if ($i ~ /^dup_recall=/) { split($i, a, "="); dup = a[2] }
      if ($i ~ /^story_recall=/) { split($i, a, "="); story = a[2] }
    }
    printf "%-8s %9d %7.0f %8.1f %8.1f %9.0f %9.0f %8.1f %9.0f %8.0f %7.2f %6s %6s\n",
           cmd, n, mb, wall, cpu, n / (wall > 0 ? wall : 0.01), n / (cpu > 0 ? cpu : 0.01),
           mb / (cpu > 0 ? cpu : 0.01), rss / 1e6, rss / n, per / base[cmd], dup, story
  }' "$results"
echo "art/s = articles / wall s (suffers when the machine is busy); art/cpu-s = articles /"
echo "(user+sys CPU s); MB/s/c = input MB / (user+sys CPU s);"
echo "B/art = peak RSS / articles; growth = CPU s per article / that at the first size."
echo "planted-reprint recall (pairs found as near-duplicates / in one story):"
printf '  %s\n' "${recall_lines[@]}"

if [ "${BENCH_PERF:-0}" = 1 ]; then
  if ! command -v perf > /dev/null || ! perf record -o /dev/null -e cpu-clock true 2> /dev/null; then
    echo "real: BENCH_PERF=1 but perf is missing or not allowed here" >&2; exit 0
  fi
  # cpu-clock, not cycles: virtual machines often lack hardware counters.
  echo
  echo "== perf: cluster on $largest articles, top functions (self time)"
  perf record -q -e cpu-clock -g -o "$out/perf-$largest.data" -- "$bin" cluster -q \
    "${cluster_flags[@]}" --out /dev/null "$out/real-$largest_tag.jsonl" 2> /dev/null
  perf report -i "$out/perf-$largest.data" --no-children --stdio --percent-limit 1 \
    --sort symbol -F overhead,sym -g none 2> /dev/null | grep -v '^#' | grep -v '^$' |
    awk '{print $1, $2, $3}' | sort -rn | head -20
fi
