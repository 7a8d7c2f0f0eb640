import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { inject } from 'vitest';

/** Debian's Chromium (`./scripts/setup.sh --with-chromium`): no test ever downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** From the toolchain notes: without the networking flags, Chromium keeps trying to reach the internet. */
export const CHROMIUM_FLAGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

export function assertChromium(executablePath = CHROMIUM) {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is missing at ${executablePath}. Install Debian's package (\`apt-get install -y chromium\`, or ` +
        '`./scripts/setup.sh --with-chromium`); this test never downloads a browser.',
    );
  }
}

// A missing executable is refused before Playwright runs: Playwright leaves its profile and artifacts folders in the
// temp folder then.
export async function launchChromiumServer({ executablePath = CHROMIUM, args = [] } = {}) {
  assertChromium(executablePath);
  return chromium.launchServer({
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...args],
    host: '127.0.0.1',
  });
}

export function chromiumGlobalSetup({ args = [], whenMissing = 'fail' } = {}) {
  return async function setup(project) {
    if (whenMissing === 'leave-to-files' && !existsSync(CHROMIUM)) return async () => undefined;
    const server = await launchChromiumServer({ args });
    project.provide('chromiumEndpoint', server.wsEndpoint());
    return () => server.close();
  };
}

// One connection per worker: a test project that shares its modules (isolate: false) shares it across files.
let connected;

export function sharedChromium() {
  assertChromium();
  connected ??= chromium.connect(inject('chromiumEndpoint'));
  return connected;
}
