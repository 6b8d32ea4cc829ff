#!/usr/bin/env bash
# Install the Debian packages parallax needs, and nothing more.
# Usage: scripts/setup.sh [GROUP...]
#   groups: build (always), browser, bench, fuzz, fresh, dask
#   build    compiler, pkg-config, the libraries the code links with,
#            iso-codes (country names for the entity finder), and
#            GNU time (make bench reads peak memory from /usr/bin/time)
#   browser  chromium, a font, Node.js and npm, then `npm ci` of the pinned
#            playwright-core in tests/browser (make test's browser test)
#   bench    wrk, the HTTP load generator (make bench's server figures)
#   fuzz     clang and its sanitizer runtimes, for libFuzzer (make fuzz)
#   fresh    debootstrap and git, for the fresh-machine check (make fresh-check)
#   dask     Dask distributed, for scripts/dask_run.py (make dask)
# Idempotent: prints nothing and installs nothing when all are present.
# make demo needs only build; make test adds browser, make bench adds bench.
set -euo pipefail

packages=(
  build-essential pkg-config python3 time
  libutf8proc-dev libstemmer-dev libjansson-dev libxxhash-dev
  zlib1g-dev libzstd-dev libsqlite3-dev libmicrohttpd-dev libcmocka-dev
  libxml2-dev iso-codes
)
browser=0
for group in "$@"; do
  case $group in
    build) ;;
    browser)
      # PX_SKIP_BROWSER=1 leaves the browser group out (make test then
      # skips the page test and says so): scripts/fresh_check.sh sets it,
      # because chromium and Node.js take longer than its budget to install.
      if [ "${PX_SKIP_BROWSER:-0}" = 1 ]; then
        echo "setup: PX_SKIP_BROWSER=1: chromium, Node.js and playwright-core not installed" >&2
        continue
      fi
      browser=1
      packages+=(chromium fonts-dejavu-core)
      # Node.js from any source will do; Debian's npm only when there is no npm
      command -v node > /dev/null || packages+=(nodejs)
      command -v npm > /dev/null || packages+=(npm) ;;
    bench) packages+=(wrk) ;;
    fuzz) packages+=(clang libclang-rt-14-dev) ;;
    fresh) packages+=(debootstrap ca-certificates git) ;;
    dask) packages+=(python3-distributed) ;;
    *) echo "setup: unknown group '$group' (build, browser, bench, fuzz, fresh, dask)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: run as root, or install sudo, to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser test's npm packages, exactly as tests/browser/package-lock.json
# pins them; again only when what is installed is not what the lock says.
if [ "$browser" = 1 ]; then
  dir=$(cd "$(dirname "$0")/../tests/browser" && pwd)
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.parallax-lock" 2>/dev/null; then
    echo "setup: npm ci in tests/browser (playwright-core, pinned)" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error > /dev/null) ||
      { echo "setup: npm ci failed in $dir" >&2; exit 1; }
    cp "$dir/package-lock.json" "$dir/node_modules/.parallax-lock"
  fi
fi
