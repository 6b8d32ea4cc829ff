#!/usr/bin/env bash
# make bench: throughput and peak memory.
#   1. library-level benches on generated text (bench_analyze, cluster.sh,
#      quotes.sh): sentences of examples/corpus, a small vocabulary, so
#      they run 5-7x faster than real news; good for comparing changes to
#      one stage, not for telling users what to expect;
#   2. bench/real.sh: the parallax commands on corpora recombined from real
#      news in ../shared/data (skipped when absent): the figures to quote.
# Usage: bench/run.sh BUILD_DIR. BENCH_N sets the generated corpus size
# (100000); BENCH_QUICK=1 runs 10,000 articles only; bench/real.sh lists
# its own settings (BENCH_REAL_SIZES, BENCH_REAL_MAX, BENCH_CLUSTER_FLAGS).
set -euo pipefail
build=$1
n=${BENCH_N:-100000}
if [ "${BENCH_QUICK:-0}" = 1 ]; then n=10000; export SIZE_MB=${SIZE_MB:-10}; fi
out=bench/out
mkdir -p "$out"
corpus=$out/corpus-$n.jsonl
small=$out/corpus-10000.jsonl
if [ ! -s "$corpus" ]; then
  echo "bench: generating $n articles of ~600 words from examples/corpus"
  "$build/bench/gen_corpus" "$n" 600 30 examples/corpus > "$corpus"
fi
[ -s "$small" ] || "$build/bench/gen_corpus" 10000 600 30 examples/corpus > "$small"
echo "######## library-level benches, on generated text (not real news)"
echo "== analyze (ingest, normalise, sentences, tokens, stems), one core"
echo "-- 10,000 articles"
"$build/bench/bench_analyze" "$small"
if [ "$n" != 10000 ]; then echo "-- $n articles"; "$build/bench/bench_analyze" "$corpus"; fi
for part in bench/cluster.sh bench/quotes.sh; do
  if [ -x "$part" ]; then echo "== $(basename "$part" .sh)"; bash "$part" "$build/parallax"; fi
done
echo
echo "######## HTML extraction on real pages (bench/html.sh)"
bash bench/html.sh "$build/parallax"
echo
echo "######## the parallax commands on real news text (bench/real.sh)"
bash bench/real.sh "$build/parallax"
echo
echo "######## the store: ingest, size, search (bench/store.sh)"
bash bench/store.sh "$build"
