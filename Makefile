# The two commands of the README:
#   make run    install dependencies, build, load the EWP data, forecast, backtest, write the report
#   make test   install dependencies, run the tests under ASan+UBSan, then the acceptance tests
# and `make bench` for the benchmarks in bench/. DATA=DIR points at the data folder
# (default: $TOCSIN_DATA_DIR, else ../shared/data).

DATA ?= $(or $(TOCSIN_DATA_DIR),../shared/data)
DB ?= tocsin.db
REPORT ?= tocsin-report.html
JOBS ?= 2

.PHONY: run test build deps bench clean format

deps:
	scripts/install-deps.sh

build: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

run: build
	scripts/quickstart.sh --data "$(DATA)" --db "$(DB)" --report "$(REPORT)"

# Unit and scenario tests run under ASan+UBSan; the acceptance tests on the real
# data (whole-model fits, minutes under the sanitizers) run on the release build.
test: deps
	cmake --preset dev
	cmake --build --preset dev -j $(JOBS)
	TOCSIN_DATA_DIR="$(abspath $(DATA))" ctest --preset dev -LE acceptance
	cmake --preset release
	cmake --build --preset release -j $(JOBS)
	TOCSIN_DATA_DIR="$(abspath $(DATA))" ctest --preset release -L acceptance

bench: build
	scripts/install-deps.sh --with-r
	bench/ewp_vs_glmnet --data "$(DATA)"

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf build
