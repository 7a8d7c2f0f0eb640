#!/usr/bin/env bash
# Runs @paykit/client's tests (vitest, type tests included) on another Node major: 20, 22 or 24.
# The binary comes from the npm registry's `node` package at a pinned version, installed once into a cache folder
# outside the repository (PAYKIT_NODE_CACHE, default ~/.cache/paykit-node), so the workspace's own Node is untouched.
# Usage: scripts/test-client-node.sh <20|22|24>
set -euo pipefail

major="${1:-}"
case "$major" in
  20) version=20.20.2 ;;
  22) version=22.23.3 ;;
  24) version=24.21.0 ;;
  *) echo "usage: $0 <20|22|24> (the Node major to run the client's tests on)" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "$0")/.." && pwd)"
cache="${PAYKIT_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/paykit-node}/node-$version"
node_bin="$cache/node_modules/node/bin/node"

if [ ! -x "$node_bin" ]; then
  echo "installing node@$version into $cache"
  mkdir -p "$cache"
  # A folder of its own with a package.json, so npm installs here and not into an enclosing project.
  [ -f "$cache/package.json" ] || echo '{"private":true}' >"$cache/package.json"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node@$version"
fi

actual="$("$node_bin" --version)"
if [ "$actual" != "v$version" ]; then
  echo "expected node v$version at $node_bin, found $actual" >&2
  exit 1
fi

echo "client tests on node $actual"
cd "$repo/packages/client"
# vitest's own entry, run by the pinned binary (its workers inherit process.execPath).
exec "$node_bin" "$repo/packages/client/node_modules/vitest/vitest.mjs" run
