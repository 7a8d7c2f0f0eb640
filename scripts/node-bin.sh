#!/usr/bin/env bash
# Prints the folder of a pinned Node binary of the given major (20, 22 or 24), installing it first if needed.
# The binary comes from the npm registry's `node` package, installed once into a cache folder outside the repository
# (PAYKIT_NODE_CACHE, default ~/.cache/paykit-node), so the machine's own Node is untouched.
# Usage: PATH="$(scripts/node-bin.sh 24):$PATH" pnpm test
set -euo pipefail

major="${1:-}"
case "$major" in
  20) version=20.20.2 ;;
  22) version=22.23.3 ;;
  24) version=24.21.0 ;;
  *) echo "usage: $0 <20|22|24> (the Node major to install)" >&2; exit 2 ;;
esac

cache="${PAYKIT_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/paykit-node}/node-$version"
bin="$cache/node_modules/node/bin"

if [ ! -x "$bin/node" ]; then
  echo "installing node@$version into $cache" >&2
  mkdir -p "$cache"
  # A folder of its own with a package.json, so npm installs here and not into an enclosing project.
  [ -f "$cache/package.json" ] || echo '{"private":true}' >"$cache/package.json"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node@$version" >&2
fi

actual="$("$bin/node" --version)"
if [ "$actual" != "v$version" ]; then
  echo "expected node v$version at $bin/node, found $actual" >&2
  exit 1
fi
echo "$bin"
