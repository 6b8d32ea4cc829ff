# mapreduce.sh — the map and reduce steps give what one process gives:
# the example corpus cut into shards in a shuffled order, each shard
# analysed by its own `parallax analyze --features`, and `parallax link`
# over the shards named in another order (and over their concatenation
# read from standard input) writes cluster's lines and --stories byte for
# byte. Bad records, a missing shard and one article in two shards are
# said and counted, and lose nothing else.
. "$(dirname "$0")/lib.sh"

"$px" cluster -q --stories "$tmp/ref.stories" examples/corpus > "$tmp/ref"
[ -s "$tmp/ref" ] || fail "cluster gave nothing"

# the files in an order fixed by a seed, cut into three shards
ls examples/corpus/* |
  awk 'BEGIN { srand(11) } { printf "%.9f\t%s\n", rand(), $0 }' |
  sort -k1,1 | cut -f2- > "$tmp/list"
split -n l/3 "$tmp/list" "$tmp/shard."
for s in "$tmp"/shard.a?; do
  # shellcheck disable=SC2046  # file names without spaces
  "$px" analyze -q --features -j 2 $(cat "$s") > "$s.jsonl" ||
    fail "analyze --features $(basename "$s") failed"
done
[ "$(cat "$tmp"/shard.a?.jsonl | wc -l)" = "$(wc -l < "$tmp/ref")" ] ||
  fail "the shards do not hold one record per article"

expect_exit 0 "link 3 shards" -- "$px" link --stories "$tmp/link.stories" \
  "$tmp/shard.ac.jsonl" "$tmp/shard.aa.jsonl" "$tmp/shard.ab.jsonl"
cmp -s "$tmp/ref" "$tmp/out" || fail "link over shards differs from cluster"
cmp -s "$tmp/ref.stories" "$tmp/link.stories" ||
  fail "link --stories over shards differs from cluster --stories"
expect_err "read 42 records from 3 files, linked 42" "link summary"

# the shards concatenated on standard input: out of date order, put
# right by the reorder window
cat "$tmp/shard.ab.jsonl" "$tmp/shard.ac.jsonl" "$tmp/shard.aa.jsonl" > "$tmp/all.jsonl"
expect_exit 0 "link stdin" -- "$px" link -q - < "$tmp/all.jsonl"
cmp -s "$tmp/ref" "$tmp/out" || fail "link from stdin differs from cluster"
# ... unless the window is too small, which is said
expect_exit 0 "link --reorder 2" -- "$px" link --reorder 2 "$tmp/all.jsonl"
expect_err "linked late" "link --reorder 2"

# analyze --features as a filter, JSON Lines in, records out
"$px" cluster -q examples/corpus.jsonl > "$tmp/ref.jsonl-input"
"$px" analyze -q --features < examples/corpus.jsonl > "$tmp/filter.jsonl"
expect_exit 0 "filter" -- "$px" link -q "$tmp/filter.jsonl"
cmp -s "$tmp/ref.jsonl-input" "$tmp/out" || fail "analyze --features | link differs from cluster"
# records without quotations link the same
"$px" analyze -q --no-quotes --features examples/corpus.jsonl > "$tmp/noq.jsonl"
grep -q '"quotes":null' "$tmp/noq.jsonl" || fail "--no-quotes records hold quotes"
expect_exit 0 "no quotes" -- "$px" link -q "$tmp/noq.jsonl"
cmp -s "$tmp/ref.jsonl-input" "$tmp/out" || fail "records without quotes link differently"

# bad records, a missing shard, an article in two shards: each said and
# counted, the rest linked as before
printf '%s\n' '{"id":"x"' '' '{"id":1}' > "$tmp/bad.jsonl"
expect_exit 1 "bad input" -- "$px" link "$tmp/shard.aa.jsonl" "$tmp/bad.jsonl" \
  "$tmp/shard.ab.jsonl" "$tmp/shard.ac.jsonl" "$tmp/shard.aa.jsonl" "$tmp/missing.jsonl"
cmp -s "$tmp/ref" "$tmp/out" || fail "bad records changed the stories"
expect_err "bad.jsonl:1: " "bad record line"
expect_err "bad.jsonl:3: " "bad record line 3"
expect_err "its id was linked before" "duplicate record"
expect_err "reading $tmp/missing.jsonl: No such file" "missing shard"
n_aa=$(wc -l < "$tmp/shard.aa.jsonl")
expect_err "skipped $((n_aa + 2)) (bad_json 2, duplicate_id $n_aa); 1 file error" "link counts"

# usage
expect_exit 2 "--text --features" -- "$px" analyze --text --features examples/corpus
expect_err "does not go with --features" "--text --features"
expect_exit 0 "link --help" -- "$px" link --help
expect_out "usage: parallax link" "link --help"
finish
