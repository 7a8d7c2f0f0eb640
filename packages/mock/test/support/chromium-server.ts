import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the browser files reach the run's one Chromium (`chromium.connect`). */
    chromiumEndpoint: string;
  }
}

/** Debian's Chromium, never a downloaded one (`./scripts/setup.sh --with-chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * A name that is not loopback, which the browser resolves to this machine (`--host-resolver-rules`): a page served
 * on it is a web site the developer visits, and a request to the mock on it carries a foreign Host.
 */
export const FOREIGN_NAME = 'evil.test';

/** The toolchain notes' flags: without the networking ones Chromium keeps trying to reach the internet. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  `--host-resolver-rules=MAP ${FOREIGN_NAME} 127.0.0.1`,
];

/**
 * Vitest `globalSetup`: one Chromium for the run, listening on loopback, in which each browser file opens a context
 * of its own (a launch cost more than most files' pages); closed, its profile removed, when the run ends. A missing
 * executable is reported by the browser files, each failing (never skipping) with what to install.
 */
export default async function setup(project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) return async () => undefined;
  const server = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    host: '127.0.0.1',
  });
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return () => server.close();
}
