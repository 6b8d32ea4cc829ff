#!/usr/bin/env bash
# Scores `parallax extract` on the HTML extraction dev set (302 real pages
# with snippets that the main text must and must not hold, and titles,
# authors and dates) with the shared scorer, and prints its table.
# Usage: scripts/eval_extraction.sh BIN. Skips, with a message, when
# ../shared/data/html-extraction is absent. The pages are evaluation
# material only: nothing of them is kept in this repository.
set -euo pipefail
bin=${1:?usage: scripts/eval_extraction.sh BIN}
here=$(cd "$(dirname "$0")/.." && pwd)
data=$here/../shared/data/html-extraction
scorer=$here/../shared/tools/score_extraction.py
if [ ! -f "$data/gold.jsonl" ] || [ ! -d "$data/pages" ] || [ ! -f "$scorer" ]; then
  echo "eval extraction: skipped ($data or the scorer is absent)"
  exit 0
fi
pred=$(mktemp "${TMPDIR:-/tmp}/px_extract.XXXXXX")
trap 'rm -f "$pred"' EXIT
# extract exits 1 when a page has no main text: scored as no output
"$bin" extract --quiet "$data/pages" > "$pred" || true
echo "extraction: html-extraction dev set ($(wc -l < "$pred") pages extracted)"
python3 "$scorer" --gold "$data/gold.jsonl" --pred "$pred"
