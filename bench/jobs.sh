#!/usr/bin/env bash
# The -j N speed-up of `parallax cluster` on real news text, for a quiet
# machine (wall time means little on a busy one: the CPU times are printed
# too, and the main thread's share, which bounds the speed-up).
#
# Usage: bench/jobs.sh BIN [ARTICLES] [JOBS]   (defaults 20000 and 2)
#   e.g. make && bench/jobs.sh build/release/parallax 20000 2
# Builds the corpus with bench/real_corpus.py from ../shared/data (exits 77
# when that is absent), runs `cluster -j 1` and `cluster -j JOBS` three
# times each, keeps the best wall time of each, checks that both wrote the
# same bytes, and prints the speed-up. With perf installed it also prints
# how the -j JOBS run's CPU time splits between the reading and linking
# thread and the analysis workers.
set -euo pipefail
bin=${1:?usage: bench/jobs.sh BIN [ARTICLES] [JOBS]}
n=${2:-20000}
jobs=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../../shared/data
[ -d "$data" ] || { echo "skipped: ../shared/data absent"; exit 77; }
out=$here/out
mkdir -p "$out"
corpus=$out/real$n.jsonl
if [ ! -s "$corpus" ] || [ "$here/real_corpus.py" -nt "$corpus" ]; then
  python3 "$here/real_corpus.py" "$n" "$corpus" "$out/pairs$n.tsv" --data "$data" >&2
fi

# best J: the best of three runs of cluster -j J as "wall user sys"
best() {
  local j=$1 best= line
  for _ in 1 2 3; do
    line=$( { /usr/bin/time -f '%e %U %S' "$bin" cluster -q -j "$j" "$corpus" \
                > "$out/jobs-$j.tsv"; } 2>&1 | tail -1)
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN{exit !(a<b)}'; then
      best=$line
    fi
  done
  echo "$best"
}
one=$(best 1)
many=$(best "$jobs")
cmp -s "$out/jobs-1.tsv" "$out/jobs-$jobs.tsv" || { echo "jobs: -j 1 and -j $jobs differ" >&2; exit 1; }
echo "articles $n, cores $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cluster -j 1:      wall ${one%% *} s, user+sys $(echo "$one" | awk '{print $2 + $3}') s"
echo "cluster -j $jobs:      wall ${many%% *} s, user+sys $(echo "$many" | awk '{print $2 + $3}') s"
echo "speed-up (wall):   $(awk -v a="${one%% *}" -v b="${many%% *}" 'BEGIN{printf "%.2fx\n", a / b}')"
if command -v perf > /dev/null; then
  perf record -q -s -o "$out/jobs.perf" "$bin" cluster -q -j "$jobs" "$corpus" > /dev/null 2>&1 || exit 0
  perf report -i "$out/jobs.perf" -s pid --stdio -g none 2>/dev/null |
    awk '/%/ { n++; printf "%s %s of CPU\n", n == 1 ? "main thread (read, order, link):" : "analysis worker:                ", $1 }'
fi
