#!/usr/bin/env bash
# fresh_check.sh — proves the README's two commands on a fresh machine.
#
# Builds a minimal Debian bookworm root with debootstrap (gcc, make, git,
# ca-certificates and libc6-dev, as a newcomer's machine has), clones this
# repository into it (plus any uncommitted change to tracked files), and runs
# the commands of the README's first ```sh block there, as root, in order.
#
# The base root is cached as a tarball under /var/tmp, so a machine pays for
# debootstrap once. The package mirror is the one this machine's apt uses.
# Exit status: 0 when every step passed, or when the mirror could not be
# reached before any project step ran (said loudly); 1 when a project step
# failed (its last log lines are printed); 2 on a usage problem.
# FRESH_COMMANDS, one command a line, runs other commands instead.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
suite=bookworm
base_packages=gcc,make,git,ca-certificates,libc6-dev
budget=${FRESH_SECONDS:-900}        # the whole check, in seconds
cache=${FRESH_CACHE:-/var/tmp/parallax-fresh}
started=$(date +%s)

say() { printf 'fresh-check: %s\n' "$*"; }
elapsed() { echo $(($(date +%s) - started)); }
unreachable() {
  say "################################################################"
  say "WARNING: the package mirror could not be reached ($1)."
  say "Nothing of the project was run; this is not a project failure."
  say "################################################################"
  tail -n 15 "$2" | sed 's/^/  | /'
  exit 0
}
fail() {
  say "FAILED: $1 (after $(elapsed)s); last lines of $2:"
  tail -n 40 "$2" | sed 's/^/  | /'
  exit 1
}

[ "$(id -u)" -eq 0 ] || { say "needs root (debootstrap, chroot)"; exit 2; }
bash scripts/setup.sh fresh

# The mirror this machine's apt uses for $suite: deb822 .sources files first,
# then one-line sources.list entries.
find_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v s="$suite" '
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) ok = 1 }
      /^[[:space:]]*$/ { if (ok && uri != "") { print uri; found = 1; exit } ok = 0; uri = "" }
      END { if (!found && ok && uri != "") print uri }' "$f"
  done
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -nE "s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+)[[:space:]]+$suite([[:space:]].*)?$/\2/p"
}
mirror=$(find_mirror | head -n 1 || true)
[ -n "$mirror" ] || { say "no '$suite' entry in this machine's apt sources"; exit 2; }

mkdir -p "$cache"
key=$(printf '%s %s %s' "$suite" "$mirror" "$base_packages" | sha256sum | cut -c1-12)
tarball=$cache/$suite-minbase-$key.tar
log=$cache/fresh-check.log
: > "$log"

if [ ! -f "$tarball" ]; then
  say "building the base root (debootstrap $suite, once per machine)"
  tmp=$(mktemp -d "$cache/debootstrap.XXXXXX")
  if ! timeout "$budget" debootstrap --variant=minbase --include="$base_packages" \
       "$suite" "$tmp" "$mirror" >> "$log" 2>&1; then
    rm -rf --one-file-system "$tmp"
    if grep -qiE "couldn't download|failed getting release|unable to fetch|could not resolve|temporary failure|connection (refused|timed out)|404" "$log"; then
      unreachable "debootstrap could not download" "$log"
    fi
    fail "debootstrap" "$log"
  fi
  tar -C "$tmp" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
  rm -rf --one-file-system "$tmp"
  say "base root cached after $(elapsed)s"
fi

root=$(mktemp -d "$cache/root.XXXXXX")
trap 'rm -rf --one-file-system "$root"' EXIT
tar -C "$root" -xf "$tarball"
[ -f /etc/resolv.conf ] && cp -L /etc/resolv.conf "$root/etc/resolv.conf"
# The machine's network setup, like resolv.conf: its certificate authorities
# (a proxy's own among them, where there is one).
[ -f /etc/ssl/certs/ca-certificates.crt ] &&
  cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
git clone -q --no-local "$repo" "$root/root/parallax"
if ! git diff --quiet HEAD; then
  say "testing HEAD with the uncommitted changes to tracked files"
  git diff --binary HEAD | git -C "$root/root/parallax" apply
fi

# Downloaded .deb files and npm tarballs are kept between runs (like the
# base root), so a run downloads a package once per machine; what is
# installed, and how, is what a newcomer's machine does.
mkdir -p "$cache/apt-archives/partial" "$cache/npm"

# Runs a shell command in the root, in a mount namespace of its own so that
# /dev, /proc, /sys and the download caches are gone again when it ends.
in_root() {
  local left=$((budget - $(elapsed)))
  [ "$left" -gt 0 ] || return 124
  timeout "$left" unshare --mount --fork -- bash -c '
    root=$1 cache=$2; shift 2
    mount --rbind /dev "$root/dev"
    mount -t proc proc "$root/proc"
    mount -t sysfs sysfs "$root/sys"
    mkdir -p "$root/root/.npm"
    mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
    mount --bind "$cache/npm" "$root/root/.npm"
    exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb PX_SKIP_BROWSER=1 \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      bash -c "cd /root/parallax && $*"' _ "$root" "$cache" "$@"
}

# The mirror again, from inside: a failure here is not the project's.
if ! in_root "apt-get update" >> "$log" 2>&1; then
  unreachable "apt-get update failed in the fresh root" "$log"
fi

# The README's commands run with PX_SKIP_BROWSER=1: installing chromium and
# Node.js in a fresh root took 15 minutes here, the whole budget. make test
# then skips the page test and says so; .ci/run's own make test, on the CI
# machine, runs it.
# FRESH_COMMANDS (one command a line) checks other commands the same way.
commands=${FRESH_COMMANDS:-$(awk '/^```sh/ { inside = 1; next } /^```/ { if (inside) exit } inside' README.md |
           sed 's/#.*//; s/[[:space:]]*$//' | grep -v '^$' || true)}
[ -n "$commands" ] || { say "no commands found in the README's first sh block"; exit 2; }

while IFS= read -r cmd; do
  step_start=$(date +%s)
  say "running '$cmd'"
  echo "=== $cmd" >> "$log"
  set +e
  in_root "$cmd" >> "$log" 2>&1
  rc=$?
  set -e
  [ "$rc" -eq 124 ] && fail "'$cmd' ran past the ${budget}s budget" "$log"
  [ "$rc" -eq 0 ] || fail "'$cmd' exited $rc" "$log"
  say "'$cmd' passed in $(($(date +%s) - step_start))s"
done <<< "$commands"

say "passed: the README's commands work on a fresh $suite root ($(elapsed)s in all); log: $log"
