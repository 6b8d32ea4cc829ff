#!/usr/bin/env bash
# crash_test.sh — kill -9 an ingest at random moments and check the store.
# Usage: scripts/crash_test.sh PARALLAX [ARTICLES] [KILLS] [CHECKPOINT]
#   (defaults 20000, 10, 4096). Writes ARTICLES fictional articles (the
#   sentences of examples/corpus recombined; fixed seed), ingests them once
#   without interruption (the reference), then again into a second store,
#   killed with SIGKILL KILLS times at random moments of the run; after
#   every kill `parallax check` must say ok; finally the same ingest runs to
#   the end and its exports (articles, stories, quotes) must equal the
#   reference's byte for byte. Prints one line per kill and a verdict;
#   exits 1 on any failure. CRASH_SEED sets the random moments; CRASH_KEEP=DIR
#   keeps a copy of every store a check calls damaged (DIR/kill-K/).
set -uo pipefail
px=$1 n=${2:-20000} kills=${3:-10} checkpoint=${4:-4096}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
python3 - "$n" examples/corpus > "$tmp/in.jsonl" <<'PY'
import json, os, random, re, sys
n, src = int(sys.argv[1]), sys.argv[2]
rng = random.Random(12)
stories = []
for name in sorted(os.listdir(src)):
    with open(os.path.join(src, name), encoding="utf-8") as f:
        body = f.read().split("\n", 1)[1]
    sents = [s for s in re.split(r"(?<=[.!?\"”])\s+", body) if len(s.split()) > 3]
    if sents:
        stories.append(sents)
outlets = ["Harbour Daily", "Valley Courier", "North Ledger", "Eastmark Times",
           "Riverside Post", "Crown Wire", "Summit Herald", "Ashby Gazette"]
for i in range(n):
    st = stories[i % len(stories)]
    k = rng.randint(4, min(12, len(st)))
    start = rng.randint(0, len(st) - k)
    text = " ".join(st[start:start + k])
    if rng.random() < 0.3:
        other = stories[rng.randrange(len(stories))]
        text += " " + other[rng.randrange(len(other))]
    day = 1 + (i * 60) // n
    print(json.dumps({"id": "art-%06d" % i,
                      "date": "2026-%02d-%02d" % (1 + (day - 1) // 28, 1 + (day - 1) % 28),
                      "outlet": outlets[rng.randrange(len(outlets))],
                      "title": st[0][:80], "text": text}, ensure_ascii=False))
PY
echo "crash test: $n articles, $kills kills, a commit every $checkpoint articles"
start=$(date +%s.%N)
"$px" ingest -q --checkpoint "$checkpoint" --db "$tmp/ref.db" "$tmp/in.jsonl" || { echo "FAIL: the reference ingest"; exit 1; }
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
echo "reference ingest: ${secs}s wall"
# the uninterrupted store must pass the check itself: a kill that lands
# after the last commit leaves exactly it
out=$("$px" check --db "$tmp/ref.db" 2>&1) ||
  { echo "FAIL: the reference store: $out" | head -5; fail=1; }
RANDOM=${CRASH_SEED:-7}
done_kills=0 tries=0
while [ "$done_kills" -lt "$kills" ] && [ "$tries" -lt $((kills * 4)) ]; do
  tries=$((tries + 1))
  # a moment within the run's length (a rerun is shorter: it skips what
  # is stored, so the window shrinks with the kills)
  delay=$(awk -v s="$secs" -v r=$((RANDOM % 1000)) 'BEGIN { printf "%.3f", s * r / 1000 }')
  "$px" ingest -q --checkpoint "$checkpoint" --db "$tmp/crash.db" "$tmp/in.jsonl" > /dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    done_kills=$((done_kills + 1))
    if [ -e "$tmp/crash.db" ]; then
      out=$("$px" check --db "$tmp/crash.db" 2>&1)
      stored=$("$px" export --db "$tmp/crash.db" 2>/dev/null | wc -l)
    else
      out=ok stored="no store yet"
    fi
    echo "kill $done_kills after ${delay}s: check: $out; articles stored: $stored"
    if [ "$out" != ok ]; then
      fail=1
      if [ -n "${CRASH_KEEP:-}" ]; then
        mkdir -p "$CRASH_KEEP/kill-$done_kills"
        cp "$tmp"/crash.db* "$CRASH_KEEP/kill-$done_kills/"
        echo "the damaged store is kept in $CRASH_KEEP/kill-$done_kills"
      fi
    fi
  else
    wait "$pid" 2>/dev/null
    echo "(the ingest ended before ${delay}s: not a kill; starting over)"
    rm -f "$tmp/crash.db" "$tmp/crash.db-wal" "$tmp/crash.db-shm"
  fi
done
[ "$done_kills" -ge "$kills" ] || { echo "FAIL: only $done_kills kills landed"; fail=1; }
"$px" ingest -q --checkpoint "$checkpoint" --db "$tmp/crash.db" "$tmp/in.jsonl" 2> "$tmp/last.err" ||
  { echo "FAIL: the ingest after the kills: $(cat "$tmp/last.err")"; fail=1; }
out=$("$px" check --db "$tmp/crash.db" 2>&1) ||
  { echo "FAIL: the store after the kills: $out" | head -5; fail=1; }
for w in articles stories quotes; do
  "$px" export --db "$tmp/ref.db" --what $w > "$tmp/ref.$w"
  "$px" export --db "$tmp/crash.db" --what $w > "$tmp/crash.$w"
  if cmp -s "$tmp/ref.$w" "$tmp/crash.$w"; then
    echo "after the kills, the $w equal the uninterrupted run's ($(wc -l < "$tmp/ref.$w") records)"
  else
    echo "FAIL: after the kills, the $w differ from the uninterrupted run's"; fail=1
  fi
done
[ "$fail" = 0 ] && echo "crash test passed" || echo "crash test FAILED"
exit "$fail"
