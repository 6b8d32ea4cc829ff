#!/usr/bin/env bash
# Install the Debian packages parallax needs, and nothing more.
# Usage: scripts/setup.sh [GROUP...]   groups: build (always), fuzz, fresh
#   build  compiler, pkg-config, the libraries the code links with,
#          iso-codes (country names for the entity finder), and
#          GNU time (make bench reads peak memory from /usr/bin/time)
#   fuzz   clang and its sanitizer runtimes, for libFuzzer (make fuzz)
#   fresh  debootstrap and git, for the fresh-machine check (make fresh-check)
#   dask   Dask distributed, for scripts/dask_run.py (make dask)
# Idempotent: prints nothing and installs nothing when all are present.
set -euo pipefail

packages=(
  build-essential pkg-config python3 time
  libutf8proc-dev libstemmer-dev libjansson-dev libxxhash-dev
  zlib1g-dev libzstd-dev libsqlite3-dev libmicrohttpd-dev libcmocka-dev
  libxml2-dev iso-codes
)
for group in "$@"; do
  case $group in
    build) ;;
    fuzz) packages+=(clang libclang-rt-14-dev) ;;
    fresh) packages+=(debootstrap ca-certificates git) ;;
    dask) packages+=(python3-distributed) ;;
    *) echo "setup: unknown group '$group' (build, fuzz, fresh, dask)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: run as root, or install sudo, to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
