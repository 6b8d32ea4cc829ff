#!/usr/bin/env bash
# bench/serve.sh — load on `parallax serve` with wrk, on loopback only: 200
# connections for 10 s on /api/stories and on one story (/api/stories/ID,
# what the story page asks for), each after a 2 s warm-up. Prints
# requests/s, latency percentiles, errors and the server's CPU time, and
# checks the target: p99 under 50 ms and no errors (exit 1 when missed).
#
# Usage: bench/serve.sh PARALLAX
# The store is built from examples/corpus, or BENCH_SERVE_INPUT=PATH (say
# bench/out/corpus-10000.jsonl) for a larger one. BENCH_SERVE_SECONDS (10),
# BENCH_SERVE_CONNECTIONS (200) and BENCH_SERVE_THREADS (wrk threads, 1:
# the machine has 2 cores and the server needs one) change the load.
set -euo pipefail
px=$1
input=${BENCH_SERVE_INPUT:-examples/corpus}
secs=${BENCH_SERVE_SECONDS:-10}
conns=${BENCH_SERVE_CONNECTIONS:-200}
wrk_threads=${BENCH_SERVE_THREADS:-1}
command -v wrk > /dev/null || { echo "bench/serve.sh: wrk is missing (scripts/setup.sh bench installs it)" >&2; exit 1; }

tmp=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2> /dev/null && wait "$server" 2> /dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

"$px" ingest -q --db "$tmp/bench.db" "$input" > /dev/null 2> "$tmp/ingest.err" ||
  { echo "bench/serve.sh: ingest failed:"; tail -5 "$tmp/ingest.err"; exit 1; }
"$px" serve --db "$tmp/bench.db" --listen 127.0.0.1:0 > "$tmp/url" 2> "$tmp/serve.err" &
server=$!
for _ in $(seq 50); do [ -s "$tmp/url" ] && break; sleep 0.1; done
base=$(head -1 "$tmp/url")
[ -n "$base" ] || { echo "bench/serve.sh: the server did not start:"; cat "$tmp/serve.err"; exit 1; }
# The largest story: the heaviest story page of the store.
story=$(curl -sf "${base}api/stories?order=largest&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["id"])')

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
hz=$(getconf CLK_TCK)
missed=0
run() {
  local path=$1
  wrk -t"$wrk_threads" -c"$conns" -d2s "$base${path#/}" > /dev/null 2>&1 || true
  local before after
  before=$(cpu_ticks)
  wrk -t"$wrk_threads" -c"$conns" -d"${secs}s" --latency "$base${path#/}" > "$tmp/wrk.out" 2>&1
  after=$(cpu_ticks)
  python3 - "$path" "$tmp/wrk.out" "$(( after - before ))" "$hz" "$conns" "$secs" << 'EOF' || missed=1
import re, sys
path, out, ticks, hz, conns, secs = sys.argv[1], open(sys.argv[2]).read(), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
def ms(v):
    n, unit = float(re.match(r"[\d.]+", v).group()), re.search(r"[a-z]+$", v).group()
    return n * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
lat = dict((p, ms(v)) for p, v in re.findall(r"^\s+(\d+)%\s+(\S+)$", out, re.M))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
total = int(re.search(r"(\d+) requests in", out).group(1))
non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
errors = non2xx + (sum(int(x) for x in sock.groups()) if sock else 0)
cpu = ticks / hz
print("%-22s %8.0f req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  errors %d  (%d requests, %s connections, %s s; server CPU %.1f s, %.0f us/request)"
      % (path, rps, lat.get("50", -1), lat.get("90", -1), lat.get("99", -1), errors, total, conns, secs, cpu, 1e6 * cpu / max(total, 1)))
ok = total > 0 and lat.get("99", 1e9) < 50 and errors == 0
if not ok:
    print("  MISSED: the target is p99 < 50 ms with no errors")
    print("  " + out.replace("\n", "\n  "))
sys.exit(0 if ok else 1)
EOF
}
echo "store: $(basename "$input"); server: $base (2 worker threads); wrk: $wrk_threads thread(s), $conns connections"
run /api/stories
run "/api/stories/$story"
exit "$missed"
