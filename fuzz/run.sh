#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs every fuzz target of BUILD (make fuzz) for SECONDS each, one at a
# time, niced: the machine is shared.  Each target starts from its corpus
# in fuzz/corpus/<target>/ and grows a scratch copy in BUILD; with MERGE=1
# what it found that adds coverage is merged back into fuzz/corpus/ (for
# a commit).  Crash reproducers go to fuzz/crashes/<target>/, where the
# replay tests of `make test` find them.  Prints per target its runs,
# coverage and crashes; exits 1 when any target crashed.
#
#   sh fuzz/run.sh BUILD SECONDS MERGE [TARGET...]
set -u
build=$1
seconds=$2
merge=$3
shift 3
targets=${*:-"fuzz_api fuzz_table fuzz_import fuzz_definition fuzz_text"}

# Longest input per target: a request body, a spreadsheet, an import, a
# definition file (the shipped SOPs are under 90 KB), a typed value.
max_len() {
	case $1 in
	fuzz_api) echo 8192 ;;
	fuzz_table) echo 65536 ;;
	fuzz_import) echo 16384 ;;
	fuzz_definition) echo 131072 ;;
	*) echo 1024 ;;
	esac
}

status=0
summary=""
for t in $targets; do
	exe=$build/fuzz/$t
	scratch=$build/fuzz/corpus/$t
	crashes=fuzz/crashes/$t
	log=$build/fuzz/$t.log
	mkdir -p "$scratch" "$crashes"
	before=$(ls "$crashes" | wc -l)
	dict=""
	[ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
	echo "fuzz: $t for ${seconds}s (log: $log)"
	# shellcheck disable=SC2086
	nice -n 10 "$exe" -max_total_time="$seconds" -max_len="$(max_len "$t")" \
	    -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$crashes/" $dict "$scratch" "fuzz/corpus/$t" \
	    >"$log" 2>&1
	rc=$?
	after=$(ls "$crashes" | wc -l)
	found=$((after - before))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 |
	    sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/\1 edges, \2 features, corpus \3/p')
	if [ $rc -ne 0 ] || [ $found -gt 0 ]; then
		status=1
		grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|SUMMARY' \
		    "$log" | head -n 3 | sed 's/^/fuzz:   /'
	fi
	line="$t: ${runs:-?} runs, ${cov:-no coverage line}, $found new crashes (exit $rc)"
	echo "fuzz: $line"
	summary="$summary$line
"
	if [ "$merge" = "1" ]; then
		nice -n 10 "$exe" -merge=1 -max_len="$(max_len "$t")" \
		    -timeout=20 $dict "fuzz/corpus/$t" "$scratch" \
		    >"$build/fuzz/$t.merge.log" 2>&1 &&
		    echo "fuzz: $t: corpus now $(ls "fuzz/corpus/$t" | wc -l) files"
	fi
done
printf '\nfuzz: summary\n%s' "$summary"
[ $status -eq 0 ] || echo "fuzz: crashes are in fuzz/crashes/: fix them; make test replays them"
exit $status
