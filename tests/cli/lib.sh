# lib.sh — what the shell tests of the parallax command share. Each test
# script is run as `bash tests/cli/NAME.sh PARALLAX` from the top folder;
# it prints one line per failed check and exits 1 when any failed.
px=$1
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "  $*"; fails=$((fails + 1)); }

# expect_exit WANT CHECK-NAME -- COMMAND...: runs the command (stderr in
# $tmp/err, stdout in $tmp/out) and checks its exit status.
expect_exit() {
  local want=$1 name=$2
  shift 3
  "$@" > "$tmp/out" 2> "$tmp/err"
  local got=$?
  [ "$got" = "$want" ] || fail "$name: exit $got, want $want"
}

# expect_err TEXT CHECK-NAME: the last command's stderr holds TEXT.
expect_err() {
  grep -qF -- "$1" "$tmp/err" || fail "$2: stderr lacks '$1': $(head -3 "$tmp/err")"
}

# expect_out TEXT CHECK-NAME: the last command's stdout holds TEXT.
expect_out() {
  grep -qF -- "$1" "$tmp/out" || fail "$2: stdout lacks '$1'"
}

# expect_line LINE CHECK-NAME: the last command's stdout has LINE whole.
expect_line() {
  grep -qxF -- "$1" "$tmp/out" || fail "$2: stdout lacks the line '$1'"
}

finish() { [ "$fails" = 0 ]; }
