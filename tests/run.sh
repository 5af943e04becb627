#!/usr/bin/env bash
# Runs every test: starts a throw-away PostgreSQL (and Redis, when installed) on loopback,
# builds once, runs the whole suite, and prints one plain last line "N passed, N failed".
# Needs: .NET SDK, postgresql (apt-get install -y postgresql); redis-server is optional.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
configuration=${CONFIGURATION:-Release}
work=$(mktemp -d /tmp/integration-tests.XXXXXX)
results="$work/results"
pg_pid_dir="$work/pg"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  if [ -f "$pg_pid_dir/data/postmaster.pid" ]; then as_postgres "$pgbin/pg_ctl" -D "$pg_pid_dir/data" -m immediate stop >/dev/null 2>&1; fi
  if [ -n "${redis_pid:-}" ]; then kill "$redis_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

# PostgreSQL: a private cluster in a temp folder, trust auth on loopback only, fsync off (tests, not durability).
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ]; then
  echo "PostgreSQL server binaries not found: apt-get install -y postgresql" >&2
  exit 1
fi
pg_port=$(free_port)
mkdir -p "$pg_pid_dir"
[ "$(id -u)" = 0 ] && chown postgres "$work" "$pg_pid_dir"
chmod 755 "$work"
as_postgres "$pgbin/initdb" -D "$pg_pid_dir/data" -U postgres --auth=trust -E UTF8 >/dev/null || exit 1
as_postgres "$pgbin/pg_ctl" -D "$pg_pid_dir/data" -l "$pg_pid_dir/log" -w \
  -o "-p $pg_port -k $pg_pid_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null || { cat "$pg_pid_dir/log"; exit 1; }
export INTEGRATION_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
echo "PostgreSQL on 127.0.0.1:$pg_port"

# Redis, when the machine has it: tests that need a real Redis read INTEGRATION_TEST_REDIS.
if command -v redis-server >/dev/null; then
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >/dev/null &
  redis_pid=$!
  export INTEGRATION_TEST_REDIS="127.0.0.1:$redis_port"
  echo "Redis on $INTEGRATION_TEST_REDIS"
fi

dotnet build Integration.sln -c "$configuration" -nologo -v q -warnaserror || exit 1

dotnet test Integration.sln -c "$configuration" --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$status"
