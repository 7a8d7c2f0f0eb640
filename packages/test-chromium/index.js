import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { inject } from 'vitest';

/**
 * Debian's Chromium headless shell (`./scripts/setup.sh --with-chromium`), the headless-only build of the same
 * Chromium that Playwright itself runs headless tests in: about a third less CPU than the full browser for the same
 * pages. No test ever downloads a browser.
 */
export const CHROMIUM = '/usr/bin/chromium-headless-shell';

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
      `Chromium is missing at ${executablePath}. Install Debian's package ` +
        '(`apt-get install -y chromium-headless-shell`, or `./scripts/setup.sh --with-chromium`); this test never ' +
        'downloads a browser.',
    );
  }
}

// A missing executable is refused before Playwright runs: Playwright leaves its profile and artifacts folders in the
// temp folder then. Playwright is loaded here, not at the top: a run that launches no browser never loads it.
/** @param {{ executablePath?: string, args?: readonly string[] }} [options] */
export async function launchChromiumServer({ executablePath = CHROMIUM, args = [] } = {}) {
  assertChromium(executablePath);
  const { chromium } = await import('playwright-core');
  return chromium.launchServer({
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...args],
    host: '127.0.0.1',
  });
}

// The browser is launched when a file first asks for it, not when the run starts: a run that selects no browser
// file (`vitest run contract`, as the spec's import test runs it) launches none. The files reach the run's process
// through a loopback URL, which answers with the browser's endpoint once it is up (or with why it did not start).
/** @param {{ args?: readonly string[], whenMissing?: 'fail' | 'leave-to-files' }} [options] */
export function chromiumGlobalSetup({ args = [], whenMissing = 'fail' } = {}) {
  /** @param {Pick<import('vitest/node').TestProject, 'provide'>} project */
  return async function setup(project) {
    if (!existsSync(CHROMIUM)) {
      if (whenMissing === 'leave-to-files') return async () => undefined;
      assertChromium();
    }
    /** @type {Promise<import('playwright-core').BrowserServer> | undefined} */
    let launched;
    let port = 0;
    // Any page the developer's own browser visits can reach loopback: the launcher answers only its secret path, under
    // its own Host (a rebound DNS name gets 404), so no page can read the endpoint and drive the test browser.
    const secret = `/${randomUUID()}`;
    const launcher = createServer((request, response) => {
      if (request.url !== secret || request.headers.host !== `127.0.0.1:${port}`) {
        response.statusCode = 404;
        response.end();
        return;
      }
      launched ??= launchChromiumServer({ args });
      launched.then(
        (server) => response.end(server.wsEndpoint()),
        (error) => {
          response.statusCode = 500;
          response.end(error instanceof Error ? error.message : String(error));
        },
      );
    });
    await new Promise((resolve, reject) => {
      launcher.once('error', reject);
      launcher.listen(0, '127.0.0.1', () => resolve(undefined));
    });
    port = /** @type {import('node:net').AddressInfo} */ (launcher.address()).port;
    project.provide('chromiumLauncher', `http://127.0.0.1:${port}${secret}`);
    return async () => {
      launcher.closeAllConnections();
      await new Promise((resolve) => launcher.close(() => resolve(undefined)));
      const server = await launched?.catch(() => undefined);
      await server?.close();
    };
  };
}

// One connection per worker: a test project that shares its modules (isolate: false) shares it across files.
/** @type {Promise<import('playwright-core').Browser> | undefined} */
let connected;

async function connect() {
  const response = await fetch(inject('chromiumLauncher'));
  const answer = await response.text();
  if (!response.ok) throw new Error(`The run's Chromium did not start: ${answer}`);
  const { chromium } = await import('playwright-core');
  return chromium.connect(answer);
}

export function sharedChromium() {
  assertChromium();
  connected ??= connect();
  return connected;
}
