import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock } from '@paykit/mock';
import { assertChromium, CHROMIUM, sharedChromium } from '@paykit/test-chromium';
import type { BrowserContext, Page } from 'playwright-core';
import { defaults, loadConfig, type SampleConfig } from '../src/server/config.js';
import { startServer } from '../src/server/server.js';
import { freePort } from '../test/helpers.js';

export { CHROMIUM } from '@paykit/test-chromium';

const appRoot = fileURLToPath(new URL('../', import.meta.url));
export const staticRoot = join(appRoot, 'dist/web');
export const resultsDir = join(appRoot, 'test-results');

/** Fails (never skips) with what to do when a prerequisite of the browser test is missing. */
export function assertPrerequisites(chromium = CHROMIUM, built = staticRoot): void {
  assertChromium(chromium);
  if (!existsSync(join(built, 'index.html'))) {
    throw new Error(`The built page is missing at ${built}. Run \`pnpm turbo run build --filter @paykit/sample\`.`);
  }
}

export interface Stack {
  appUrl: string;
  connectUrl: string;
  ten99policyUrl: string;
  config: SampleConfig;
  stop(): Promise<void>;
}

/**
 * Both sandboxes and the production server (or the dev server, Vite as middleware), each on a free loopback port,
 * wired as `pnpm dev` wires them: the 1099Policy sandbox signs its webhooks with the app's secret and posts them to
 * the app's endpoint, and both sandboxes' hosted pages send the browser back to the app (the redirect origin), the
 * https return URL's path and query kept.
 */
export async function startStack(
  env: Record<string, string> = {},
  mode: 'production' | 'dev' = 'production',
): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'paykit-sample-data-'));
  // The sandbox needs the app's URL before the app needs the sandbox's: the app's port is chosen first.
  const appPort = await freePort();
  const webhookSecret = defaults.TEN99POLICY_WEBHOOK_SECRET;
  const redirectOrigin = `http://127.0.0.1:${appPort}`;
  const [connect, ten99policy] = await Promise.all([
    startMock({ api: 'connect', sandbox: { redirectOrigin } }),
    startMock({
      api: 'ten99policy',
      sandbox: {
        webhooks: { urls: [`${redirectOrigin}/webhooks/1099policy`], secret: webhookSecret, backoffMs: 200 },
        redirectOrigin,
      },
    }),
  ]);
  try {
    const config = loadConfig({
      SAMPLE_PORT: String(appPort),
      SAMPLE_DATA_DIR: dataDir,
      TEN99POLICY_WEBHOOK_SECRET: webhookSecret,
      CONNECT_BASE_URL: connect.url,
      TEN99POLICY_BASE_URL: ten99policy.url,
      ...env,
    });
    // Vite only for the dev page: importing it costs the files that test the production build a second or more.
    const web =
      mode === 'dev' ? { mountWeb: (await import('../src/server/vite-middleware.js')).mountVite } : { staticRoot };
    const app = await startServer(config, web);
    return {
      appUrl: app.url,
      connectUrl: connect.url,
      ten99policyUrl: ten99policy.url,
      config,
      stop: async () => {
        await app.close();
        await Promise.all([connect.stop(), ten99policy.stop()]);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all([connect.stop(), ten99policy.stop()]);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

let proxy: Promise<string> | undefined;

/** A loopback proxy that closes every connection at once (one per worker, unref'd: it never holds a run open). */
function refusingProxy(): Promise<string> {
  proxy ??= new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy()).unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
  return proxy;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Everything the page wrote to the browser console, to prove no secret lands there. */
  consoleLines: string[];
  /** Every Content-Security-Policy violation the browser reported, as "<directive> <blocked URI>". */
  policyViolations(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * A fresh browser context (a profile of its own: no cookies, storage or cache of another file) and its page, in
 * Debian's Chromium. Closing it closes the context; the context is closed too when the set-up after it fails.
 */
export async function launchBrowser(): Promise<Browser> {
  // Loopback only: the app and the sandboxes, whose hosted pages are local and send the browser back to the app
  // (the redirect origin). Every other request goes to a proxy that hangs up: a redirect to the https return URL's
  // own host fails there. Chromium routes it so by itself; a route handler saw every request of the page in this
  // process, the app's one-second polls included.
  const context = await (await sharedChromium()).newContext({
    viewport: { width: 1280, height: 1000 },
    proxy: { server: await refusingProxy(), bypass: '127.0.0.1,localhost' },
  });
  let ready = false;
  try {
    // Each page records the violations its policy blocked, in the page itself, where the test reads them back.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __policyViolations: string[] }).__policyViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const consoleLines: string[] = [];
    context.on('console', (message) => consoleLines.push(message.text()));
    const browser: Browser = {
      context,
      page,
      consoleLines,
      policyViolations: () =>
        page.evaluate(() => [...(window as unknown as { __policyViolations: string[] }).__policyViolations]),
      close: () => context.close(),
    };
    ready = true;
    return browser;
  } finally {
    if (!ready) await context.close();
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
