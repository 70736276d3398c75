#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# cluster.sh - a throw-away PostgreSQL 15 cluster for tests.
#
#   sh tests/pg/cluster.sh start DIR          start one in DIR (a fresh,
#                                             empty directory); prints
#                                             its url, writes DIR/url and
#                                             DIR/pid
#   sh tests/pg/cluster.sh createdb DIR NAME  make database NAME in it;
#                                             prints its url
#   sh tests/pg/cluster.sh down DIR           stop the server, keep DIR
#   sh tests/pg/cluster.sh up DIR             start it again, same port
#   sh tests/pg/cluster.sh stop DIR           stop it and remove DIR (safe
#                                             twice, or after a failed
#                                             start: for trap)
#
# The server listens on 127.0.0.1 only, on a free port, with its socket in
# DIR; user tipsom, trust authentication, locale C.UTF-8, and settings for
# tests (no fsync: a crash loses a cluster no one keeps; CLUSTER_DURABLE=1
# for benchmarks: fsync on, as a real server).  initdb and the
# server refuse to run as root, so as root they run as postgres, which
# then owns DIR.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
MARK=.tipsom-pg-cluster

die() {
	echo "cluster.sh: $*" >&2
	exit 1
}

usage() {
	die "usage: cluster.sh start DIR | createdb DIR NAME | down DIR |" \
	    "up DIR | stop DIR"
}

# Runs a server binary as the user that owns the cluster.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Whether process $1 runs, and is the postmaster of data directory $2
# (a pid can be reused once its process has gone; a zombie has gone).
is_postmaster() {
	[ -r "/proc/$1/stat" ] || return 1
	case $(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) in
	Z*|X*|'') return 1 ;;
	esac
	tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- " -D $2"
}

# Says why, with the last lines of log $2, stops a server that did start
# (not ready in time), and fails.
fail_start() {
	echo "cluster.sh: $1" >&2
	if [ -s "$2" ]; then
		echo "--- last lines of $2:" >&2
		tail -n 20 "$2" >&2
	fi
	if [ -s "$data/postmaster.pid" ]; then
		stop_postmaster "$(head -n 1 "$data/postmaster.pid")"
	fi
	exit 1
}

# Stops postmaster $1 of $data: SIGINT is a fast shutdown (sessions
# ended, no wait for clients); SIGKILL when it is not over in 30 s.
stop_postmaster() {
	is_postmaster "$1" "$data" || return 0
	kill -INT "$1" 2>/dev/null || :
	waited=0
	while is_postmaster "$1" "$data" && [ $waited -lt 300 ]; do
		sleep 0.1
		waited=$((waited + 1))
	done
	if is_postmaster "$1" "$data"; then
		echo "cluster.sh: the server ($1) did not stop in 30 s: killed" >&2
		kill -KILL "$1" 2>/dev/null || :
	fi
}

