#!/usr/bin/env bash
# Runs @paykit/client's tests (vitest) on another Node major: 20, 22 or 24 (a pinned binary from
# scripts/node-bin.sh). The type tests (*.test-d.ts) are the typecheck task's: types are the same on every Node.
# Usage: scripts/test-client-node.sh <20|22|24>
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="$("$repo/scripts/node-bin.sh" "${1:-}")"

echo "client tests on node $("$bin/node" --version)"
cd "$repo/packages/client"
# vitest's own entry, run by the pinned binary (its workers inherit process.execPath).
exec "$bin/node" "$repo/packages/client/node_modules/vitest/vitest.mjs" run
