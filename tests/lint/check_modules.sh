#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Keeps each library inside the one module that may use it (STYLE.md), and
# every source file of src/ ending its includes with base/banned.h.
set -u
root=${1:-.}
cd "$root" || exit 1
status=0

only_in() {	# header pattern, allowed directory regex
	hits=$(grep -rlE "#include <$1" src | grep -vE "$2" || true)
	if [ -n "$hits" ]; then
		echo "lint: <$1> may only be included under $2, found in:"
		echo "$hits" | sed 's/^/  /'
		status=1
	fi
}

only_in 'sqlite3\.h>' '^src/store/'
only_in 'libpq-fe\.h>' '^src/store/'
only_in 'sodium' '^src/vault/'
only_in 'liboath/' '^src/vault/'
only_in 'microhttpd\.h>' '^src/http/'
only_in 'unicode/' '^src/(base/text\.c|search/|io/table_read\.c)'
only_in 'libxml/' '^src/(search/graphml\.c|io/table_read\.c)'
only_in 'csv\.h>' '^src/io/table_read\.c'
only_in 'zip\.h>' '^src/io/table_read\.c'
only_in 'xlsxwriter' '^src/io/table_write\.c'

for f in $(find src -name '*.c'); do
	last=$(grep -E '^#include' "$f" | tail -n 1)
	if [ "$last" != '#include "base/banned.h"' ]; then
		echo "lint: $f: the last #include must be \"base/banned.h\""
		status=1
	fi
done
# Embedded data files must be listed in meson.build.
for f in sql/sqlite/*.sql sql/pg/*.sql sops/*.json $(find web -type f | sort); do
	if ! grep -q "'$f'" meson.build; then
		echo "lint: $f is not listed in meson.build: add it"
		status=1
	fi
done

[ $status -eq 0 ] && echo "lint: ok"
exit $status
