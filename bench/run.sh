#!/usr/bin/env bash
# make bench: throughput and peak memory on generated corpora.
# Usage: bench/run.sh BUILD_DIR. BENCH_N sets the corpus size (100000).
set -euo pipefail
build=$1
n=${BENCH_N:-100000}
out=bench/out
mkdir -p "$out"
corpus=$out/corpus-$n.jsonl
small=$out/corpus-10000.jsonl
if [ ! -s "$corpus" ]; then
  echo "bench: generating $n articles of ~600 words from examples/corpus"
  "$build/bench/gen_corpus" "$n" 600 30 examples/corpus > "$corpus"
fi
[ -s "$small" ] || "$build/bench/gen_corpus" 10000 600 30 examples/corpus > "$small"
echo "== analyze (ingest, normalise, sentences, tokens, stems), one core"
echo "-- 10,000 articles"
"$build/bench/bench_analyze" "$small"
echo "-- $n articles"
"$build/bench/bench_analyze" "$corpus"
for part in bench/cluster.sh bench/quotes.sh; do
  if [ -x "$part" ]; then echo "== $(basename "$part" .sh)"; bash "$part" "$build/parallax"; fi
done
