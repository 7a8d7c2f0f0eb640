#!/usr/bin/env bash
# `pnpm dev [-- <mock flags>]`: the sandboxes and the sample app, wired together. Builds first (turbo: a cache hit when
# nothing changed), then runs the built mock CLI with the flags next to the sample's dev server (turbo, which passes
# it the PAYKIT_*, SAMPLE_* and vendor variables). The flags never reach turbo: see mock.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = "--" ] && shift

. scripts/dev-env.sh
# The sandboxes keep their sessions across restarts of `pnpm dev`, in an ignored folder (`PAYKIT_MOCK_STATE=` runs
# them in memory only; `--state <file>` picks another file).
export PAYKIT_MOCK_STATE="${PAYKIT_MOCK_STATE-node_modules/.cache/paykit-mock/state.json}"

turbo run build bundle --filter=@paykit/sample... --output-logs=errors-only
node packages/mock/dist/cli/main.js "$@" &
mock=$!
turbo run dev --filter=@paykit/sample &
app=$!
# Whichever stops first (Ctrl-C, a bad flag, a crash) stops the other.
trap 'kill "$mock" "$app" 2>/dev/null; wait 2>/dev/null' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
wait -n "$mock" "$app"
