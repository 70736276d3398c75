#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `make run`: a fresh demo store with fictional data, served over HTTP.
set -eu
tipsom=$1
db=$2
listen=${TIPSOM_LISTEN:-127.0.0.1:8080}

key=${db%.db}.key
mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-wal" "$db-shm" "$key"
export TIPSOM_DB="sqlite:$db"
# The demo's identities are encrypted like any store's; its key file sits
# beside it, which a real deployment must not do (docs/deployment.md).
export TIPSOM_KEY_FILE="$key"
"$tipsom" init
"$tipsom" demo
cat <<MSG

The demo store is $db (made afresh by every 'make run'); victims'
identities in it are encrypted, unlocked by the key file $key.

Open http://$listen/ in a browser and log in as a demo user above, for
example d.karim (investigator) with the password Demo-Erbil-2026!.

The API is at http://$listen/api/v1/ (its description: /api/v1/openapi.json):

  curl -c cookies -H 'Content-Type: application/json' \\
      -d '{"username":"d.karim","password":"Demo-Erbil-2026!"}' \\
      http://$listen/api/v1/session
  curl -b cookies http://$listen/api/v1/cases

The CLI works on the same store meanwhile:

  export TIPSOM_DB=sqlite:$db TIPSOM_KEY_FILE=$key
  $tipsom --as d.karim case steps KRI-MOI-2026-000001
  $tipsom audit verify

MSG
# The server's access log goes to stderr; Ctrl-C stops it cleanly.
exec "$tipsom" serve --listen "$listen"
