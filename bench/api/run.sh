#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# bench/api/run.sh - load benchmark of the JSON API (tipsom serve), with
# nginx serving static files of the same sizes on the same machine, in
# the same run, as the ceiling.  See bench/README.md.
#
#   bash bench/api/run.sh
#
# What it does:
#   1. installs wrk, nginx and curl with apt-get when missing (as root, or
#      through sudo), quietly;
#   2. builds the release tree (build/release): tipsom and make_store;
#   3. builds the big store once (300,000 persons, 100,000 cases) with
#      make_store and caches it in build/bench/api.db; it is rebuilt when
#      missing, when make_store.c, the SQLite migrations or the sizes
#      changed, or when the binary no longer opens it (schema);
#   4. copies it (the runs write audit rows and sessions) and serves the
#      copy with `tipsom serve --threads 2` on a free port of 127.0.0.1,
#      access log (stderr) to a file beside the copy;
#   5. logs in as bench.investigator (POST /api/v1/session) and runs wrk
#      with the session cookie: GET /api/v1/cases/{ref} round-robin over
#      64 cases with three people each; the same with ?identities=true
#      (the people's names, an audited identity read); the plain read of
#      64 cases without people; and the filtered list
#      /api/v1/cases?status=open&kind=tip&limit=20;
#   6. runs nginx on 127.0.0.1 from a temporary prefix, serving a case
#      response and a list response saved as static files, with wrk the
#      same way; the case-sized file first and again last, and the targets
#      compare with the faster of the two;
#   7. then the same tipsom runs on PostgreSQL: a throw-away cluster
#      (tests/pg/cluster.sh) on loopback, the run's store moved into it
#      with `tipsom migrate-store` (timed), tipsom serve on it;
#   8. prints requests/s, p50 and p99 for every run, and whether the
#      targets are met, on each store: the single-case read of a case with people, with
#      and without ?identities=true, at least 40% of nginx's requests/s on
#      the case-sized file with p99 under 10 ms, and p99 under 10 ms on
#      the list.
#
# Like every benchmark here it prints figures and asserts nothing: it
# exits 0 whether the targets are met or not, and 1 when it cannot run.
# Everything it starts (server, nginx, wrk) it stops by the pid it
# started, whatever happens.
#
# Environment:
#   DURATION=15       seconds per measured run
#   WARMUP=3          seconds of warm-up before each measured tipsom run
#   CONNECTIONS=64    wrk connections
#   WRK_THREADS=2     wrk threads
#   SERVER_THREADS=   tipsom serve --threads (default: the server's own,
#                     one per CPU, at least two)
#   NGINX_WORKERS=    nginx worker_processes (default: one per CPU)
#   PERSONS=300000 CASES=100000   the size of the store
#   BENCH_DIR=build/bench         where the cached store goes
#   RELEASE=build/release         the release build tree
#   PROFILE=1         after the measured runs, one more single-case run
#                     under `perf record -g` on the server, and its top
#                     symbols (needs linux-perf; perturbs nothing measured);
#                     PROFILE=ids profiles ?identities=true instead
#   KEEP=1            keep the run's copy of the store and the access log
#   POSTGRESQL=0      measure SQLite only (default 1: both stores)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/api
cd "$ROOT"

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-3}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
SERVER_THREADS=${SERVER_THREADS:-}
NGINX_WORKERS=${NGINX_WORKERS:-$(nproc)}
PERSONS=${PERSONS:-300000}
CASES=${CASES:-100000}
BENCH_DIR=${BENCH_DIR:-build/bench}
RELEASE=${RELEASE:-build/release}
PROFILE=${PROFILE:-0}
KEEP=${KEEP:-0}
POSTGRESQL=${POSTGRESQL:-1}

# make_store.c makes these; run.sh logs in with them.
USERNAME=bench.investigator
PASSWORD='a long fictional benchmark passphrase'

# The targets of the issue.  Never loosen them.
TARGET_RATIO=0.40	# single-case read requests/s / nginx requests/s
TARGET_P99_MS=10	# p99 of the single-case read and of the list

