# The two commands of the README:
#   make run    install dependencies, build, load the EWP data and events, forecast, backtest,
#               write the report, raise alerts and serve the dashboard
#   make test   install dependencies, build with ASan+UBSan, run every test
# and `make bench` for the benchmarks in bench/. DATA=DIR points at the data folder
# (default: $TOCSIN_DATA_DIR, else ../shared/data).

DATA ?= $(or $(TOCSIN_DATA_DIR),../shared/data)
DB ?= tocsin.db
REPORT ?= tocsin-report.html
PORT ?= 8080
JOBS ?= 2

.PHONY: run test build deps bench clean format

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
	TOCSIN_DATA_DIR="$(abspath $(DATA))" ctest --preset dev

bench: build
	scripts/install-deps.sh --with-r
	bench/ewp_vs_glmnet --data "$(DATA)"

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf build
