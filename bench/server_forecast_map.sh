#!/usr/bin/env bash
# Benchmark of `tocsin serve`: authenticated GET of the forecast map JSON
# (/api/v1/forecasts) with wrk, 64 connections, on loopback.
# Target (issue 5): >= 10,000 requests/s with p99 < 20 ms on 2 cores.
#
# Usage: bench/server_forecast_map.sh [PANEL_CSV]
#   PANEL_CSV defaults to EWP's prepared predictors in ../shared/data/ewp, or the
#   synthetic test panel when that is absent. Needs wrk, curl and python3.
# Environment: TOCSIN (binary, default build/release/tocsin), DURATION (default 20s),
#   CONNECTIONS (64), THREADS (wrk threads, 2), PORT (18181).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tocsin="${TOCSIN:-$root/build/release/tocsin}"
duration="${DURATION:-20s}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
port="${PORT:-18181}"
panel="${1:-}"
if [[ -z "$panel" ]]; then
  panel="$(ls "$root"/../shared/data/ewp/prepared*predictors*.csv 2>/dev/null | head -1 || true)"
  [[ -n "$panel" ]] || panel="$root/tests/data/ewp_synthetic.csv"
fi
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-deps.sh installs wrk)" >&2; exit 2; }
done

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

db="$work/bench.db"
admin_password="bench administrator password"
analyst_password="bench analyst password"
TOCSIN_ADMIN_PASSWORD="$admin_password" "$tocsin" init --db "$db" >/dev/null
"$tocsin" import panel "$panel" --db "$db" >/dev/null
"$tocsin" forecast --db "$db" >/dev/null
printf '%s\n' "$analyst_password" >"$work/password"
"$tocsin" user add analyst --organisation 'Default organisation' --role analyst --clearance restricted \
  --password-file "$work/password" --db "$db" >/dev/null

"$tocsin" serve --db "$db" --port "$port" --access-log "$work/access.log" >"$work/serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

json() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }
login="$(curl -sf -c "$work/cookies" -H 'Content-Type: application/json' \
  -d "{\"name\": \"analyst\", \"password\": \"$analyst_password\"}" "http://127.0.0.1:$port/api/v1/session")"
csrf="$(printf '%s' "$login" | json '["csrf_token"]')"
token="$(curl -sf -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"name": "bench"}' "http://127.0.0.1:$port/api/v1/tokens" | json '["token"]')"
bytes="$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/forecasts" | wc -c)"
countries="$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/forecasts" | json '["countries"].__len__()')"

echo "forecast map: $countries countries, $bytes bytes of JSON, from $(basename "$panel")"
echo "command: wrk -t$threads -c$connections -d$duration --latency -H 'Authorization: Bearer ...' http://127.0.0.1:$port/api/v1/forecasts"
wrk -t"$threads" -c"$connections" -d2s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/forecasts" >/dev/null
# CPU seconds the server used (utime + stime from /proc, in clock ticks), so that
# a run on a busy machine still tells what one request costs.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
ticks_before="$(cpu_ticks)"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/v1/forecasts" | tee "$work/wrk.txt"
ticks_after="$(cpu_ticks)"

requests="$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")"
total="$(awk '/requests in/ {print $1}' "$work/wrk.txt")"
p99="$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")"
microseconds="$(python3 -c "print(round(($ticks_after - $ticks_before) / $(getconf CLK_TCK) / $total * 1e6, 1))")"
echo "result: $requests requests/s, p99 $p99, server CPU $microseconds us per request" \
  "(target >= 10000 requests/s, p99 < 20ms; load average $(cut -d' ' -f1 /proc/loadavg))"