T_START=$(date +%s)
calc() { awk "BEGIN { OFMT = \"%.6f\"; print ($*) }"; }	# floating point, without bc
log() { printf '[%4ds] %s\n' $(( $(date +%s) - T_START )) "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ------------------------------------------------------------ cleanup
SERVER_PID=
NGINX_PID=
WRK_PID=
RUN_DIR=
NGINX_DIR=
PG_DIR=

stop_pid() {	# pid signal seconds
	local pid=$1 sig=$2 secs=$3 i
	[ -n "$pid" ] || return 0
	kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
	kill "-$sig" "$pid" 2>/dev/null || true
	for ((i = 0; i < secs * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		log "pid $pid did not stop on SIG$sig: sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop_pid "$WRK_PID" TERM 5
	stop_pid "$SERVER_PID" TERM 40
	stop_pid "$NGINX_PID" QUIT 10
	[ -n "$NGINX_DIR" ] && rm -rf "$NGINX_DIR"
	[ -n "$PG_DIR" ] && sh "$ROOT/tests/pg/cluster.sh" stop "$PG_DIR"
	if [ -n "$RUN_DIR" ]; then
		if [ "$KEEP" = 1 ]; then
			log "kept $RUN_DIR"
		else
			rm -rf "$RUN_DIR"
		fi
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------ prerequisites
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
need=()
command -v wrk >/dev/null || need+=(wrk)
[ -x "$NGINX" ] || need+=(nginx)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
	log "installing ${need[*]} (Debian packages)"
	if [ "$(id -u)" = 0 ]; then
		SUDO=
	elif command -v sudo >/dev/null; then
		SUDO="sudo -n"
	else
		die "${need[*]} missing, and not root and no sudo: install them"
	fi
	apt_log=$(mktemp /tmp/tipsom-bench-apt.XXXXXX)
	if ! { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
	    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends "${need[@]}"; } >"$apt_log" 2>&1; then
		tail -20 "$apt_log" >&2
		rm -f "$apt_log"
		die "apt-get could not install ${need[*]}"
	fi
	rm -f "$apt_log"
	NGINX=$(command -v nginx || echo /usr/sbin/nginx)
fi
command -v wrk >/dev/null && [ -x "$NGINX" ] && command -v curl >/dev/null ||
    die "wrk, nginx or curl still missing"

# ------------------------------------------------------------ build
if [ ! -f "$RELEASE/build.ninja" ]; then
	log "meson setup $RELEASE --buildtype=release"
	meson setup "$RELEASE" --buildtype=release >/dev/null
fi
log "ninja -C $RELEASE tipsom make_store"
ninja -C "$RELEASE" tipsom make_store >/dev/null
TIPSOM=$ROOT/$RELEASE/tipsom
MAKE_STORE=$ROOT/$RELEASE/bench/api/make_store
[ -x "$TIPSOM" ] && [ -x "$MAKE_STORE" ] || die "the build made no binaries"

# ------------------------------------------------------------ the store
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
STORE=$BENCH_DIR/api.db
REFS=$BENCH_DIR/api.refs
STAMP_FILE=$BENCH_DIR/api.stamp
STAMP=$( { echo "persons=$PERSONS cases=$CASES"
	cat "$HERE/make_store.c" sql/sqlite/*.sql; } | sha256sum | cut -c1-64)
STORE_BUILD_S=
if [ -f "$STORE" ] && [ -f "$STORE.key" ] && [ -f "$REFS" ] && [ -f "$STAMP_FILE" ] &&
    [ "$(cat "$STAMP_FILE")" = "$STAMP" ] &&
    "$MAKE_STORE" --check --db "$STORE" 2>/dev/null; then
	log "reusing $STORE (remove it to rebuild)"
else
	log "building $STORE: $PERSONS persons, $CASES cases (a few minutes)"
	rm -f "$STORE" "$STORE-wal" "$STORE-shm" "$REFS" "$STAMP_FILE" \
	    "$STORE.tmp" "$STORE.tmp-wal" "$STORE.tmp-shm" "$STORE.key"
	t0=$(date +%s.%N)
	"$MAKE_STORE" --db "$STORE.tmp" --persons "$PERSONS" --cases "$CASES" \
	    --refs "$REFS.tmp" --samples 64 --key-file "$STORE.key" >&2 ||
	    die "make_store failed"
	STORE_BUILD_S=$(calc "$(date +%s.%N) - $t0")
	[ ! -e "$STORE.tmp-wal" ] || die "make_store left a WAL behind"
	mv "$STORE.tmp" "$STORE"
	mv "$REFS.tmp" "$REFS"
	echo "$STAMP" >"$STAMP_FILE"
	echo "$STORE_BUILD_S" >"$BENCH_DIR/api.build-seconds"
fi
[ -n "$STORE_BUILD_S" ] || STORE_BUILD_S=$(cat "$BENCH_DIR/api.build-seconds" \
    2>/dev/null || echo "?")
STORE_MIB=$(( $(stat -c %s "$STORE") / 1048576 ))

mapfile -t PEOPLE_REFS < <(awk '$1 == "people" { print $2 }' "$REFS")
mapfile -t EMPTY_REFS < <(awk '$1 == "empty" { print $2 }' "$REFS")
[ ${#PEOPLE_REFS[@]} -gt 0 ] && [ ${#EMPTY_REFS[@]} -gt 0 ] ||
    die "$REFS lists no cases: remove $STORE to rebuild"

# ------------------------------------------------------------ the server
free_port() {
	local p
	for ((p = $1; p < $1 + 200; p++)); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

RUN_DIR=$(mktemp -d "$BENCH_DIR/run.XXXXXX")
log "copying the store for this run"
cp --reflink=auto "$STORE" "$RUN_DIR/api.db"
# tipsom serve on the store at $1, logged in: SERVER_PID, BASE, COOKIE.
start_server() {
	local url=$1 code token i
	PORT=$(free_port 18080) || die "no free port from 18080"
	TIPSOM_DB="$url" TIPSOM_SESSION_IDLE=240 TIPSOM_KEY_FILE="$STORE.key" \
	    "$TIPSOM" serve --listen "127.0.0.1:$PORT" \
	    ${SERVER_THREADS:+--threads "$SERVER_THREADS"} \
	    >"$RUN_DIR/serve.out" 2>>"$RUN_DIR/access.log" &
	SERVER_PID=$!
	for ((i = 0; i < 100; i++)); do
		grep -q 'serving' "$RUN_DIR/serve.out" 2>/dev/null && break
		kill -0 "$SERVER_PID" 2>/dev/null ||
		    die "tipsom serve stopped: $(tail -3 "$RUN_DIR/access.log")"
		sleep 0.1
	done
	grep -q 'serving' "$RUN_DIR/serve.out" || die "tipsom serve did not start"
	BASE=http://127.0.0.1:$PORT
	log "tipsom serve (pid $SERVER_PID) on $BASE, ${url%%:*} store"

	log "logging in as $USERNAME"
	code=$(curl -sS -o "$RUN_DIR/login.json" -D "$RUN_DIR/login.headers" \
	    -w '%{http_code}' -H 'Content-Type: application/json' \
	    --data "{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\"}" \
	    "$BASE/api/v1/session") || die "cannot reach $BASE"
	[ "$code" = 201 ] || die "login answered $code: $(cat "$RUN_DIR/login.json")"
	token=$(sed -n 's/^[Ss]et-[Cc]ookie: tipsom_session=\([^;]*\);.*/\1/p' \
	    "$RUN_DIR/login.headers" | tr -d '\r')
	[ -n "$token" ] || die "login set no tipsom_session cookie"
	COOKIE="Cookie: tipsom_session=$token"
}

start_server "sqlite:$RUN_DIR/api.db"

CASE_PATHS=()
for r in "${PEOPLE_REFS[@]}"; do CASE_PATHS+=("/api/v1/cases/$r"); done
IDS_PATHS=()
for p in "${CASE_PATHS[@]}"; do IDS_PATHS+=("$p?identities=true"); done
EMPTY_PATHS=()
for r in "${EMPTY_REFS[@]}"; do EMPTY_PATHS+=("/api/v1/cases/$r"); done
LIST_PATH='/api/v1/cases?status=open&kind=tip&limit=20'

# One of each, checked, and kept as the static files nginx serves.
mkdir -p "$RUN_DIR/www"
fetch() {	# path file
	local c
	c=$(curl -sS -o "$2" -w '%{http_code}' -H "$COOKIE" "$BASE$1")
	[ "$c" = 200 ] || die "GET $1 answered $c: $(head -c 300 "$2")"
}
fetch "${CASE_PATHS[0]}" "$RUN_DIR/www/case.json"
fetch "${IDS_PATHS[0]}" "$RUN_DIR/www/ids.json"
fetch "${EMPTY_PATHS[0]}" "$RUN_DIR/www/empty.json"
fetch "$LIST_PATH" "$RUN_DIR/www/list.json"
grep -q '"person_id"' "$RUN_DIR/www/case.json" ||
    die "${PEOPLE_REFS[0]} shows no people"
CASE_BYTES=$(stat -c %s "$RUN_DIR/www/case.json")
IDS_BYTES=$(stat -c %s "$RUN_DIR/www/ids.json")
EMPTY_BYTES=$(stat -c %s "$RUN_DIR/www/empty.json")
LIST_BYTES=$(stat -c %s "$RUN_DIR/www/list.json")

# ------------------------------------------------------------ nginx
NGINX_DIR=$(mktemp -d /tmp/tipsom-bench-nginx.XXXXXX)
chmod 755 "$NGINX_DIR"
mkdir -p "$NGINX_DIR/www" "$NGINX_DIR/tmp" "$NGINX_DIR/logs"
cp "$RUN_DIR/www/case.json" "$RUN_DIR/www/list.json" "$NGINX_DIR/www/"
chmod 644 "$NGINX_DIR/www/"*
NPORT=$(free_port $((PORT + 1))) || die "no free port for nginx"
NGINX_USER=
[ "$(id -u)" = 0 ] && NGINX_USER="user nobody nogroup;"
cat >"$NGINX_DIR/nginx.conf" <<EOF
# A ceiling for bench/api: static files, no access log, one worker per
# CPU.
$NGINX_USER
worker_processes $NGINX_WORKERS;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 10000000;
    client_body_temp_path $NGINX_DIR/tmp/body;
    proxy_temp_path $NGINX_DIR/tmp/proxy;
    fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
    uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
    scgi_temp_path $NGINX_DIR/tmp/scgi;
    types { application/json json; }
    server {
        listen 127.0.0.1:$NPORT;
        root $NGINX_DIR/www;
        add_header Cache-Control no-store;
        add_header X-Content-Type-Options nosniff;
        add_header Referrer-Policy no-referrer;
    }
}
EOF
"$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e \
    "$NGINX_DIR/logs/error.log" -g 'daemon off;' \
    >"$NGINX_DIR/logs/stdout" 2>&1 &
NGINX_PID=$!
for ((i = 0; i < 50; i++)); do
	c=$(curl -s -o /dev/null -w '%{http_code}' \
	    "http://127.0.0.1:$NPORT/case.json" || true)
	[ "$c" = 200 ] && break
	kill -0 "$NGINX_PID" 2>/dev/null ||
	    die "nginx stopped: $(cat "$NGINX_DIR/logs/"* | tail -3)"
	sleep 0.1
done
[ "$c" = 200 ] || die "nginx does not serve case.json"
NBASE=http://127.0.0.1:$NPORT
log "nginx (pid $NGINX_PID) on $NBASE"

# ------------------------------------------------------------ measuring
declare -A RPS P50 P99 REQS TIMEOUTS ERRS
run_wrk() {	# name seconds base path... ; fills RPS[name] etc.
	local name=$1 secs=$2 base=$3 out line
	shift 3
	out=$RUN_DIR/wrk.$name.out
	wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 10s \
	    --latency -H "$COOKIE" -s "$HERE/paths.lua" "$base" -- "$@" >"$out" 2>&1 &
	WRK_PID=$!
	wait "$WRK_PID" || die "wrk failed: $(tail -5 "$out")"
	WRK_PID=
	line=$(grep '^RESULT ' "$out") || die "wrk printed no result: $(cat "$out")"
	RPS[$name]=$(sed 's/.* rps=\([^ ]*\).*/\1/' <<<"$line")
	P50[$name]=$(sed 's/.* p50_ms=\([^ ]*\).*/\1/' <<<"$line")
	P99[$name]=$(sed 's/.* p99_ms=\([^ ]*\).*/\1/' <<<"$line")
	REQS[$name]=$(sed 's/.* requests=\([^ ]*\).*/\1/' <<<"$line")
	TIMEOUTS[$name]=$(sed 's/.* errors_timeout=\([^ ]*\).*/\1/' <<<"$line")
	ERRS[$name]=$(awk '{ n = 0; for (i = 1; i <= NF; i++)
	    if ($i ~ /^errors_/ && $i !~ /^errors_timeout/) {
	    split($i, kv, "="); n += kv[2] } print n }' <<<"$line")
}

measure() {	# name base path...
	local name=$1
	if [ "$WARMUP" -gt 0 ]; then
		log "warm-up: $name (${WARMUP} s)"
		run_wrk "warm-$name" "$WARMUP" "${@:2}"
	fi
	log "measuring: $name (${DURATION} s, $CONNECTIONS connections)"
	run_wrk "$name" "$DURATION" "${@:2}"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
AUDIT_LINES_BEFORE=$(wc -l <"$RUN_DIR/access.log")
measure nginx-case "$NBASE" /case.json
measure case "$BASE" "${CASE_PATHS[@]}"
WAL_BEFORE=$(stat -c %s "$RUN_DIR/api.db-wal" 2>/dev/null || echo 0)
measure case-ids "$BASE" "${IDS_PATHS[@]}"
WAL_AFTER=$(stat -c %s "$RUN_DIR/api.db-wal" 2>/dev/null || echo 0)
measure case-empty "$BASE" "${EMPTY_PATHS[@]}"
measure list "$BASE" "$LIST_PATH"
measure nginx-list "$NBASE" /list.json
# The ceiling moves with the machine's load: measure it again at the end
# and compare with the higher of the two, which is the stricter.
measure nginx-case-2 "$NBASE" /case.json
if [ "$(calc "(${RPS[nginx-case-2]} > ${RPS[nginx-case]}) ? 1 : 0")" = 1 ]
then
	CEILING=nginx-case-2
else
	CEILING=nginx-case
fi
LOGGED=$(tail -n +"$((AUDIT_LINES_BEFORE + 1))" "$RUN_DIR/access.log" |
    grep -c 'tipsom\[access\]' || true)
BAD=$(tail -n +"$((AUDIT_LINES_BEFORE + 1))" "$RUN_DIR/access.log" |
    grep 'tipsom\[access\]' | grep -vc ' status=200 ' || true)

# ------------------------------------------------------------ PostgreSQL
# The same store moved into a throw-away, durable cluster on loopback,
# and the same tipsom runs on it.
if [ "$POSTGRESQL" = 1 ]; then
	stop_pid "$SERVER_PID" TERM 40
	SERVER_PID=
	PG_DIR=$(mktemp -d /tmp/tipsom-bench-pg.XXXXXX)
	PG_SERVER=$(CLUSTER_DURABLE=1 sh "$ROOT/tests/pg/cluster.sh" start \
	    "$PG_DIR") || die "PostgreSQL did not start"
	PG_URL=${PG_SERVER%/*}/bench
	log "moving the store into PostgreSQL (tipsom migrate-store)"
	t0=$(date +%s.%N)
	"$TIPSOM" migrate-store --from "sqlite:$RUN_DIR/api.db" --to "$PG_URL" \
	    >"$RUN_DIR/migrate-store.out" 2>&1 ||
	    die "migrate-store failed: $(tail -3 "$RUN_DIR/migrate-store.out")"
	PG_MOVE_S=$(calc "$(date +%s.%N) - $t0")
	psql -q "$PG_URL" -c ANALYZE || die "ANALYZE failed"
	PG_VERSION=$(psql -At "$PG_URL" -c 'SHOW server_version')
	start_server "$PG_URL"
	measure pg-case "$BASE" "${CASE_PATHS[@]}"
	measure pg-case-ids "$BASE" "${IDS_PATHS[@]}"
	measure pg-case-empty "$BASE" "${EMPTY_PATHS[@]}"
	measure pg-list "$BASE" "$LIST_PATH"
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------ report
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo
echo "tipsom bench/api: $(date -u +%Y-%m-%dT%H:%M:%SZ)," \
    "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "$(git diff --quiet HEAD -- src sql 2>/dev/null || echo '(src changed)')"
echo "machine:  $(nproc) cpus, $cpu; $(uname -r)"
echo "tools:    $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)," \
    "$("$NGINX" -v 2>&1 | sed 's/.*version: //')," \
    "tipsom serve --threads ${SERVER_THREADS:-default}," \
    "nginx worker_processes $NGINX_WORKERS"
echo "load:     $LOAD_BEFORE before, $LOAD_AFTER after"
echo "store:    $STORE_MIB MiB, $PERSONS persons, $CASES cases" \
    "(built in ${STORE_BUILD_S%.*} s)"
echo "wrk:      -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s," \
    "${WARMUP} s warm-up before each run; cookie of one session"
echo "bodies:   case $CASE_BYTES B (3 people, 1 note), with names" \
    "$IDS_BYTES B, case without people $EMPTY_BYTES B, list $LIST_BYTES B"
echo
printf '%-44s %9s %8s %8s %8s %8s %6s\n' "run" "requests" "req/s" \
    "p50 ms" "p99 ms" "timeouts" "errors"
row() {	# name label
	printf '%-44s %9s %8.0f %8.2f %8.2f %8s %6s\n' "$2" "${REQS[$1]}" \
	    "${RPS[$1]}" "${P50[$1]}" "${P99[$1]}" "${TIMEOUTS[$1]}" \
	    "${ERRS[$1]}"
}
row nginx-case "nginx: static case-sized JSON"
row case "GET /api/v1/cases/{ref} (3 people)"
row case-ids "GET /api/v1/cases/{ref}?identities=true"
row case-empty "GET /api/v1/cases/{ref} (no people)"
row list "GET /api/v1/cases?status=open&kind=tip&limit=20"
row nginx-list "nginx: static list-sized JSON"
row nginx-case-2 "nginx: static case-sized JSON, again"
if [ "$POSTGRESQL" = 1 ]; then
	echo "on PostgreSQL $PG_VERSION (fsync on; the store moved in" \
	    "${PG_MOVE_S%.*} s by migrate-store):"
	row pg-case "GET /api/v1/cases/{ref} (3 people)"
	row pg-case-ids "GET /api/v1/cases/{ref}?identities=true"
	row pg-case-empty "GET /api/v1/cases/{ref} (no people)"
	row pg-list "GET /api/v1/cases?status=open&kind=tip&limit=20"
fi
echo
echo "timeouts: no answer within 10 s (not in the latencies); errors:" \
    "socket errors and answers other than 2xx/3xx"
echo "access log: $LOGGED tipsom requests on SQLite (warm-ups included)," \
    "$BAD not 200"
echo "the store's WAL: $((WAL_BEFORE / 1048576)) MiB before the" \
    "?identities=true runs (warm-up and measured), $((WAL_AFTER / 1048576))" \
    "MiB after"

ratio() { calc "$1 / $2"; }
pct() { printf '%.1f%%' "$(calc "$1 * 100")"; }
verdict() {	# ok(1/0)
	if [ "$1" = 1 ]; then echo "met"; else echo "MISSED"; fi
}
ratio_line() {	# name ceiling label
	local r ok
	r=$(ratio "${RPS[$1]}" "${RPS[$2]}")
	ok=$(calc "($r >= $TARGET_RATIO) ? 1 : 0")
	printf '  %-50s %s of nginx (%.0f vs %.0f req/s): %s\n' "$3" \
	    "$(pct "$r")" "${RPS[$1]}" "${RPS[$2]}" "$(verdict "$ok")"
	[ "$ok" = 1 ] || printf '  %-50s %.0f req/s more (%.1fx the rate)\n' \
	    "  needs" "$(calc "${RPS[$2]} * $TARGET_RATIO - ${RPS[$1]}")" \
	    "$(calc "${RPS[$2]} * $TARGET_RATIO / ${RPS[$1]}")"
}
# Timed-out requests are not in wrk's latencies: more than 1% of them
# would put the true p99 above 10 s.
p99_line() {	# name label
	local ok over=
	ok=$(calc "(${P99[$1]} < $TARGET_P99_MS && \
	    ${TIMEOUTS[$1]} * 100 <= ${REQS[$1]}) ? 1 : 0")
	[ "$ok" = 1 ] || over=$(printf ', %.1fx the limit' \
	    "$(calc "${P99[$1]} / $TARGET_P99_MS")")
	[ "${TIMEOUTS[$1]}" = 0 ] ||
	    over="$over, and ${TIMEOUTS[$1]} requests timed out"
	printf '  %-50s %.2f ms: %s%s\n' "$2" "${P99[$1]}" "$(verdict "$ok")" \
	    "$over"
}
echo
echo "targets: the single-case read (a case with three people, as shown to"
echo "an investigator, and with their names) against the faster of the two"
echo "nginx runs on the case-sized file; the p99 limit also on the list:"
ratio_line case "$CEILING" "GET /cases/{ref} req/s >= 40% of nginx's:"
p99_line case "GET /cases/{ref} p99 < $TARGET_P99_MS ms:"
ratio_line case-ids "$CEILING" "?identities=true req/s >= 40% of nginx's:"
p99_line case-ids "?identities=true p99 < $TARGET_P99_MS ms:"
p99_line list "list p99 < $TARGET_P99_MS ms:"
if [ "$POSTGRESQL" = 1 ]; then
	echo "the same on PostgreSQL:"
	ratio_line pg-case "$CEILING" "GET /cases/{ref} req/s >= 40% of nginx's:"
	p99_line pg-case "GET /cases/{ref} p99 < $TARGET_P99_MS ms:"
	ratio_line pg-case-ids "$CEILING" \
	    "?identities=true req/s >= 40% of nginx's:"
	p99_line pg-case-ids "?identities=true p99 < $TARGET_P99_MS ms:"
	p99_line pg-list "list p99 < $TARGET_P99_MS ms:"
fi
echo "for reference (not targets):"
printf '  %-50s %s of nginx (case-sized), p99 %.2f ms\n' \
    "case without people:" \
    "$(pct "$(ratio "${RPS[case-empty]}" "${RPS[$CEILING]}")")" \
    "${P99[case-empty]}"
printf '  %-50s %s of nginx (list-sized)\n' "filtered list:" \
    "$(pct "$(ratio "${RPS[list]}" "${RPS[nginx-list]}")")"

# ------------------------------------------------------------ profile
if [ "$PROFILE" = 1 ] || [ "$PROFILE" = ids ]; then
	if [ "$PROFILE" = ids ]; then
		PROFILE_PATHS=("${IDS_PATHS[@]}")
	else
		PROFILE_PATHS=("${CASE_PATHS[@]}")
	fi
	if command -v perf >/dev/null; then
		log "profiling the server on the single-case read (10 s)"
		wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d14s --timeout 10s \
		    -H "$COOKIE" \
		    -s "$HERE/paths.lua" "$BASE" -- "${PROFILE_PATHS[@]}" \
		    >/dev/null 2>&1 &
		WRK_PID=$!
		sleep 2
		perf record -q -g -p "$SERVER_PID" -o "$RUN_DIR/perf.data" \
		    -- sleep 10 >/dev/null 2>&1 || log "perf record failed"
		wait "$WRK_PID" || true
		WRK_PID=
		echo
		echo "profile of tipsom serve, single-case read (perf, self time):"
		perf report -i "$RUN_DIR/perf.data" --stdio --no-children \
		    --sort dso,symbol -g none 2>/dev/null |
		    grep -v '^#' | grep -v '^$' | head -30
	else
		log "PROFILE=1 but perf is missing (apt-get install linux-perf)"
	fi
fi
exit 0
