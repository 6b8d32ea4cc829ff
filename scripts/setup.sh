#!/usr/bin/env bash
# Install the Debian packages parallax builds and tests with.
# Idempotent: prints nothing and installs nothing when all are present.
set -euo pipefail

packages=(
  build-essential pkg-config clang
  libutf8proc-dev libstemmer-dev libjansson-dev libxxhash-dev
  zlib1g-dev libzstd-dev libsqlite3-dev libmicrohttpd-dev
  libcmocka-dev python3
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
