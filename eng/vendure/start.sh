#!/usr/bin/env bash
# Starts the pinned Vendure (installed by install.sh) on 127.0.0.1:<port> with a SQLite file, seeded when new.
# Usage: eng/vendure/start.sh [--port 3000] [--db /tmp/vendure.sqlite] [--fresh]
# Prints "VENDURE READY {json}" when its Admin and Shop APIs answer; stops on SIGTERM.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
home="${INTEGRATION_VENDURE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/integration-vendure}"
if [ ! -d "$home/node_modules/@vendure/core" ]; then
  echo "VENDURE FAILED Vendure is not installed in $home: run eng/vendure/install.sh" >&2
  exit 2
fi
exec node "$here/server.js" --home "$home" "$@"
