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
  test('runs, styled and connected to hot reload, with nothing blocked by its policy (the Stripe.js stand-in included)', async () => {
    const { page } = browser;
    const hotReload = page.waitForEvent('websocket');
    const response = await page.goto(stack.appUrl);
    expect(response?.headers()['content-security-policy']).toMatch(
      /script-src 'self' http:\/\/127\.0\.0\.1:\d+ 'nonce-[^']+';/,
    );
    await page.getByRole('heading', { name: 'Billing settings' }).waitFor();
    const panel = page.getByRole('region', { name: 'Card on file' });
    await panel.waitFor();
    expect(await panel.evaluate((el) => getComputedStyle(el).borderStyle)).toBe('solid');
    expect(new URL((await hotReload).url()).host).toBe(new URL(stack.appUrl).host);
    // The embedded checkout's card form, from the Connect mock's Stripe.js stand-in, runs under the dev policy too.
    const payment = page.getByRole('region', { name: 'Payment session' });
    await payment.getByRole('button', { name: 'Start embedded checkout' }).click();
    await payment.getByTestId('payment-element').getByLabel('Card number').waitFor();
    expect(await browser.policyViolations()).toEqual([]);
    expect(browser.consoleLines.join('\n')).not.toContain('Content Security Policy');
  });

  test("serves the billing page at the return URL's path, where the sandbox's redirect origin sends the browser", async () => {
    const { page } = browser;
    // What the 1099Policy card page sends back under `pnpm dev`: the https return URL's path on this app.
    const response = await page.goto(
      `${stack.appUrl}/settings/billing/return?hps_id=hps_NotConfirmed01&status=completed`,
    );
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Billing settings' }).waitFor();
    const notice = page.getByTestId('return-notice');
    await notice.waitFor();
    // The redirect's status is shown for what it is; only the signed webhook (none came for this id) decides.
    expect(await notice.textContent()).toContain("Back from 1099Policy's card page for session hps_NotConfirmed01");
    expect(await notice.textContent()).toContain('Waiting for the signed webhook to confirm it');
    expect(await browser.policyViolations()).toEqual([]);
  });
});
