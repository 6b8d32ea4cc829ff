# store.sh — the store: ingest, idempotent re-ingest, A then B equal to
# A+B, the query commands, malformed queries, and every bad database
# (random bytes, another program's SQLite file, an empty file, a newer
# schema, no write permission, a full disk), each refused by name and
# left byte for byte as it was.
. "$(dirname "$0")/lib.sh"
corpus=examples/corpus
db=$tmp/a.db

expect_exit 0 "ingest" -- "$px" ingest -q --db "$db" $corpus
expect_exit 0 "ingest summary" -- "$px" ingest --db "$tmp/b.db" $corpus
expect_err "stored 42 new articles; 0 already stored" "ingest summary"
expect_err "read 42, kept 42, skipped 0" "ingest summary"

# the stories are those of parallax cluster
"$px" cluster -q $corpus | sort > "$tmp/cluster.tsv"
"$px" export --db "$db" --format tsv | awk -F'\t' 'NR > 1 { print $1 "\t" $6 }' \
  | sort > "$tmp/store.tsv"
cmp -s "$tmp/cluster.tsv" "$tmp/store.tsv" || fail "ingest: stories differ from cluster's"

# again: nothing changes, not a byte of the exports
for w in articles stories quotes; do "$px" export --db "$db" --what $w > "$tmp/1.$w"; done
expect_exit 0 "re-ingest" -- "$px" ingest --db "$db" $corpus
expect_err "stored 0 new articles; 42 already stored" "re-ingest"
for w in articles stories quotes; do
  "$px" export --db "$db" --what $w > "$tmp/2.$w"
  cmp -s "$tmp/1.$w" "$tmp/2.$w" || fail "re-ingest changed the $w"
done

# one id with another text: reported, the stored one kept
mkdir -p "$tmp/changed"
f=2026-03-02_eastwire_dravtel-bid.txt
{ head -1 $corpus/$f; echo; echo "A different body for the same id."; } > "$tmp/changed/$f"
expect_exit 1 "changed text" -- "$px" ingest --db "$db" "$tmp/changed"
expect_err "is stored already with another text: the stored one is kept" "changed text"

# A then B gives what A+B gives
mkdir -p "$tmp/A" "$tmp/B"
for f in $corpus/*; do
  case $(basename "$f") in 2026-03-0[1-5]*) cp "$f" "$tmp/A/" ;; *) cp "$f" "$tmp/B/" ;; esac
done
"$px" ingest -q --db "$tmp/ab.db" "$tmp/A" && "$px" ingest -q --db "$tmp/ab.db" "$tmp/B"
"$px" ingest -q --db "$tmp/all.db" "$tmp/A" "$tmp/B"
for w in articles stories quotes; do
  "$px" export --db "$tmp/ab.db" --what $w > "$tmp/ab.$w"
  "$px" export --db "$tmp/all.db" --what $w > "$tmp/all.$w"
  cmp -s "$tmp/ab.$w" "$tmp/all.$w" || fail "A then B: the $w differ from A+B"
done
# B then A: the older articles are linked after the newer, and it is said
"$px" ingest -q --db "$tmp/ba.db" "$tmp/B"
expect_exit 0 "B then A" -- "$px" ingest --db "$tmp/ba.db" "$tmp/A"
expect_err "17 new articles are older than the newest already stored" "B then A"
expect_exit 0 "check" -- "$px" check --db "$tmp/ab.db"
expect_line "ok" "check"

# queries
expect_exit 0 "stories" -- "$px" stories --db "$db" --sort largest --format jsonl
[ "$(wc -l < "$tmp/out")" = 8 ] || fail "stories: $(wc -l < "$tmp/out") lines, want 8"
expect_out '"size":11' "stories largest first"
expect_exit 0 "stories filtered" -- "$px" stories --db "$db" --outlet Eastwire --from 2026-03-05 --format jsonl
expect_out 'Eastwire' "stories --outlet"
grep -q Brennhaven "$tmp/out" && fail "stories --outlet: a story Eastwire did not cover"
expect_exit 0 "stories --query" -- "$px" stories --db "$db" --query 'dam' --format jsonl
expect_out 'Sarn dam' "stories --query"
# the largest story (ids are given at creation, not by size)
big=$("$px" stories --db "$db" --sort largest --format jsonl | head -1 | sed 's/^{"id":\([0-9]*\).*/\1/')
expect_exit 0 "story" -- "$px" story --db "$db" "$big"
expect_out "reprint of" "story: reprints"
expect_out "quoted:" "story: people"
expect_exit 0 "story jsonl" -- "$px" story --db "$db" --format jsonl "$big"
expect_out '"statements":[{' "story: statements"
expect_exit 1 "story 999" -- "$px" story --db "$db" 999
expect_err "no story 999" "story 999"
expect_exit 0 "search" -- "$px" search --db "$db" --format jsonl 'strike'
expect_out '[strike]' "search: snippet marks"
expect_exit 0 "search phrase" -- "$px" search --db "$db" --format jsonl '"port strike"'
expect_out "[port strike]" "search phrase"
expect_exit 0 "search prefix" -- "$px" search --db "$db" --format jsonl 'dockwork*'
expect_out '[dockworkers]' "search prefix"
expect_exit 0 "search boolean" -- "$px" search --db "$db" --format jsonl 'strike NOT brennhaven'
grep -qi brennhaven "$tmp/out" && fail "search NOT: a hit has the excluded word"
expect_exit 0 "search dates" -- "$px" search --db "$db" --format jsonl --from 2026-03-08 --to 2026-03-08 strike
grep -v '"date":"2026-03-08"' "$tmp/out" | grep -q . && fail "search --from/--to: a hit outside the range"
expect_exit 0 "search quotes field" -- "$px" search --db "$db" --format jsonl 'quotes:"front door"'
expect_out 'port-strike' "search quotes:"
for q in 'port AND (' '"unclosed' 'nosuchfield:word' 'AND' '   '; do
  expect_exit 2 "malformed query $q" -- "$px" search --db "$db" "$q"
  expect_err "search query" "malformed query $q"
  grep -q "SQL" "$tmp/err" && fail "malformed query $q: an SQL message"
