#!/usr/bin/env bash
# Scores the entities, the shared passages and the outlet-only facts of
# examples/corpus (parallax analyze and parallax diff) against the
# expectations written by hand in examples/expected/ (entities.tsv,
# passages.tsv, outlet_only.tsv): precision and recall by entity type, and
# of outlet-only facts. Usage: scripts/eval_entities.sh BIN
set -euo pipefail
bin=${1:?usage: scripts/eval_entities.sh BIN}
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/px_entities.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$bin" analyze --quiet --no-quotes "$here/examples/corpus" > "$tmp/analyze.jsonl"
args=(--analyze "$tmp/analyze.jsonl" --expected "$here/examples/expected")
if "$bin" help diff >/dev/null 2>&1; then
  "$bin" diff --quiet --format json "$here/examples/corpus" > "$tmp/diff.jsonl"
  args+=(--diff "$tmp/diff.jsonl")
fi
python3 "$here/scripts/score_entities.py" "${args[@]}"
