#!/usr/bin/env bash
# Clustering benchmark: builds bench/bench_cluster.c against the library
# next to BIN and runs it on 10k, 100k and 1M generated articles, plus
# MinHash on 500-word documents. Usage: bench/cluster.sh BIN
# (BENCH_QUICK=1: 10k only)
set -euo pipefail
bin=${1:?usage: bench/cluster.sh BIN}
dir=$(dirname "$bin")
lib=$dir/libparallax.a
out=$dir/bench_cluster
pkgs="libutf8proc jansson libxxhash zlib libzstd sqlite3"
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Iinclude \
   $(pkg-config --cflags $pkgs) -o "$out" bench/bench_cluster.c "$lib" \
   $(pkg-config --libs $pkgs) -lstemmer -lm
echo "== clustering (bench/bench_cluster.c, one core)"
"$out" 10000 20000
[ "${BENCH_QUICK:-0}" = 1 ] && exit 0
for n in 100000 ${BENCH_CLUSTER_MAX:-1000000}; do "$out" "$n"; done
