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