done
expect_exit 2 "bad date" -- "$px" search --db "$db" --from 2026-13-01 strike
expect_err "is not a date YYYY-MM-DD" "bad date"
expect_exit 0 "quotes --speaker" -- "$px" quotes --db "$db" --speaker 'ilse marrow' --format jsonl
expect_out '"speaker":"Ilse Marrow"' "quotes --speaker"
expect_exit 0 "quotes --speaker surname" -- "$px" quotes --db "$db" --speaker Marrow
expect_out "Ilse Marrow:" "quotes by surname"
expect_exit 0 "export csv" -- "$px" export --db "$db" --format csv
expect_out "id,date,outlet,title,url,story" "export csv header"
expect_exit 0 "export stories tsv" -- "$px" export --db "$db" --format tsv --what stories
[ "$(wc -l < "$tmp/out")" = 9 ] || fail "export stories: want a header and 8 rows"
expect_exit 0 "export quotes" -- "$px" export --db "$db" --what quotes
expect_out '"speaker":"Ilse Marrow"' "export quotes"
expect_exit 0 "run --db" -- "$px" run -q --db "$tmp/run.db" $corpus
expect_out "Strike shuts Brennhaven port" "run --db"
expect_exit 0 "run --db kept" -- "$px" stories --db "$tmp/run.db"
expect_out "Strike shuts Brennhaven port" "run --db kept"
for c in ingest stories story search export check; do
  expect_exit 0 "$c --help" -- "$px" $c --help
  expect_out "usage: parallax $c" "$c --help"
done
expect_exit 2 "stories without --db" -- "$px" stories
expect_err "needs --db FILE" "stories without --db"

# bad databases: refused by name, never modified
refused() { # NAME FILE WANT-TEXT
  local sum
  sum=$(cksum < "$2")
  expect_exit 1 "$1: ingest" -- "$px" ingest -q --db "$2" $corpus
  expect_err "$2: " "$1: ingest names the file"
  expect_err "$3" "$1: ingest"
  expect_exit 1 "$1: stories" -- "$px" stories --db "$2"
  expect_err "$3" "$1: stories"
  [ "$(cksum < "$2")" = "$sum" ] || fail "$1: the file was modified"
  [ -e "$2-wal" ] && fail "$1: a write-ahead log was made"
}
head -c 70000 /dev/urandom > "$tmp/random.db"
refused "random bytes" "$tmp/random.db" "not a parallax database"
printf 'SQLite format 3\0' > "$tmp/fake.db"; head -c 5000 /dev/urandom >> "$tmp/fake.db"
refused "an SQLite header on random bytes" "$tmp/fake.db" "not a parallax database"
: > "$tmp/empty.db"
refused "empty file" "$tmp/empty.db" "an empty file, not a parallax database"
if python3 -c 'import sqlite3' 2>/dev/null; then
  python3 - "$tmp/other.db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE articles(id TEXT, body TEXT)")
c.execute("INSERT INTO articles VALUES('x', 'y')")
c.commit(); c.close()
EOF
  refused "another program's database" "$tmp/other.db" "an SQLite database of another program"
  cp "$db" "$tmp/newer.db"
  python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = 99"); c.commit(); c.execute("PRAGMA journal_mode = DELETE"); c.close()' "$tmp/newer.db"
  refused "a newer schema" "$tmp/newer.db" "written by a newer parallax (schema 99"
