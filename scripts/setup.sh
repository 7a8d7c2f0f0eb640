#!/usr/bin/env bash
# Sets up paykit on a fresh machine: pnpm at the version pinned in package.json (through corepack), the
# workspace's packages from the lockfile and, with --with-chromium, Debian's Chromium headless shell for the browser
# tests.
set -euo pipefail
cd "$(dirname "$0")/.."

pinned=$(node -p "require('./package.json').packageManager.replace(/^pnpm@/, '')")
if [ "$(pnpm --version 2>/dev/null || true)" != "$pinned" ]; then
  # The registry reachable here serves no corepack signatures: skip that check (toolchain notes).
  export COREPACK_INTEGRITY_KEYS=0 COREPACK_ENABLE_DOWNLOAD_PROMPT=0
  corepack enable pnpm
  corepack prepare "pnpm@$pinned" --activate
fi

if [ "${1:-}" = "--with-chromium" ] && [ ! -x /usr/bin/chromium-headless-shell ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: the browser tests need Debian's Chromium: run 'sudo apt-get install -y chromium-headless-shell'" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null
fi

pnpm install --frozen-lockfile