start() {
	[ -d "$1" ] || die "$1 is not a directory: make it first (mkdir)"
	dir=$(cd "$1" && pwd)
	[ -z "$(ls -A "$dir")" ] || die "$dir is not empty: give a fresh directory"
	for b in initdb pg_ctl postgres; do
		[ -x "$PGBIN/$b" ] || die "$PGBIN/$b not found: install" \
		    "PostgreSQL 15 (apt-get install postgresql)"
	done
	# The socket's path must fit in sun_path (108 bytes with its NUL),
	# and DIR is quoted in the server's settings.
	[ ${#dir} -le 90 ] ||
	    die "$dir is too long a path for a unix socket: use a shorter one"
	case $dir in
	*\'*|*\\*) die "$dir: use a directory without ' or \ in its path" ;;
	esac
	touch "$dir/$MARK"
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 ||
		    die "no user postgres to run the server as root: install" \
		    "PostgreSQL 15 (apt-get install postgresql)"
		chown postgres "$dir"
		runuser -u postgres -- test -w "$dir" ||
		    die "user postgres cannot reach $dir: use a directory under /tmp"
	fi
	data=$dir/data
	# A benchmark measures a server that keeps what it acknowledges,
	# as SQLite does (synchronous = FULL), with room for its data.
	if [ "${CLUSTER_DURABLE:-0}" = 1 ]; then
		durable=on shared_buffers=256MB
	else
		durable=off shared_buffers=32MB
	fi
	if ! as_owner "$PGBIN/initdb" -D "$data" -U tipsom --auth=trust \
	    --locale=C.UTF-8 -E UTF8 --no-sync >"$dir/initdb.log" 2>&1; then
		fail_start "initdb failed in $data (log: $dir/initdb.log)" \
		    "$dir/initdb.log"
	fi
	# A port found free can be taken before the server binds it: try
	# another then.
	tries=0
	while :; do
		port=$(free_port) || die "no free port found (python3 is needed)"
		as_owner tee -a "$data/postgresql.conf" >/dev/null <<CONF

# tests/pg/cluster.sh: a throw-away cluster for tests
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = $shared_buffers
fsync = $durable
synchronous_commit = $durable
full_page_writes = $durable
CONF
		if as_owner "$PGBIN/pg_ctl" start -w -t 60 -D "$data" \
		    -l "$dir/server.log" >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ $tries -ge 3 ] || ! grep -q 'could not bind' \
		    "$dir/server.log" 2>/dev/null; then
			fail_start "the server did not start (log: $dir/server.log)" \
			    "$dir/server.log"
		fi
	done
	pid=$(head -n 1 "$data/postmaster.pid")
	echo "$pid" >"$dir/pid"
	url="postgresql://tipsom@127.0.0.1:$port/postgres"
	echo "$url" >"$dir/url"
	echo "$url"
}

stop() {
	[ -d "$1" ] || return 0
	dir=$(cd "$1" && pwd)
	if [ ! -e "$dir/$MARK" ]; then
		[ -z "$(ls -A "$dir")" ] ||
		    die "$dir was not made by cluster.sh start: left as it is"
		rmdir "$dir"
		return 0
	fi
	data=$dir/data
	pid=
	if [ -s "$dir/pid" ]; then
		pid=$(cat "$dir/pid")
	elif [ -s "$data/postmaster.pid" ]; then
		# start failed after the server was launched
		pid=$(head -n 1 "$data/postmaster.pid")
	fi
	[ -z "$pid" ] || stop_postmaster "$pid"
	rm -rf -- "$dir"
}

# The server stopped and started again on its port, as after a crash or
# an upgrade: what clients do about the connections they lose is tested.
down() {
	[ -s "$1/pid" ] || die "no cluster in $1: run cluster.sh start $1 first"
	dir=$(cd "$1" && pwd)
	data=$dir/data
	stop_postmaster "$(cat "$dir/pid")"
}

up() {
	[ -s "$1/pid" ] || die "no cluster in $1: run cluster.sh start $1 first"
	dir=$(cd "$1" && pwd)
	data=$dir/data
	as_owner "$PGBIN/pg_ctl" start -w -t 60 -D "$data" \
	    -l "$dir/server.log" >/dev/null 2>&1 ||
	    fail_start "the server did not start again" "$dir/server.log"
	head -n 1 "$data/postmaster.pid" >"$dir/pid"
}

createdb() {
	[ -s "$1/url" ] || die "no cluster in $1: run cluster.sh start $1 first"
	printf '%s' "$2" | grep -qx '[a-z_][a-z0-9_]*' ||
	    die "database name '$2': use lower-case letters, digits and _"
	url=$(cat "$1/url")
	port=${url##*:}
	port=${port%%/*}
	"$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U tipsom -- "$2" ||
	    die "could not create database $2 in $1"
	echo "postgresql://tipsom@127.0.0.1:$port/$2"
}

[ $# -ge 2 ] || usage
case $1 in
start)		[ $# -eq 2 ] || usage; start "$2" ;;
stop)		[ $# -eq 2 ] || usage; stop "$2" ;;
createdb)	[ $# -eq 3 ] || usage; createdb "$2" "$3" ;;
down)		[ $# -eq 2 ] || usage; down "$2" ;;
up)		[ $# -eq 2 ] || usage; up "$2" ;;
*)		usage ;;
esac
