# The two commands of the README:
#   make run    install dependencies, build, load the EWP data and events, forecast, backtest,
#               write the report, raise alerts and serve the dashboard
#   make test   install dependencies, build with ASan+UBSan, run every test
# and `make bench` for the benchmarks in bench/, `make fuzz` to fuzz the parsers and API for
# FUZZ_SECONDS each (tests/fuzz/README.md), `make tidy` for clang-tidy on the changed files.
# DATA=DIR points at the data folder (default: $TOCSIN_DATA_DIR, else ../shared/data).

DATA ?= $(or $(TOCSIN_DATA_DIR),../shared/data)
DB ?= tocsin.db
REPORT ?= tocsin-report.html
PORT ?= 8080
JOBS ?= 2
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = record_reader csv_reader event_reader json_event config dates panel zip_archive api_request

.PHONY: run test build deps bench fuzz clean format tidy

deps:
	scripts/install-deps.sh

build: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

run: build
	scripts/quickstart.sh --data "$(DATA)" --db "$(DB)" --report "$(REPORT)" --port "$(PORT)"

# Every test, the real-data acceptance tests included, runs under ASan+UBSan.
test: deps
	cmake --preset dev
	cmake --build --preset dev -j $(JOBS)
	TOCSIN_DATA_DIR="$(abspath $(DATA))" scripts/with-postgres.sh ctest --preset dev

bench: build
	scripts/install-deps.sh --with-r
	bench/ewp_vs_glmnet --data "$(DATA)"

# Each target runs on a copy of its saved corpus in build/fuzz/corpus; a failure
# stops with the input that broke it in build/fuzz/crash-*.
fuzz:
	scripts/install-deps.sh --with-fuzz
	cmake --preset fuzz
	cmake --build --preset fuzz -j $(JOBS)
	set -e; for target in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$target; cp -n tests/fuzz/corpus/$$target/* build/fuzz/corpus/$$target/; \
	  echo "fuzz: $$target for $(FUZZ_SECONDS) s"; \
	  (cd build/fuzz && TMPDIR=$${TMPDIR:-/dev/shm} tests/fuzz/tocsin_fuzz_$$target -max_total_time=$(FUZZ_SECONDS) \
	    -print_final_stats=1 corpus/$$target > fuzz-$$target.log 2>&1) \
	    || { tail -n 40 build/fuzz/fuzz-$$target.log; echo "fuzz: $$target failed; the input is build/fuzz/crash-*"; exit 1; }; \
	  tail -n 5 build/fuzz/fuzz-$$target.log; \
	done

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

# clang-tidy (.clang-tidy: the names of the code style, and mistakes that compile) on the
# files changed since BASE (default origin/main, else HEAD~1); TIDY_ALL=1 for every file.
tidy:
	scripts/tidy.sh $(if $(TIDY_ALL),--all,$(if $(BASE),--base $(BASE)))

clean:
	rm -rf build