else
  echo "  skipped: python3 without sqlite3 (another program's database, newer schema)"
fi
expect_exit 1 "a folder" -- "$px" ingest -q --db "$tmp" $corpus
expect_err "a directory, not a parallax database" "a folder"
expect_exit 1 "missing store" -- "$px" stories --db "$tmp/none.db"
expect_err "no such database" "missing store"
[ -e "$tmp/none.db" ] && fail "missing store: reading created it"

# no write permission. Root passes file permissions, so as root the file
# is made immutable (chattr +i) or put on a read-only mount; as another
# user chmod does it. Said and skipped when none of these can be done.
cp "$db" "$tmp/ro.db"
"$px" check --db "$tmp/ro.db" > /dev/null 2>&1
rm -f "$tmp/ro.db-wal" "$tmp/ro.db-shm"
ro_undo=
if [ "$(id -u)" != 0 ]; then
  chmod a-w "$tmp/ro.db" && ro_undo="chmod u+w $tmp/ro.db"
elif chattr +i "$tmp/ro.db" 2>/dev/null; then
  ro_undo="chattr -i $tmp/ro.db"
elif mkdir -p "$tmp/romnt" && mount -t tmpfs -o size=8m tmpfs "$tmp/romnt" 2>/dev/null; then
  cp "$tmp/ro.db" "$tmp/romnt/ro.db" && mount -o remount,ro "$tmp/romnt" &&
    ro_undo="umount $tmp/romnt"
  [ -n "$ro_undo" ] || umount "$tmp/romnt"
fi
if [ -n "$ro_undo" ]; then
  f=$tmp/ro.db
  [ -e "$tmp/romnt/ro.db" ] && f=$tmp/romnt/ro.db
  sum=$(cksum < "$f")
  expect_exit 1 "read-only: ingest" -- "$px" ingest -q --db "$f" $corpus
  expect_err "$f: cannot be written" "read-only: ingest"
  [ "$(cksum < "$f")" = "$sum" ] || fail "read-only: the file was modified"
  expect_exit 0 "read-only: stories" -- "$px" stories --db "$f"
  $ro_undo
else
  echo "  skipped: no way to make a file read-only here (root without chattr or mount)"
fi

# a full disk: a small tmpfs (root only); the store keeps its last commit
if [ "$(id -u)" = 0 ] && mkdir -p "$tmp/full" &&
   mount -t tmpfs -o size=400k tmpfs "$tmp/full" 2>/dev/null; then
  expect_exit 3 "disk full" -- "$px" ingest -q --checkpoint 4 --db "$tmp/full/s.db" $corpus
  expect_err "disk full" "disk full"
  expect_err "$tmp/full/s.db" "disk full names the file"
  expect_exit 0 "disk full: consistent" -- "$px" check --db "$tmp/full/s.db"
  # room again: the same ingest completes it, as if never interrupted
  mount -o remount,size=20m "$tmp/full"
  expect_exit 0 "disk full, then room" -- "$px" ingest --db "$tmp/full/s.db" $corpus
  expect_err "(an interrupted ingest was completed)" "disk full, then room"
  for w in articles stories quotes; do
    "$px" export --db "$tmp/full/s.db" --what $w > "$tmp/full.$w"
    cmp -s "$tmp/1.$w" "$tmp/full.$w" || fail "disk full, then room: the $w differ"
  done
  # B stopped by a full disk after a finished A: its stored articles are
  # linked again after A's state, and the end equals A+B
  "$px" ingest -q --db "$tmp/a-only.db" "$tmp/A"
  cp "$tmp/a-only.db" "$tmp/full/b.db"
  used=$(du -sk "$tmp/full" | cut -f1)
  mount -o remount,size=$((used + 300))k "$tmp/full"
  expect_exit 3 "B on a full disk" -- "$px" ingest -q --checkpoint 4 --db "$tmp/full/b.db" "$tmp/B"
  mount -o remount,size=20m "$tmp/full"
  expect_exit 0 "B, then room" -- "$px" ingest --db "$tmp/full/b.db" "$tmp/B"
  expect_err "(an interrupted ingest was completed)" "B, then room"
  for w in articles stories quotes; do
    "$px" export --db "$tmp/full/b.db" --what $w > "$tmp/fullb.$w"
    cmp -s "$tmp/all.$w" "$tmp/fullb.$w" || fail "B, then room: the $w differ from A+B"
  done
  expect_exit 0 "B, then room: check" -- "$px" check --db "$tmp/full/b.db"
  umount "$tmp/full"
else
  echo "  skipped: a full disk needs root to mount a small tmpfs"
fi
finish
