#!/usr/bin/env bash
# Runs a command with a private PostgreSQL server for the tests, and stops the
# server when the command ends. The server keeps its data in a new temporary
# directory and listens only on a Unix socket there (no TCP port, nothing shared
# with a system server); the command finds it in TOCSIN_TEST_POSTGRES.
#
# Usage: scripts/with-postgres.sh COMMAND [ARG...]
#   e.g. scripts/with-postgres.sh ctest --preset dev -L postgres   (the PostgreSQL runs only)
#
# Without PostgreSQL's server programs (Debian package postgresql, which
# scripts/install-deps.sh installs) the command runs without a server and the
# PostgreSQL test cases say that they were skipped and why.
# As root, the server runs as the postgres user (PostgreSQL refuses root).
set -euo pipefail

if (($# == 0)); then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi

bin=""
for candidate in /usr/lib/postgresql/*/bin; do
  [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]] && bin="$candidate"
done
if [[ -z "$bin" ]]; then
  echo "with-postgres: PostgreSQL's server programs are not installed (scripts/install-deps.sh installs them);" \
    "running without a server" >&2
  exec "$@"
fi

as_owner=()
owner="$(id -un)"
if [[ $(id -u) -eq 0 ]]; then
  owner=postgres
  as_owner=(runuser -u postgres --)
fi
directory="$(mktemp -d "${TMPDIR:-/tmp}/tocsin-postgres.XXXXXX")"
chmod 755 "$directory"
if [[ $(id -u) -eq 0 ]]; then chown postgres "$directory"; fi
data="$directory/data"
log="$directory/server.log"

stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$directory"
}
trap stop EXIT

if ! "${as_owner[@]}" "$bin/initdb" -D "$data" -U "$owner" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
  >"$directory/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  cat "$directory/initdb.log" >&2
  exit 1
fi
# Fsync stays on: the tests check the backend as it is deployed.
if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
  -o "-c listen_addresses='' -c unix_socket_directories='$directory' -c max_connections=200" start >/dev/null; then
  echo "with-postgres: the server did not start:" >&2
  cat "$log" >&2
  exit 1
fi
"${as_owner[@]}" "$bin/createdb" -h "$directory" -U "$owner" tocsin_test

export TOCSIN_TEST_POSTGRES="postgresql:///tocsin_test?host=$directory&user=$owner"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests at $directory" >&2
set +e
"$@"
status=$?
set -e
exit $status
