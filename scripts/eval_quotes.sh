#!/usr/bin/env bash
# Scores `parallax quotes` on the PolNeAR dev split with the shared scorer
# and prints its table. Usage: scripts/eval_quotes.sh BIN [SPLIT]
# SPLIT is dev (default) or train. Skips, with a message, when
# ../shared/data is absent.
set -euo pipefail
bin=${1:?usage: scripts/eval_quotes.sh BIN [dev|train]}
split=${2:-dev}
here=$(cd "$(dirname "$0")/.." && pwd)
data=$here/../shared/data/polnear
scorer=$here/../shared/tools/score_quotes.py
if [ ! -f "$data/$split.articles.jsonl" ] || [ ! -f "$scorer" ]; then
  echo "eval quotes: skipped ($data/$split.articles.jsonl or the scorer is absent)"
  exit 0
fi
pred=$(mktemp "${TMPDIR:-/tmp}/px_quotes.XXXXXX")
trap 'rm -f "$pred"' EXIT
"$bin" quotes --quiet "$data/$split.articles.jsonl" > "$pred"
echo "quotes: PolNeAR $split ($(wc -l < "$pred") predictions)"
python3 "$scorer" --gold "$data/$split.gold.jsonl" --pred "$pred" \
  --articles "$data/$split.articles.jsonl"
