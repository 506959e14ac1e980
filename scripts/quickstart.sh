#!/usr/bin/env bash
# The quick start: load the Early Warning Project's panel into the embedded
# database, forecast, backtest and write the report. Called by `make run` after
# the build; safe to re-run (an identical panel is not imported twice).
# Usage: scripts/quickstart.sh [--data DIR] [--db FILE] [--report FILE]
set -euo pipefail

data="${TOCSIN_DATA_DIR:-../shared/data}"
db="tocsin.db"
report="tocsin-report.html"
while (($#)); do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --report) report="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "quickstart: unknown argument $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
tocsin="$root/build/release/tocsin"
panel="$data/ewp/prepared2024predictors-2025-09-03.csv"

if [[ ! -f "$panel" ]]; then
  cat >&2 <<MESSAGE
The Early Warning Project's model input was not found at:
  $panel

Download it from the Early Warning Project's public replication repository,
  https://github.com/EarlyWarningProject/2025-Statistical-Risk-Assessment
  file 3.Modeling/prepared2024predictors-2025-09-03.csv
and put it at $data/ewp/prepared2024predictors-2025-09-03.csv
(or run with DATA=/path/to/data, or set TOCSIN_DATA_DIR, pointing at the folder that holds ewp/).
MESSAGE
  exit 1
fi

"$tocsin" init --db "$db"
"$tocsin" import panel "$panel" --db "$db"
"$tocsin" forecast --db "$db" --top 20
"$tocsin" backtest --db "$db"
"$tocsin" report --db "$db" --out "$report"
echo
echo "Done. Open $(cd "$(dirname "$report")" && pwd)/$(basename "$report") in a browser."
echo "The database is $db; try: $tocsin forecast --db $db --format csv"
