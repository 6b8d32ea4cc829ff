# dask.sh — scripts/dask_run.py (analyze --features on Dask worker
# processes, then link once) writes what parallax cluster writes, lines
# and --stories, on the example corpus as files and as JSON Lines cut into
# pieces. Skipped (exit 77, said on the last line) when no python here
# imports dask.distributed: `scripts/setup.sh dask` installs it.
. "$(dirname "$0")/lib.sh"
py=
for p in python3 /usr/bin/python3; do
  if command -v "$p" > /dev/null && "$p" -c 'import distributed' 2> /dev/null; then
    py=$p
    break
  fi
done
if [ -z "$py" ]; then
  echo "skipped: python3-distributed absent (scripts/setup.sh dask installs it)"
  exit 77
fi

"$px" cluster -q --stories "$tmp/ref.stories" examples/corpus > "$tmp/ref"
expect_exit 0 "dask_run files" -- "$py" scripts/dask_run.py --parallax "$px" \
  --workers 2 --shards 3 --stories "$tmp/dask.stories" examples/corpus
cmp -s "$tmp/ref" "$tmp/out" || fail "dask_run differs from cluster"
cmp -s "$tmp/ref.stories" "$tmp/dask.stories" || fail "dask_run --stories differs"
expect_err "analyze: read 42, kept 42, skipped 0" "dask_run counts"
expect_err "linked 42" "dask_run link"

"$px" cluster -q examples/corpus.jsonl > "$tmp/ref.jsonl"
expect_exit 0 "dask_run pieces" -- "$py" scripts/dask_run.py --parallax "$px" \
  --workers 2 --split 5000 examples/corpus.jsonl
cmp -s "$tmp/ref.jsonl" "$tmp/out" || fail "dask_run over JSON Lines pieces differs from cluster"
finish
