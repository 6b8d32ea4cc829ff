#!/usr/bin/env bash
# Regenerates the join model (src/link/join_model.def) from the labelled
# sets in ../shared/data: the pairs `parallax cluster --pairs` finds in
# uci-news and ecbplus, labelled by their gold stories, fitted by
# scripts/train_join.py. Skips (exit 77) when the data is absent.
# Usage: scripts/train_join.sh BIN [OUT]   (OUT: default the model file)
set -euo pipefail
bin=${1:?usage: scripts/train_join.sh BIN [OUT]}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$root/src/link/join_model.def}
data=${PX_DATA:-$root/../shared/data}
if [ ! -d "$data/uci-news" ] || [ ! -d "$data/ecbplus" ]; then
  echo "train-join: skipped: ../shared/data absent"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sets=()
for set in uci-news ecbplus; do
  "$bin" cluster -q --pairs "$tmp/$set.pairs" --out /dev/null \
    "$data/$set/articles.jsonl"
  sets+=(--set "$tmp/$set.pairs" "$data/$set/gold.tsv")
done
python3 "$root/scripts/train_join.py" "${sets[@]}" --drop gap --report \
  --out "$out"
echo "train-join: wrote $out (rebuild to compile it in)"
