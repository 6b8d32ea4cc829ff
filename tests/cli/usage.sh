# usage.sh — command lines the parallax command refuses, with a clear
# message and exit status 2, and the help it gives.
. "$(dirname "$0")/lib.sh"
corpus=examples/corpus
a=2026-03-02_eastwire_dravtel-bid b=2026-03-03_meridianpost_dravtel-bid

# --- no path at a terminal: an error, not a silent wait on stdin ---
if command -v script > /dev/null && script -qec true /dev/null < /dev/null > /dev/null 2>&1; then
  for cmd in run analyze cluster quotes "explain $a $b"; do
    # script gives the command a terminal as stdin; timeout ends a wait
    expect_exit 2 "$cmd at a terminal" -- \
      timeout 20 script -qec "\"$px\" $cmd" /dev/null < /dev/null
    expect_out "standard input is a terminal" "$cmd at a terminal"
  done
else
  echo "  skipped the terminal checks: no usable script(1)"
fi
# piped input with no path is still read
expect_exit 0 "piped stdin" -- sh -c "\"$px\" cluster -q < examples/corpus.jsonl"
[ "$(wc -l < "$tmp/out")" = 42 ] || fail "piped stdin: $(wc -l < "$tmp/out") lines, want 42"

# --- explain takes exactly two ids, then the paths ---
expect_exit 2 "explain ID PATH" -- "$px" explain $a $corpus
expect_err "'$corpus' is a path; explain needs two article ids" "explain ID PATH"
expect_exit 2 "explain ID" -- "$px" explain $a < /dev/null
expect_err "needs two article ids before the paths" "explain ID"
expect_exit 2 "explain" -- "$px" explain < /dev/null
expect_err "needs two article ids before the paths" "explain"
expect_exit 0 "explain ID ID PATH" -- "$px" explain -q $a $b $corpus
expect_out "verdict" "explain ID ID PATH"

# --- numbers: NaN, infinities and values out of range are refused,
# naming the option and its range ---
for bad in nan NaN inf -inf 0 -0.5 1.5 1e-400 "" 0.5x; do
  for opt in --threshold --dup-jaccard; do
    expect_exit 2 "$opt '$bad'" -- "$px" cluster -q "$opt" "$bad" $corpus
    expect_err "$opt needs a number above 0 and at most 1, not '$bad'" "$opt '$bad'"
  done
done
for bad in nan inf 0 -1 36501 1e300; do
  expect_exit 2 "--window '$bad'" -- "$px" cluster -q --window "$bad" $corpus
  expect_err "--window needs a number above 0 and at most 36500, not '$bad'" "--window '$bad'"
done
for bad in 0 -1 " 5" +5 11M 1.5 nan; do
  expect_exit 2 "--reorder '$bad'" -- "$px" run -q --reorder "$bad" $corpus
  expect_err "--reorder needs a number of articles from 1 to 10M, not '$bad'" "--reorder '$bad'"
done
for bad in 0 -1 4G 1e3 nan; do
  expect_exit 2 "--max-bytes '$bad'" -- "$px" analyze -q --max-bytes "$bad" $corpus
  expect_err "--max-bytes needs a size from 1 to 4095M" "--max-bytes '$bad'"
done
for good in "--horizon 1" "--threshold 0.3" "--window 0.5" "--reorder 10M" "--max-bytes 4095M"; do
  # shellcheck disable=SC2086  # option and value
  expect_exit 0 "$good" -- "$px" cluster -q $good --out /dev/null $corpus
done

# --- a mistyped command: the closest one is suggested ---
for pair in runn:run clsuter:cluster quote:quotes expalin:explain analyse:analyze; do
  expect_exit 2 "${pair%%:*}" -- "$px" "${pair%%:*}" $corpus
  expect_err "unknown command '${pair%%:*}'; did you mean '${pair#*:}'?" "${pair%%:*}"
done
expect_exit 2 "frobnicate" -- "$px" frobnicate
grep -q "did you mean" "$tmp/err" && fail "frobnicate: suggested $(cat "$tmp/err")"

# --- help COMMAND, version ---
expect_exit 0 "help run" -- "$px" help run
expect_out "usage: parallax run" "help run"
expect_exit 0 "help eval" -- "$px" help eval
expect_out "usage: parallax eval" "help eval"
expect_exit 2 "help runn" -- "$px" help runn
expect_err "did you mean 'run'?" "help runn"
for v in version --version; do
  expect_exit 0 "$v" -- "$px" $v
  grep -qE '^parallax [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out" || fail "$v: $(cat "$tmp/out")"
done
finish
