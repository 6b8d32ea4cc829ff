#!/usr/bin/env bash
# Story clustering with the default configuration, scored with
# `parallax eval clusters`: the bundled example corpus against
# examples/expected/stories.tsv, then uci-news (headlines) and ecbplus
# (full texts) from ../shared/data, which are skipped with a message when
# absent. Usage: scripts/eval_clusters.sh BIN
set -euo pipefail
bin=${1:?usage: scripts/eval_clusters.sh BIN}
root=$(cd "$(dirname "$0")/.." && pwd)
data=${PX_DATA:-$root/../shared/data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== clusters: examples"
"$bin" cluster -q "$root/examples/corpus" --out "$tmp/examples.tsv"
"$bin" eval clusters --gold "$root/examples/expected/stories.tsv" \
  --pred "$tmp/examples.tsv"
if [ ! -d "$data/uci-news" ] || [ ! -d "$data/ecbplus" ]; then
  echo "eval clusters: uci-news and ecbplus skipped ($data not found)"
  exit 0
fi
for set in uci-news ecbplus; do
  echo "== clusters: $set"
  start=$(date +%s.%N)
  "$bin" cluster -q "$data/$set/articles.jsonl" --out "$tmp/$set.tsv"
  end=$(date +%s.%N)
  "$bin" eval clusters --gold "$data/$set/gold.tsv" --pred "$tmp/$set.tsv"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "time %.2f s\n", b - a }'
done
