#!/usr/bin/env bash
# The quick start: load the Early Warning Project's panel and the UCDP event
# extracts into the embedded database, forecast, backtest, raise alerts, write the
# report, and serve the dashboard. Called by `make run` after the build; safe to
# re-run (identical files are not imported twice).
# Usage: scripts/quickstart.sh [--data DIR] [--db FILE] [--report FILE] [--port P] [--no-serve]
set -euo pipefail

data="${TOCSIN_DATA_DIR:-../shared/data}"
db="tocsin.db"
report="tocsin-report.html"
port="${TOCSIN_PORT:-8080}"
serve=1
while (($#)); do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --report) report="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --no-serve) serve=0; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
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

# Events and alerts, when the UCDP extracts are there.
events=()
for file in "$data"/events/ucdp_ged_*.csv.gz; do
  [[ -f "$file" ]] && events+=("$file")
done
if ((${#events[@]})); then
  "$tocsin" import events --source ucdp "${events[@]}" --db "$db"
  "$tocsin" monitor --db "$db"
else
  echo "No UCDP extracts in $data/events: the dashboard will show no events or alerts."
fi

# A dashboard user: the administrator manages accounts but reads no analysis.
login="${TOCSIN_DASHBOARD_USER:-analyst}"
if "$tocsin" user list --db "$db" | awk 'NR > 1 {print $1}' | grep -qx "$login"; then
  password_note="the password printed when it was created (reset it: $tocsin user passwd $login --db $db)"
else
  echo
  "$tocsin" user add "$login" --db "$db" --organisation 'Default organisation' \
    --role analyst --role coordinator --role 'case officer' --clearance confidential \
    --display-name 'Dashboard analyst' --reason 'quick start'
  password_note="the password printed just above"
fi

echo
echo "Report: $(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
echo "The database is $db; try: $tocsin forecast --db $db --format csv"
if ((serve)); then
  echo
  echo "Dashboard: http://127.0.0.1:$port/  (log in as '$login' with $password_note)"
  echo "Stop the server with Ctrl-C."
  exec "$tocsin" serve --db "$db" --port "$port" --access-log ''
fi
