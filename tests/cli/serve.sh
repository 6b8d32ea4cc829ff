# serve.sh — parallax serve: its command line, a bad store refused at start,
# and hostile requests (serve_hostile.py) after which it still serves and
# stops cleanly on SIGTERM.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "serve --help" -- "$px" serve --help
expect_out "--listen ADDR:PORT" "serve --help"
expect_exit 2 "serve without --db" -- "$px" serve
expect_err "--db FILE is required" "serve without --db"
expect_exit 2 "serve --bogus" -- "$px" serve --db x --bogus
expect_err "unknown option or argument '--bogus'" "serve --bogus"
for bad in 127.0.0.1 :8080 127.0.0.1:99999 127.0.0.1:80x "[::1:80" nosuchhost.invalid:80; do
  expect_exit 2 "--listen '$bad'" -- "$px" serve --db "$tmp/none.db" --listen "$bad"
  expect_err "--listen" "--listen '$bad'"
done
expect_exit 2 "--threads 0" -- "$px" serve --db x --threads 0
expect_err "--threads needs a whole number from 1 to 64, not '0'" "--threads 0"
expect_exit 2 "--timeout 1.5" -- "$px" serve --db x --timeout 1.5
expect_err "--timeout needs a whole number from 1 to 3600, not '1.5'" "--timeout 1.5"

# A store that is missing, or not a store, is refused at start, by name.
expect_exit 1 "missing store" -- "$px" serve --db "$tmp/none.db" --listen 127.0.0.1:0
expect_err "$tmp/none.db" "missing store"
head -c 4096 /dev/urandom > "$tmp/random.db"
cp "$tmp/random.db" "$tmp/random.copy"
expect_exit 1 "random bytes" -- "$px" serve --db "$tmp/random.db" --listen 127.0.0.1:0
expect_err "$tmp/random.db" "random bytes"
cmp -s "$tmp/random.db" "$tmp/random.copy" || fail "random bytes: the file was changed"

# A real store, served; hostile requests; still serving; a clean stop.
if ! "$px" ingest -q --db "$tmp/c.db" examples/corpus > /dev/null 2> "$tmp/ingest.err"; then
  fail "ingest: $(tail -3 "$tmp/ingest.err")"
  finish; exit
fi
"$px" serve --db "$tmp/c.db" --listen 127.0.0.1:0 --timeout 2 > "$tmp/url" 2> "$tmp/serve.err" &
server=$!
for _ in $(seq 100); do [ -s "$tmp/url" ] && break; sleep 0.1; done
url=$(head -1 "$tmp/url")
case $url in
  http://127.0.0.1:*/) port=${url#http://127.0.0.1:}; port=${port%/} ;;
  *) fail "serve printed '$url', not its address"; kill "$server"; finish; exit ;;
esac
# The port is taken now: a second server there is refused.
expect_exit 1 "port in use" -- "$px" serve --db "$tmp/c.db" --listen "127.0.0.1:$port"
expect_err "cannot listen on 127.0.0.1:$port" "port in use"
timeout 120 python3 tests/cli/serve_hostile.py 127.0.0.1 "$port" 2 || fail "hostile requests (above)"
kill -0 "$server" 2> /dev/null || fail "the server died during the hostile requests"
kill -TERM "$server"
wait "$server"
rc=$?
[ "$rc" = 0 ] || fail "serve exited $rc after SIGTERM: $(tail -5 "$tmp/serve.err")"
grep -q "ERROR: AddressSanitizer\|runtime error" "$tmp/serve.err" && fail "sanitizer: $(grep -m3 'ERROR\|runtime error' "$tmp/serve.err")"
finish
