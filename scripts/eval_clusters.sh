#!/usr/bin/env bash
# Story clustering against ../shared/data: clusters uci-news (headlines)
# and ecbplus (full texts) with the default configuration and scores both
# with `parallax eval clusters`. Skips with a message when the data is
# absent. Usage: scripts/eval_clusters.sh BIN
set -euo pipefail
bin=${1:?usage: scripts/eval_clusters.sh BIN}
data=${PX_DATA:-$(cd "$(dirname "$0")/.." && pwd)/../shared/data}
if [ ! -d "$data/uci-news" ] || [ ! -d "$data/ecbplus" ]; then
  echo "eval clusters: skipped ($data/uci-news or $data/ecbplus not found)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for set in uci-news ecbplus; do
  echo "== clusters: $set"
  start=$(date +%s.%N)
  "$bin" cluster -q "$data/$set/articles.jsonl" --out "$tmp/$set.tsv"
  end=$(date +%s.%N)
  "$bin" eval clusters --gold "$data/$set/gold.tsv" --pred "$tmp/$set.tsv"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "time %.2f s\n", b - a }'
done
