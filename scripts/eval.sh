#!/usr/bin/env bash
# make eval: scores parallax against the labelled data in ../shared/data
# (story clustering on uci-news and ecbplus, quotes on the PolNeAR dev
# split, main text and metadata of web pages on html-extraction, with the
# shared scorers' definitions). Each part skips with a
# message when its data is absent. Usage: scripts/eval.sh BIN
set -euo pipefail
bin=${1:?usage: scripts/eval.sh BIN}
here=$(dirname "$0")
bash "$here/eval_clusters.sh" "$bin"
echo
bash "$here/eval_entities.sh" "$bin"
echo
bash "$here/eval_quotes.sh" "$bin" dev
echo
bash "$here/eval_extraction.sh" "$bin"
