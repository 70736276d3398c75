# SPDX-License-Identifier: Apache-2.0
# The two commands of the README, and a few more for developers.
#   make run    build, then a fresh demo store with fictional data
#   make test   build with ASan/UBSan and run every test, the suites
#               that touch a store once on SQLite, once on PostgreSQL
#   make bench  build for speed and run the benchmarks
#   make fuzz   run each libFuzzer target (fuzz/) for FUZZ_SECONDS;
#               FUZZ_MERGE=1 keeps what they found in fuzz/corpus/

RELEASE  := build/release
TESTING  := build/test
FUZZING  := build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_MERGE   ?= 0
FUZZ_TARGETS ?= fuzz_api fuzz_table fuzz_import fuzz_definition fuzz_text
DEMO_DB  := demo/tipsom-demo.db

# Sanitizer findings fail the test that caused them.
export ASAN_OPTIONS  := detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS := halt_on_error=1:print_stacktrace=1

.PHONY: all deps test-deps build run test bench fuzz clean

all: build

deps:
	@sh tools/install-deps.sh

test-deps:
	@sh tools/install-deps.sh --test

build: deps
	@test -f $(RELEASE)/build.ninja || \
	    meson setup $(RELEASE) --buildtype=release
	ninja -C $(RELEASE) tipsom

run: build
	@sh tools/run-demo.sh $(RELEASE)/tipsom $(DEMO_DB)

# The release build too: -O3 finds uninitialised paths that -O0 does not,
# and `make run` must keep building.
test: test-deps build
	@test -f $(TESTING)/build.ninja || \
	    meson setup $(TESTING) --buildtype=debug \
	    -Db_sanitize=address,undefined -Db_lundef=false \
	    -Dc_args=-fno-sanitize-recover=all
	ninja -C $(TESTING)
	meson test -C $(TESTING) --print-errorlogs --num-processes 2
	sh tools/test-pg.sh $(TESTING)

bench: build
	ninja -C $(RELEASE) bench_core bench_import
	$(RELEASE)/bench/bench_core
	$(RELEASE)/bench/bench_import
	bash bench/api/run.sh

# Debian's clang with libFuzzer, ASan and UBSan, in a build of its own.
fuzz:
	@sh tools/install-deps.sh --fuzz
	@test -f $(FUZZING)/build.ninja || CC=clang \
	    meson setup $(FUZZING) --buildtype=debugoptimized -Dfuzzers=true \
	    -Db_sanitize=address,undefined -Db_lundef=false
	ninja -C $(FUZZING) -j2 $(addprefix fuzz/,$(FUZZ_TARGETS))
	@sh fuzz/run.sh $(FUZZING) $(FUZZ_SECONDS) $(FUZZ_MERGE) $(FUZZ_TARGETS)

clean:
	rm -rf build demo
