#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `make run`: a fresh demo store with fictional data, and how to use it.
set -eu
tipsom=$1
db=$2

mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-wal" "$db-shm"
export TIPSOM_DB="sqlite:$db"
"$tipsom" init
"$tipsom" demo
cat <<MSG

The demo store is $db (made afresh by every 'make run').
tipsom has no web server yet; explore it with the CLI, acting as a demo user:

  export TIPSOM_DB=sqlite:$db
  $tipsom --as d.karim case list
  $tipsom --as d.karim case show REF
  $tipsom --as d.karim case steps REF          # where it stands in its SOP
  $tipsom sop list
  $tipsom --as a.rahman audit log --limit 20
  $tipsom audit verify
  $tipsom --help
MSG
