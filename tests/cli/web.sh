# web.sh — web pages through the commands: a page without a findable date
# is skipped by the linking commands as no_date with a message naming
# --date-default, which supplies one; extract writes it with date null;
# pages are found by content on stdin; --date-default refuses a non-date.
. "$(dirname "$0")/lib.sh"
pages=tests/golden/extract/pages

expect_exit 1 "run, undated page" -- "$px" run "$pages/undated-dunes.html" "$pages/courier-bridge.html"
expect_err "no_date 1" "run no_date count"
expect_err "--date-default DATE supplies one" "run no_date message"

expect_exit 0 "run, --date-default" -- "$px" run --date-default 2025-10-20 "$pages/undated-dunes.html" "$pages/courier-bridge.html"
expect_err "read 2, kept 2, skipped 0" "run --date-default summary"

expect_exit 0 "extract undated" -- "$px" extract "$pages/undated-dunes.html"
expect_out '"date":null' "extract date null"

expect_exit 2 "bad --date-default" -- "$px" run --date-default yesterday "$pages/undated-dunes.html"
expect_err "--date-default needs a date" "bad --date-default message"

# a page on standard input is found by its content
"$px" extract - < "$pages/courier-bridge.html" > "$tmp/out" 2> "$tmp/err" || fail "extract stdin: exit $?"
expect_out '"title":"Ferry crews agree to end strike after night of talks"' "extract stdin title"
expect_out '"id":"stdin"' "extract stdin id"

# WARC: records that are not pages are counted; a lying Content-Length and
# a truncated record are reported with byte offsets, the rest is read
warc=tests/golden/extract/warc
expect_exit 0 "extract warc" -- "$px" extract "$warc/crawl.warc.gz"
expect_err "6 of 10 WARC records are not HTML pages and were skipped (warcinfo 1, request 1, metadata 1, revisit 1, not HTML 1, HTTP status not 200 1)" "warc skipped records"
expect_err "read 4, kept 4, skipped 0" "warc summary"
expect_exit 1 "extract lying warc" -- "$px" extract "$warc/lying.warc"
expect_err "runs into the next record at byte" "warc lying length"
expect_err "bytes that are not a WARC record; skipped to the next record at byte" "warc short length"
expect_err "byte 5136: error: WARC record https://anzeiger.example/lokales/markt truncated" "warc truncated"
expect_err "read 3, kept 2, skipped 1 (truncated 1)" "warc lying summary"
expect_exit 0 "run warc" -- "$px" run "$warc/crawl.warc.gz"

# feeds, found by content on standard input; an entity bomb is refused
feeds=tests/golden/extract/feeds
"$px" run - < "$feeds/courier.rss" > "$tmp/out" 2> "$tmp/err"
[ $? = 1 ] || fail "run feed on stdin: exit status"
expect_err "read 3, kept 2, skipped 1 (no_date 1)" "run feed on stdin"
expect_exit 1 "feed bomb" -- "$px" extract "$feeds/bomb.rss"
expect_err "not well-formed XML from about here (Detected an entity reference loop)" "feed bomb message"

expect_exit 0 "extract --help" -- "$px" extract --help
expect_out "usage: parallax extract" "extract help"

finish
