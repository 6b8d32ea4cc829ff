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

expect_exit 0 "extract --help" -- "$px" extract --help
expect_out "usage: parallax extract" "extract help"

finish
