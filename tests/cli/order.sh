# order.sh — stories do not depend on the order articles are read in: the
# example corpus read as files in reverse order, and as JSON Lines
# reversed and shuffled with fixed seeds, gives byte-identical cluster,
# cluster --stories, run and quotes --matched output.
. "$(dirname "$0")/lib.sh"
jsonl=examples/corpus.jsonl

# outputs DIR INPUT...: every order-sensitive output of INPUT into DIR.
outputs() {
  local dir=$1
  shift
  mkdir -p "$dir"
  "$px" cluster -q --out "$dir/cluster" --stories "$dir/stories" "$@"
  "$px" run -q --all "$@" > "$dir/run"
  "$px" run -q --format jsonl "$@" > "$dir/run.jsonl"
  "$px" quotes -q --matched "$@" > "$dir/matched"
}

# same NAME: the outputs in $tmp/NAME are byte for byte those of the
# reference order.
same() {
  for f in cluster stories run run.jsonl matched; do
    cmp -s "$tmp/ref/$f" "$tmp/$1/$f" || fail "$1: $f differs from sorted order"
  done
}

# shuffled SEED: the lines of the corpus in an order fixed by SEED.
shuffled() {
  awk -v seed="$1" 'BEGIN { srand(seed) } { printf "%.9f\t%s\n", rand(), $0 }' "$jsonl" |
    sort -k1,1 | cut -f2-
}

outputs "$tmp/ref" examples/corpus
[ -s "$tmp/ref/cluster" ] && [ -s "$tmp/ref/matched" ] || fail "no reference output"

# shellcheck disable=SC2046  # file names without spaces, one word each
outputs "$tmp/files-reversed" $(ls -r examples/corpus/*)
same files-reversed

outputs "$tmp/jsonl" "$jsonl"
tac "$jsonl" > "$tmp/reversed.jsonl"
outputs "$tmp/jsonl-reversed" "$tmp/reversed.jsonl"
for seed in 1 2 3; do
  shuffled $seed > "$tmp/shuffled-$seed.jsonl"
  cmp -s "$jsonl" "$tmp/shuffled-$seed.jsonl" && fail "seed $seed: not shuffled"
  outputs "$tmp/jsonl-$seed" "$tmp/shuffled-$seed.jsonl"
done
# the JSON Lines name outlets that the text files leave to bylines:
# compare them with the JSON Lines read in order
for name in jsonl-reversed jsonl-1 jsonl-2 jsonl-3; do
  for f in cluster stories run run.jsonl matched; do
    cmp -s "$tmp/jsonl/$f" "$tmp/$name/$f" || fail "$name: $f differs from the file's order"
  done
done

# input further out of order than the window is linked late, and said so
expect_exit 0 "--reorder 3" -- "$px" cluster --reorder 3 "$tmp/reversed.jsonl"
expect_err "came more than 3 articles out of order" "--reorder 3"
expect_err "may depend on the" "--reorder 3"
finish
