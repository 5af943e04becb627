#!/usr/bin/env bash
# Installs the pinned Vendure (eng/vendure/package.json + package-lock.json: @vendure/core 3.7.3, better-sqlite3
# 12.11.1 for Node 20) into a cache folder outside the source tree, so node_modules never lands in the clone.
# Idempotent: skipped when the cache already holds an install of this exact lock file. Prints the folder.
# Usage: eng/vendure/install.sh            (folder: $INTEGRATION_VENDURE_HOME or ${XDG_CACHE_HOME:-~/.cache}/integration-vendure)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
home="${INTEGRATION_VENDURE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/integration-vendure}"
stamp="$home/.installed-lock.sha256"
want="$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$home/node_modules/@vendure/core" ]; then
  echo "$home"
  exit 0
fi

command -v node >/dev/null || { echo "vendure install: node (20.x) is not on PATH" >&2; exit 1; }
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || { echo "vendure install: node $major found, Vendure 3.7 needs >= 20" >&2; exit 1; }

mkdir -p "$home"
rm -f "$stamp"
cp "$here/package.json" "$here/package-lock.json" "$home/"
start=$(date +%s)
# npm ci: exactly the lock file; engine warnings from transitive packages (some ask for Node 22) are noise here.
(cd "$home" && npm ci --no-audit --no-fund --loglevel=error >&2)
# better-sqlite3's native module is what fails first on a mismatched Node: prove it loads before stamping.
(cd "$home" && node -e 'new (require("better-sqlite3"))(":memory:").prepare("select 1").get()') \
  || { echo "vendure install: better-sqlite3 does not load under $(node --version)" >&2; exit 1; }
echo "$want" > "$stamp"
echo "vendure install: $(du -sh "$home/node_modules" | cut -f1) in $(( $(date +%s) - start )) s" >&2
echo "$home"
