import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM, FOREIGN_NAME } from './chromium-server.js';

export { CHROMIUM, FOREIGN_NAME } from './chromium-server.js';

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** The run's one Chromium (`chromium-server.ts`), connected to once per worker: the files share their modules. */
let connected: Promise<Browser> | undefined;

function sharedBrowser(): Promise<Browser> {
  connected ??= chromium.connect(inject('chromiumEndpoint'));
  return connected;
}

/**
 * A fresh browser context (a profile of its own: no cookies, storage or cache of another file) in the run's
 * Chromium, where `FOREIGN_NAME` resolves to 127.0.0.1. Anything off the machine is aborted.
 */
export async function openChromium(): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: run ./scripts/setup.sh --with-chromium (never downloaded).`);
  }
  const context = await (await sharedBrowser()).newContext();
  try {
    const local = new Set(['127.0.0.1', 'localhost', FOREIGN_NAME]);
    await context.route('**/*', (route) =>
      local.has(new URL(route.request().url()).hostname) ? route.continue() : route.abort('blockedbyclient'),
    );
  } catch (error) {
    await context.close();
    throw error;
  }
  return { context, close: () => context.close() };
}
