import { sharedChromium } from '@paykit/test-chromium';
import type { BrowserContext } from 'playwright-core';
import { FOREIGN_NAME } from './chromium-server.js';

export { FOREIGN_NAME } from './chromium-server.js';

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A fresh browser context (a profile of its own: no cookies, storage or cache of another file) in the run's
 * Chromium, where `FOREIGN_NAME` resolves to 127.0.0.1. Anything off the machine is aborted.
 */
export async function openChromium(): Promise<Chromium> {
  const context = await (await sharedChromium()).newContext();
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
