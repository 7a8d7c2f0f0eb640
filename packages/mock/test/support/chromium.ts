import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium, never a downloaded one (`./scripts/setup.sh --with-chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

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
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Chromium with a fresh profile; `hostMap` resolves names to loopback addresses (`--host-resolver-rules`), so a page
 * can be served on a name that is not loopback, as a web site the developer visits would be. Anything off the
 * machine is aborted.
 */
export async function launchChromium(hostMap: Record<string, string> = {}): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: run ./scripts/setup.sh --with-chromium (never downloaded).`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'paykit-mock-chromium-'));
  const rules = Object.entries(hostMap).map(([name, address]) => `MAP ${name} ${address}`);
  const args = rules.length > 0 ? [...FLAGS, `--host-resolver-rules=${rules.join(',')}`] : FLAGS;
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args });
    const local = new Set(['127.0.0.1', 'localhost', ...Object.keys(hostMap)]);
    await context.route('**/*', (route) =>
      local.has(new URL(route.request().url()).hostname) ? route.continue() : route.abort('blockedbyclient'),
    );
  } catch (error) {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const opened = context;
  return {
    context: opened,
    async close() {
      try {
        await opened.close();
      } finally {
        await rm(profile, { recursive: true, force: true });
      }
    },
  };
}
