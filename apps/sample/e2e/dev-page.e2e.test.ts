import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertPrerequisites, launchBrowser, type Browser, type Stack, startStack } from './harness.js';

/**
 * `pnpm dev`'s page (Vite as middleware, hot reload) under its policy: the production policy plus the dev server's
 * nonce and its HMR WebSocket. Proves that relaxation is enough for the page, and that nothing else is needed.
 */

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  assertPrerequisites();
  stack = await startStack({}, 'dev');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the dev page in a real browser', () => {
  test('runs, styled and connected to hot reload, with nothing blocked by its policy', async () => {
    const { page } = browser;
    const hotReload = page.waitForEvent('websocket');
    const response = await page.goto(stack.appUrl);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+';/);
    await page.getByRole('heading', { name: 'Billing settings' }).waitFor();
    const panel = page.getByRole('region', { name: 'Card on file' });
    await panel.waitFor();
    expect(await panel.evaluate((el) => getComputedStyle(el).borderStyle)).toBe('solid');
    expect(new URL((await hotReload).url()).host).toBe(new URL(stack.appUrl).host);
    expect(await browser.policyViolations()).toEqual([]);
    expect(browser.consoleLines.join('\n')).not.toContain('Content Security Policy');
  });
});
