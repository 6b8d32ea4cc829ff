# progress.sh — with --progress and inputs of known size, the progress
# line gives the share done (and, after two seconds, the time left).
. "$(dirname "$0")/lib.sh"

# gen N FILE: N short made-up articles as JSON Lines
gen() {
  awk -v n="$1" 'BEGIN {
    for (i = 1; i <= n; i++)
      printf "{\"id\":\"p%d\",\"date\":\"2026-06-%02d\",\"text\":\"Item %d: the \
harbour board met on day %d to weigh a toll on barges, and members asked \
for a count of the traffic before any vote.\"}\n", i, i % 28 + 1, i, i % 28
  }' > "$2"
}

# The line comes at most twice a second: grow the input until a run is
# long enough to show one, whatever the machine's speed.
n=2000
while :; do
  gen $n "$tmp/in.jsonl"
  "$px" analyze --no-quotes --progress "$tmp/in.jsonl" > /dev/null 2> "$tmp/err"
  lines=$(tr '\r' '\n' < "$tmp/err" | grep -c 'articles read' || true)
  [ "$lines" -gt 0 ] || [ $n -ge 128000 ] && break
  n=$((n * 2))
done
[ "$lines" -gt 0 ] || fail "no progress line over $n articles"
tr '\r' '\n' < "$tmp/err" | grep 'articles read' | grep -qE ', [0-9]+%' ||
  fail "progress without a share: $(tr '\r' '\n' < "$tmp/err" | grep 'articles read' | head -2)"

# standard input has no size: no share while reading
"$px" analyze --no-quotes --progress - < "$tmp/in.jsonl" > /dev/null 2> "$tmp/err"
tr '\r' '\n' < "$tmp/err" | grep 'articles read' | grep -qE '[0-9]%' &&
  fail "a share for standard input: $(tr '\r' '\n' < "$tmp/err" | grep -m1 'articles read')"
finish
