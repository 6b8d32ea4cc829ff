# wording.sh — what the report says reads right: singular and plural
# counts, and stories numbered in the order the run report shows them.
. "$(dirname "$0")/lib.sh"

# Two copies of one wire story from one outlet, and an unrelated article.
body="The town council of Elmbridge voted on Tuesday to close the old
ferry landing after engineers found cracks in its pilings, and said a new
landing would be built downstream by the end of next summer at a cost of
four million crowns, paid for by a bond the council will put to voters."
other="A late goal from the visiting side settled a wet and scrappy cup
match at the river ground on Saturday, leaving the home team to rue the
chances it wasted before half time in front of a crowd of three thousand."
json() { printf '{"id":"%s","date":"2026-05-0%s","outlet":"Wire","text":"%s"}\n' \
  "$1" "$2" "$(printf '%s' "$3" | tr '\n' ' ')"; }
{
  json one 1 "$body"
  json two 2 "$body Officials declined to comment."
  json three 3 "$other"
} > "$tmp/three.jsonl"

expect_exit 0 "run" -- "$px" run -q "$tmp/three.jsonl"
expect_line "parallax $("$px" --version | cut -d' ' -f2): 3 articles in 2 stories (1 told by more than one article), 1 reprint" "run summary"
expect_line "  2 articles, 1 outlet, 2026-05-01 to 2026-05-02" "run story"
expect_line "1 more story of a single article (--all lists them)" "run singles"

expect_exit 1 "missing file" -- "$px" run "$tmp/three.jsonl" "$tmp/none.jsonl"
expect_err "; 1 file error" "missing file summary"
grep -q "1 file errors" "$tmp/err" && fail "missing file: '1 file errors'"

# the run report numbers stories 1, 2, 3... as it shows them
expect_exit 0 "run examples" -- "$px" run -q --all examples/corpus
numbers=$(sed -n 's/^story \([0-9]*\):.*/\1/p' "$tmp/out" | tr '\n' ' ')
want=$(seq 1 "$(grep -c '^story ' "$tmp/out")" | tr '\n' ' ')
[ "$numbers" = "$want" ] || fail "run stories numbered '$numbers', want '$want'"
[ -n "$numbers" ] || fail "run examples: no stories"
finish
