#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages tipsom builds and tests with, when missing.
# Used by `make run`, (with --test) `make test` and (with --fuzz) `make
# fuzz`; safe to run again
# (does nothing when everything is there).
set -eu

packages="build-essential meson ninja-build pkg-config libsqlite3-dev libpq-dev
libsodium-dev libjansson-dev libicu-dev libcmocka-dev libmicrohttpd-dev
liboath-dev libqrencode-dev libxml2-dev libcsv-dev libzip-dev libxlsxwriter-dev
python3"
# The tests add the browser the web tests drive, the PostgreSQL server
# and client module the suites run on a second time (tools/test-pg.sh),
# and sqlmap and openssl for the attack suite (tests/security/).
[ "${1:-}" = "--test" ] &&
    packages="$packages chromium postgresql python3-psycopg2 sqlmap openssl"
# The fuzz targets: Debian's clang, and libFuzzer (only recommended by it).
[ "${1:-}" = "--fuzz" ] &&
    packages="$packages clang libclang-rt-14-dev"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
# The API tests validate the OpenAPI document with an npm package: any
# Node.js will do (Debian's, or one installed otherwise).
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0

echo "tipsom: installing Debian packages:$missing"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo="sudo"
	else
		echo "tipsom: packages missing:$missing: run as root or install sudo" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
