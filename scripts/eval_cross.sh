#!/usr/bin/env bash
# The cross-set table of the join model: trained on uci-news and tested on
# ecbplus, the reverse, and trained on both; B-cubed F1 and NMI of each
# with the default clustering. Skips (exit 77) when ../shared/data is
# absent. Usage: scripts/eval_cross.sh BIN
set -euo pipefail
bin=${1:?usage: scripts/eval_cross.sh BIN}
root=$(cd "$(dirname "$0")/.." && pwd)
data=${PX_DATA:-$root/../shared/data}
if [ ! -d "$data/uci-news" ] || [ ! -d "$data/ecbplus" ]; then
  echo "eval-cross: skipped: ../shared/data absent"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sets=(uci-news ecbplus)
for set in "${sets[@]}"; do
  "$bin" cluster -q --pairs "$tmp/$set.pairs" --out /dev/null \
    "$data/$set/articles.jsonl"
done
train() { # train NAME SET...
  local name=$1 args=(); shift
  for s in "$@"; do args+=(--set "$tmp/$s.pairs" "$data/$s/gold.tsv"); done
  python3 "$root/scripts/train_join.py" "${args[@]}" --drop gap \
    --out "$tmp/$name.def"
}
train uci-news uci-news
train ecbplus ecbplus
train both uci-news ecbplus
printf "%-10s %-10s %8s %8s %8s %8s\n" trained tested B3-P B3-R B3-F1 NMI
for m in uci-news ecbplus both; do
  for set in "${sets[@]}"; do
    "$bin" cluster -q --model "$tmp/$m.def" --out "$tmp/pred.tsv" \
      "$data/$set/articles.jsonl"
    "$bin" eval clusters --gold "$data/$set/gold.tsv" --pred "$tmp/pred.tsv" |
      awk -v m="$m" -v s="$set" '/^B-cubed/ {p=$2; r=$3; f=$4}
        /^NMI/ {n=$3} END {printf "%-10s %-10s %8s %8s %8s %8s\n", m, s, p, r, f, n}'
  done
done
