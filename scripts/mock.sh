#!/usr/bin/env bash
# `pnpm mock [-- <flags>]`: builds what the sandboxes serve (turbo: a cache hit when nothing changed), then starts the
# built CLI with the flags. The flags reach the CLI only: handed to `turbo run`, they would enter the hash of every
# upstream task, rebuilding the workspace (and deleting the client's dist/ under a running `pnpm dev`).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = "--" ] && shift
turbo run build bundle --filter=@paykit/mock... --output-logs=errors-only
exec node packages/mock/dist/cli/main.js "$@"
