# write_errors.sh — a write that fails (here on /dev/full, a disk always
# full) is reported and makes the command exit 3, for every command and
# every output file.
. "$(dirname "$0")/lib.sh"
[ -w /dev/full ] || { echo "  skipped: no /dev/full"; exit 0; }
corpus=examples/corpus
full="No space left on device"

for cmd in analyze quotes "quotes --matched" cluster run "run --format json"; do
  expect_exit 3 "$cmd > /dev/full" -- sh -c "\"$px\" $cmd -q $corpus > /dev/full"
  expect_err "parallax: writing standard output: $full" "$cmd > /dev/full"
done

expect_exit 3 "cluster --out /dev/full" -- "$px" cluster -q --out /dev/full $corpus
expect_err "parallax: writing /dev/full: $full" "cluster --out /dev/full"
expect_exit 3 "cluster --stories /dev/full" -- \
  "$px" cluster -q --out /dev/null --stories /dev/full $corpus
expect_err "parallax: writing /dev/full: $full" "cluster --stories /dev/full"
expect_exit 3 "cluster --stories in a missing folder" -- \
  "$px" cluster -q --out /dev/null --stories "$tmp/no/such/file" $corpus
expect_err "parallax: writing $tmp/no/such/file: No such file" "cluster --stories missing"

a=2026-03-02_eastwire_dravtel-bid b=2026-03-03_meridianpost_dravtel-bid
expect_exit 3 "explain > /dev/full" -- sh -c "\"$px\" explain -q $a $b $corpus > /dev/full"
expect_err "writing standard output: $full" "explain > /dev/full"

"$px" cluster -q $corpus > "$tmp/pred.tsv" 2>/dev/null
expect_exit 3 "eval > /dev/full" -- \
  sh -c "\"$px\" eval clusters --gold $tmp/pred.tsv --pred $tmp/pred.tsv > /dev/full"
expect_err "writing standard output: $full" "eval > /dev/full"
expect_exit 3 "--help > /dev/full" -- sh -c "\"$px\" --help > /dev/full"

# a good run still exits 0 and says nothing about writing
expect_exit 0 "cluster > file" -- "$px" cluster -q --out "$tmp/ok.tsv" $corpus
[ -s "$tmp/err" ] && fail "cluster > file: unexpected stderr: $(head -2 "$tmp/err")"
finish
