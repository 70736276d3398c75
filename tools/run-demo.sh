#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `make run`: a fresh demo store with fictional data, served over HTTP.
set -eu
tipsom=$1
db=$2
listen=${TIPSOM_LISTEN:-127.0.0.1:8080}

mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-wal" "$db-shm"
export TIPSOM_DB="sqlite:$db"
"$tipsom" init
"$tipsom" demo
cat <<MSG

The demo store is $db (made afresh by every 'make run').

Open http://$listen/ in a browser and log in as a demo user above, for
example d.karim (investigator) with the password Demo-Erbil-2026!.

The API is at http://$listen/api/v1/ (its description: /api/v1/openapi.json):

  curl -c cookies -H 'Content-Type: application/json' \\
      -d '{"username":"d.karim","password":"Demo-Erbil-2026!"}' \\
      http://$listen/api/v1/session
  curl -b cookies http://$listen/api/v1/cases

The CLI works on the same store meanwhile:

  export TIPSOM_DB=sqlite:$db
  $tipsom --as d.karim case steps KRI-MOI-2026-000001
  $tipsom audit verify

MSG
# The server's access log goes to stderr; Ctrl-C stops it cleanly.
exec "$tipsom" serve --listen "$listen"
