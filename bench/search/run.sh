#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Name search: tipsom's index against PostgreSQL pg_trgm (GIN) and SQLite
# FTS5 trigram, on the shared namesearch corpus, in one run.
#
#   bash bench/search/run.sh [N ...]        default: 100000 1000000
#
# The corpus, its generator, the peers' scripts and the scorer are those of
# ../shared/bench/namesearch (its README): they are run from there, not
# copied.  Data goes to DATA_ROOT (/tmp/namesearch).  PEERS=0 skips the
# peers (tipsom only); PASSES and WARMUP are passed to every engine.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NS=$(cd "$ROOT/../shared/bench/namesearch" && pwd)
PY=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1 PYTHONHASHSEED=0
DATA_ROOT=${DATA_ROOT:-/tmp/namesearch}
WARMUP=${WARMUP:-20}
PEERS=${PEERS:-1}
export PGBENCH_DIR=${PGBENCH_DIR:-/tmp/namesearch-pg} PGBENCH_PORT=${PGBENCH_PORT:-55432}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# The release build of the benchmark (the figures mean nothing otherwise).
[ -f "$ROOT/build/release/build.ninja" ] ||
    meson setup "$ROOT/build/release" --buildtype=release >&2
ninja -C "$ROOT/build/release" bench_search >&2
BENCH="$ROOT/build/release/bench/bench_search"

if [ "$PEERS" = 1 ]; then
	need=()
	[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql postgresql-contrib)
	$PY -c 'import psycopg2' 2>/dev/null || need+=(python3-psycopg2)
	if [ ${#need[@]} -gt 0 ]; then
		log "installing: ${need[*]}"
		SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
		$SUDO apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
	fi
	cleanup() { "$NS/pg_cluster.sh" stop >&2 || true; }
	trap cleanup EXIT INT TERM
	"$NS/pg_cluster.sh" start >&2
fi

for N in "${SIZES[@]}"; do
	D="$DATA_ROOT/N$N"
	PASSES=${PASSES:-$([ "$N" -gt 100000 ] && echo 1 || echo 3)}
	if [ ! -s "$D/queries.tsv" ]; then
		log "generating N=$N into $D"
		mkdir -p "$D"
		$PY "$NS/gen_corpus.py" "$N" "$D" --seed 20240601 >/dev/null
	fi
	rm -rf "$D/results"
	mkdir -p "$D/results"
	log "tipsom on $D"
	"$BENCH" "$D" --passes "$PASSES" --warmup "$WARMUP" >&2
	# The same index built as a server of an encrypted store builds it,
	# from sealed name keys: scored as the engine tipsom-sealed.
	log "tipsom (sealed keys) on $D"
	"$BENCH" "$D" --passes "$PASSES" --warmup "$WARMUP" --sealed >&2
	if [ "$PEERS" = 1 ]; then
		log "pg_trgm GIN on $D"
		$PY "$NS/bench_pg.py" "$D" "$PGBENCH_PORT" --passes "$PASSES" \
		    --warmup "$WARMUP" --variants gin >&2
		log "SQLite FTS5 trigram on $D"
		$PY "$NS/bench_sqlite.py" "$D" --passes "$PASSES" \
		    --warmup "$WARMUP" >&2
		rm -f "$D/fts5.db"
	fi
	$PY "$NS/evaluate.py" "$D"
	unset PASSES
done
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
