import { afterAll, beforeAll, beforeEach, describe, expect, onTestFailed, test } from 'vitest';
import type { Page } from 'playwright-core';
import { assertPrerequisites, launchBrowser, screenshot, startStack, type Browser, type Stack } from './harness.js';

/**
 * Connect's embedded checkout paid in the page, in Debian's Chromium with the network off (the harness sends every
 * request that leaves the machine to a proxy that hangs up): the card form comes from the Connect mock's offline
 * Stripe.js stand-in, and the test cards do what they do on Stripe.
 */

let stack: Stack;
let browser: Browser;
let page: Page;
/** Every URL the page asked for, to prove that nothing left the machine and where Stripe.js came from. */
const requested: string[] = [];

beforeAll(async () => {
  assertPrerequisites();
  stack = await startStack();
  browser = await launchBrowser();
  page = browser.page;
  page.on('request', (request) => requested.push(request.url()));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

beforeEach(() => {
  onTestFailed(async () => {
    try {
      console.error(`Screenshot of the failed step: ${await screenshot(page, 'failure-embedded-checkout')}`);
    } catch (error) {
      console.error(`No screenshot of the failed step: ${String(error)}`);
    }
  });
});

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 100 });
const panel = () => page.getByRole('region', { name: 'Payment session' });
const checkout = () => panel().getByTestId('embedded-checkout');
const sessionCard = () => panel().getByTestId('connect-session');

/** Opens the page, starts an embedded checkout and types a card into the form Stripe.js rendered. */
async function startAndType(number: string): Promise<string> {
  await page.goto(stack.appUrl);
  await panel().getByRole('button', { name: 'Start embedded checkout' }).click();
  const form = checkout().getByTestId('payment-element');
  await form.getByLabel('Card number').fill(number);
  await form.getByLabel('Expiration (MM / YY)').fill('12 / 34');
  await form.getByLabel('CVC').fill('123');
  return (await sessionCard().locator('code').first().textContent()) ?? '';
}

const pay = () => checkout().getByRole('button', { name: 'Pay' }).click();
const statusOnLookup = () => sessionCard().locator('.status').textContent();

describe('the embedded Connect checkout, offline', () => {
  test('renders a card form from the stand-in, and 4242 4242 4242 4242 completes it (COMPLETED on lookup)', async () => {
    const id = await startAndType('4242 4242 4242 4242');
    const scripts = requested.filter((url) => url.endsWith('/stripe.js'));
    expect(scripts).toEqual([`${stack.connectUrl}/__paykit/stripe.js`]);
    await pay();
    await poll(() => checkout().getByTestId('checkout-state').textContent()).toContain('Payment succeeded');
    await poll(statusOnLookup).toBe('COMPLETED');
    expect(await sessionCard().locator('code').first().textContent()).toBe(id);

    await page.reload();
    await panel().getByLabel('Payment session id').fill(id);
    await panel().getByRole('button', { name: 'Look up' }).click();
    await poll(statusOnLookup).toBe('COMPLETED');
  });

  test('the decline card shows an inline error and keeps the session open for another card', async () => {
    await startAndType('4000 0000 0000 0002');
    await pay();
    const state = checkout().getByTestId('checkout-state');
    await poll(() => state.textContent()).toContain('Your card was declined.');
    expect(await state.getAttribute('role')).toBe('alert');
    expect(await state.textContent()).toContain('card_declined / generic_decline');
    await poll(statusOnLookup).toBe('PENDING');

    await checkout().getByLabel('Card number').fill('4242 4242 4242 4242');
    await pay();
    await poll(statusOnLookup).toBe('COMPLETED');
  });

  test('the 3-D Secure card shows a challenge while the session is REQUIRES_ACTION; completing it pays', async () => {
    await startAndType('4000 0025 0000 3155');
    await pay();
    const challenge = checkout().getByRole('dialog', { name: '3-D Secure authentication' });
    await challenge.waitFor();
    await poll(() => checkout().getByTestId('checkout-state').textContent()).toContain('REQUIRES_ACTION');
    await challenge.getByRole('button', { name: 'Complete authentication' }).click();
    await poll(() => checkout().getByTestId('checkout-state').textContent()).toContain('Payment succeeded');
    await poll(statusOnLookup).toBe('COMPLETED');
  });

  test('failing the 3-D Secure challenge fails the payment: an error, and FAILED on lookup', async () => {
    await startAndType('4000 0025 0000 3155');
    await pay();
    await checkout().getByRole('button', { name: 'Fail authentication' }).click();
    const state = checkout().getByTestId('checkout-state');
    await poll(() => state.textContent()).toContain('We are unable to authenticate your payment method.');
    expect(await state.textContent()).toContain('payment_intent_authentication_failure');
    await poll(statusOnLookup).toBe('FAILED');
  });

  test('an incomplete card is refused by the form itself, and nothing is sent', async () => {
    await startAndType('4242 4242');
    await pay();
    await poll(() => checkout().getByRole('alert').first().textContent()).toBe('Your card number is incomplete.');
    await panel().getByRole('button', { name: 'Look up' }).click();
    await poll(statusOnLookup).toBe('PENDING');
  });

  test('nothing left the machine, nothing broke the policy, no client secret reached the console', async () => {
    expect(requested.filter((url) => !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url))).toEqual([]);
    expect(await browser.policyViolations()).toEqual([]);
    expect(browser.consoleLines.join('\n')).not.toMatch(/_secret_(?!••••)/);
  });
});
