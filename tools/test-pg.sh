#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs the suites that touch a store again, on PostgreSQL: a throw-away
# cluster (tests/pg/cluster.sh) on a loopback port, in a temporary
# directory, stopped by its pid at the end even when a test fails.  Each
# test program makes its own databases in it (TIPSOM_TEST_PG): the unit
# tests one per store, the API tests one per store they use (its server,
# and the CLI, on them), the schema comparison its own.
#   sh tools/test-pg.sh BUILD_DIR
set -eu
build=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/tipsom-pg.XXXXXX")
trap 'sh tests/pg/cluster.sh stop "$dir"' EXIT INT TERM
url=$(sh tests/pg/cluster.sh start "$dir")
echo "tipsom: the suites again, on PostgreSQL ($url)"
TIPSOM_TEST_PG=$url meson test -C "$build" --no-rebuild --print-errorlogs \
    --num-processes 2 --logbase pglog --suite unit --suite api --suite pg \
    --suite security
