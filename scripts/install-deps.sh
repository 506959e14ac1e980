#!/usr/bin/env bash
# Installs Tocsin's build and test dependencies from Debian packages (chromium
# for the dashboard's browser tests; Node.js and npm for bundling the dashboard;
# PostgreSQL's server for the store's tests on that backend).
# Idempotent: packages already present are skipped, so it is safe to re-run.
# Usage: scripts/install-deps.sh [--with-r] [--with-fuzz]
#   --with-r     adds the peers of bench/: R + glmnet, pandas, scikit-learn, XGBoost for Python
#   --with-fuzz  adds clang and its libFuzzer runtime for the fuzz preset (tests/fuzz/README.md)
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libsqlite3-dev sqlite3 libeigen3-dev libcli11-dev libfmt-dev
  nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  libsodium-dev libcpp-httplib-dev libtomlplusplus-dev libxgboost-dev
  libpq-dev postgresql zlib1g-dev libssl-dev libminizip-dev wrk
  chromium
)
# The dashboard is bundled with npm packages at build time; use the machine's
# Node.js when it has one, else Debian's.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi
for option in "$@"; do
  case "$option" in
    --with-r) packages+=(r-base-core r-cran-glmnet time bc python3-pandas python3-sklearn python3-xgboost) ;;
    --with-fuzz) packages+=(clang libclang-rt-14-dev) ;;
    *)
      echo "install-deps: unknown option '$option' (the options are --with-r and --with-fuzz)" >&2
      exit 2
      ;;
  esac
done

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
