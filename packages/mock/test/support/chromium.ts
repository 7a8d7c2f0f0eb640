import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

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

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * One Chromium for every browser test file a worker runs (the files share their modules: `isolate: false`).
 * Launching it cost more than the pages most files open; each file gets a context of its own, which shares no
 * cookies, storage or cache with another. Playwright closes the browser, and removes its temporary profile, when the
 * worker exits.
 */
let shared: Promise<Browser> | undefined;

function sharedBrowser(): Promise<Browser> {
  shared ??= chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS }).catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/**
 * A fresh browser context (a profile of its own) in the shared Chromium, where `FOREIGN_NAME` resolves to
 * 127.0.0.1. Anything off the machine is aborted.
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
