import { existsSync } from 'node:fs';
import { type BrowserServer, chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the browser files reach the run's one Chromium (`chromium.connect`). */
    chromiumEndpoint: string;
  }
}

export const CHROMIUM = '/usr/bin/chromium';

/** Flags from the toolchain notes: without the networking ones Chromium keeps trying to reach the internet. */
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Fails (never skips) with what to install when Debian's Chromium is missing. */
export function assertChromium(executablePath = CHROMIUM): void {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is missing at ${executablePath}. Install Debian's package (\`apt-get install -y chromium\`, or ` +
        '`./scripts/setup.sh --with-chromium`); this test never downloads a browser.',
    );
  }
}

/**
 * Debian's Chromium, listening on loopback for the browser files to connect. A missing executable is refused before
 * Playwright runs: Playwright leaves its profile and artifacts folders in the temp folder then.
 */
export async function launchChromiumServer(executablePath = CHROMIUM): Promise<BrowserServer> {
  assertChromium(executablePath);
  return chromium.launchServer({ executablePath, headless: true, args: chromiumFlags, host: '127.0.0.1' });
}

/**
 * Vitest `globalSetup` of the e2e project: one Chromium for the run (a launch cost more than most files' pages), in
 * which each file opens a context of its own; closed, its profile removed, when the run ends.
 */
export default async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const server = await launchChromiumServer();
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return () => server.close();
}
