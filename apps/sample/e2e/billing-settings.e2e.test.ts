import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Page } from 'playwright-core';
import { signWebhook } from '@paykit/client/ten99policy';
import { assertPrerequisites, launchBrowser, screenshot, startStack, type Browser, type Stack } from './harness.js';

/**
 * The billing-settings page in Debian's Chromium, against the production build of the sample server and both
 * Prism mocks, all on free loopback ports. Every assertion is about what a user sees.
 */

let stack: Stack;
let browser: Browser;
let page: Page;
/** Single-use links the page showed; none may ever reach the browser console. */
const shownLinks: string[] = [];

beforeAll(async () => {
  assertPrerequisites();
  stack = await startStack({ VENDOR_TIMEOUT_MS: '2000', VENDOR_MAX_RETRIES: '1' });
  browser = await launchBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A failing step leaves a full-page screenshot in test-results/ named after it. */
function screenshotOnFailure(name: string): void {
  onTestFailed(async () => {
    try {
      console.error(`Screenshot of the failed step: ${await screenshot(page, `failure-${name}`)}`);
    } catch (error) {
      // The step's own failure is the one to report; a page too broken to photograph only adds a note.
      console.error(`No screenshot of the failed step: ${String(error)}`);
    }
  });
}

/** Waits (up to 10 s) for what the user sees to match, then reports the last value seen if it never did. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 100 });

async function openPage(): Promise<void> {
  await page.goto(stack.appUrl);
  await page.getByRole('heading', { name: 'Billing settings' }).waitFor();
}

const cardPanel = () => page.getByRole('region', { name: 'Card on file' });
const lookupPanel = () => page.getByRole('region', { name: 'Payment session' });
const profilePanel = () => page.getByRole('region', { name: 'Saved payment method' });
const webhookPanel = () => page.getByRole('region', { name: 'Webhook events' });

/** Adds a card in the 1099Policy panel and waits for its pending session: the first step of every card flow. */
async function addCard(panel: ReturnType<typeof cardPanel>) {
  await panel.getByRole('button', { name: 'Add a card' }).click();
  const session = panel.getByTestId('ten99-session');
  await poll(() => session.locator('.status').textContent()).toBe('pending');
  return { session, sessionId: (await session.locator('code').first().textContent()) ?? '' };
}

describe('billing settings in a real browser', () => {
  test('the built page runs under the strict Content-Security-Policy, with nothing blocked', async () => {
    screenshotOnFailure('content-security-policy');
    const response = await page.goto(stack.appUrl);
    expect(response?.headers()['content-security-policy']).toMatch(
      /^default-src 'none'; script-src 'self' http:\/\/127\.0\.0\.1:\d+; style-src 'self';/,
    );
    await page.getByRole('heading', { name: 'Billing settings' }).waitFor();
    // Styled by its stylesheet (blocked, the panels would have no border) and driven by its script.
    await cardPanel().waitFor();
    expect(await cardPanel().evaluate((el) => getComputedStyle(el).borderStyle)).toBe('solid');
    await lookupPanel().getByRole('button', { name: 'Start embedded checkout' }).click();
    await lookupPanel().getByTestId('connect-session').waitFor();
    expect(await browser.policyViolations()).toEqual([]);
    expect(browser.consoleLines.join('\n')).not.toContain('Content Security Policy');
  });

  test('1099Policy: add a card, save it on the hosted page, come back, and the signed webhook marks it completed', async () => {
    screenshotOnFailure('card-complete');
    await openPage();
    const panel = cardPanel();
    const { session, sessionId } = await addCard(panel);
    expect(sessionId).toMatch(/^hps_/);

    const link = panel.getByRole('link', { name: 'Open the card page' });
    const href = (await link.getAttribute('href')) ?? '';
    expect(new URL(href).origin).toBe(new URL(stack.ten99policyUrl).origin);
    shownLinks.push(href);

    // The sandbox's hosted page opens in a new tab; saving the card sends the browser back to the return URL's path
    // and query on this app (the sandbox's redirect origin, as `pnpm dev` sets it), hps_id and status added.
    const [hosted] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await hosted.getByRole('button', { name: 'Save card' }).click();
    await hosted.waitForURL((url) => url.searchParams.get('hps_id') === sessionId);
    const returned = new URL(hosted.url());
    const returnUrl = new URL(await panel.getByLabel('Return URL').inputValue());
    expect(returnUrl.protocol).toBe('https:');
    expect(returned.origin).toBe(new URL(stack.appUrl).origin);
    expect(returned.pathname).toBe(returnUrl.pathname);
    expect(returned.searchParams.get('status')).toBe('completed');
    await hosted.getByRole('heading', { name: 'Billing settings' }).waitFor();
    const back = hosted.getByTestId('return-notice');
    await poll(() => back.textContent()).toContain(`Back from 1099Policy's card page for session ${sessionId}`);
    await poll(() => back.textContent()).toContain('The signed webhook confirms: completed.');
    await hosted.close();

    // The tab that started it learns the outcome from the signed webhook, not from the redirect.
    await poll(() => session.locator('.status').textContent()).toBe('completed');
    expect(await session.textContent()).toContain('(signed webhook)');
    expect(await panel.getByRole('link', { name: 'Open the card page' }).count()).toBe(0);
    const rows = webhookPanel().locator('tbody tr', { hasText: sessionId });
    await poll(() => rows.first().textContent()).toContain('payment.session.completed');
    // The README's picture of the loop (apps/sample/docs/real-flow.png is a copy of this file).
    await screenshot(page, 'real-flow');
  });

  test('1099Policy: cancel a pending session; its webhook follows; a second cancel is explained in plain words', async () => {
    screenshotOnFailure('card-cancel');
    await openPage();
    const panel = cardPanel();
    const { session, sessionId } = await addCard(panel);

    await panel.getByRole('button', { name: 'Cancel session' }).click();
    await poll(() => session.locator('.status').textContent()).toBe('cancelled');
    expect(await panel.textContent()).toContain('The single-use link is no longer shown.');
    await poll(() => webhookPanel().locator('tbody tr', { hasText: sessionId }).first().textContent()).toContain(
      'payment.session.cancelled',
    );
    await poll(() => session.textContent()).toContain('(signed webhook)');

    await panel.getByRole('button', { name: 'Cancel session' }).click();
    const alert = panel.getByRole('alert');
    await poll(() => alert.textContent()).toContain('This session is no longer pending');
    expect(await alert.textContent()).toContain('session_not_pending');
  });

  test("1099Policy: a session left alone expires on the sandbox's clock, and its webhook says so", async () => {
    screenshotOnFailure('card-expire');
    await openPage();
    const panel = cardPanel();
    const { session, sessionId } = await addCard(panel);

    await panel.getByRole('button', { name: 'Let it expire (mock clock +31 min)' }).click();
    await poll(() => panel.getByRole('status').first().textContent()).toContain(
      "The mock's clock moved 31 minutes ahead",
    );
    await poll(() => session.locator('.status').textContent()).toBe('expired');
    await poll(() => webhookPanel().locator('tbody tr', { hasText: sessionId }).first().textContent()).toContain(
      'payment.session.expired',
    );
  });

  test('dev panel: a forced vendor error reaches the page in plain words, then the sandbox answers again', async () => {
    screenshotOnFailure('forced-error');
    await openPage();
    const panel = cardPanel();
    await panel.getByRole('button', { name: 'Add a card' }).click();
    await poll(() => panel.getByTestId('ten99-session').locator('.status').textContent()).toBe('pending');

    const forced = page.getByLabel('Force a vendor error');
    await forced.selectOption('ten99policy.cancelPaymentSession:400/sessionExpired');
    await panel.getByRole('button', { name: 'Cancel session' }).click();
    const alert = panel.getByRole('alert');
    await poll(() => alert.textContent()).toContain('This session has expired');
    expect(await alert.textContent()).toContain('session_expired');

    await forced.selectOption('');
    await panel.getByRole('button', { name: 'Cancel session' }).click();
    await poll(() => panel.getByTestId('ten99-session').locator('.status').textContent()).toBe('cancelled');
  });

  test('Connect: a created checkout is what the lookup finds: embedded with its widget keys, hosted with its page (paid there: COMPLETED)', async () => {
    screenshotOnFailure('connect-create-lookup');
    await openPage();
    const panel = lookupPanel();
    const card = panel.getByTestId('connect-session');

    await panel.getByRole('button', { name: 'Start embedded checkout' }).click();
    await poll(() => card.getByRole('heading').textContent()).toBe('Embedded checkout');
    const embeddedId = (await card.locator('code').first().textContent()) ?? '';
    expect(await card.textContent()).toMatch(/pi_\w+_secret_••••/);

    await panel.getByRole('button', { name: 'Start hosted checkout' }).click();
    await poll(() => card.getByRole('heading').textContent()).toBe('Hosted checkout');
    const hostedId = (await card.locator('code').first().textContent()) ?? '';
    const checkout = card.getByRole('link', { name: 'Open the hosted checkout page' });
    expect(new URL((await checkout.getAttribute('href')) ?? '').origin).toBe(new URL(stack.connectUrl).origin);

    // Pay on the sandbox's checkout page: the browser comes back to this page, and Connect records COMPLETED.
    const [hosted] = await Promise.all([page.context().waitForEvent('page'), checkout.click()]);
    await hosted.getByRole('button', { name: 'Pay' }).click();
    await hosted.waitForURL((url) => url.searchParams.get('checkout') === 'paid');
    // The return names its session (by the ref this app's server gave the return URL) as Connect records it.
    await poll(() => hosted.getByTestId('return-notice').textContent()).toBe(
      `Back from the Telness Connect checkout: session ${hostedId}, Connect records COMPLETED.`,
    );
    await hosted.close();
    await panel.getByRole('button', { name: 'Look up' }).click();
    await poll(() => card.locator('.status').textContent()).toBe('COMPLETED');
    expect(await card.locator('code').first().textContent()).toBe(hostedId);

    await panel.getByLabel('Payment session id').fill(embeddedId);
    await panel.getByRole('button', { name: 'Look up' }).click();
    await poll(() => card.getByRole('heading').textContent()).toBe('Embedded checkout');
    expect(await card.locator('code').first().textContent()).toBe(embeddedId);
    await poll(() => card.locator('.status').textContent()).toBe('PENDING');
  });

  test('Connect: start a payment profile session and cancel it; Connect records it as FAILED', async () => {
    screenshotOnFailure('profile-session-cancel');
    await openPage();
    const panel = profilePanel();

    await panel.getByRole('button', { name: 'Start profile session' }).click();
    const session = panel.getByTestId('profile-session');
    await poll(() => session.locator('.status').textContent()).toBe('PENDING');
    expect(await session.textContent()).toMatch(/seti_\w+_secret_••••/);

    await panel.getByRole('button', { name: 'Cancel profile session' }).click();
    const done = panel.getByRole('status');
    await poll(() => done.textContent()).toContain('Profile session cancelled: Connect now records it as FAILED.');
    expect(await session.locator('.status').textContent()).toBe('FAILED');
  });

  test('webhooks: a signed test event is listed, a forged one is refused and not listed', async () => {
    screenshotOnFailure('webhook-simulation');
    await openPage();
    const panel = webhookPanel();
    const rows = panel.getByRole('table', { name: 'Verified webhook events' }).locator('tbody tr');
    // The real flows above fill the list too, and their events may still arrive (an expiry the test clock caused):
    // the rows are counted by event id, not in all.
    const listed = (eventId: string) => rows.filter({ hasText: eventId }).count();

    await panel.getByLabel('Spec example').selectOption('payment.session.cancelled/cancelled');
    await panel.getByRole('button', { name: 'Send test webhook' }).click();
    await poll(() => panel.getByRole('status').textContent()).toContain('signature verified, event listed');
    const eventId = /\((evt_\w+)\)/.exec((await panel.getByRole('status').textContent()) ?? '')?.[1] ?? '';
    expect(eventId).toMatch(/^evt_/);
    await poll(() => listed(eventId)).toBe(1);
    expect(await rows.filter({ hasText: eventId }).textContent()).toContain('payment.session.cancelled');

    // The page re-reads the list right after a send; wait for that answer, then the forged event (the same body
    // under the id `<id>_forged`, its signature wrong) may not be listed.
    const refreshed = page.waitForResponse(
      (r) => r.url().endsWith('/api/webhooks/events') && r.request().method() === 'GET',
    );
    await panel.getByRole('button', { name: 'Send forged webhook' }).click();
    await poll(() => panel.getByRole('status').textContent()).toContain('The endpoint answered 400. Webhook refused');
    await refreshed;
    expect(await listed(`${eventId}_forged`)).toBe(0);
    expect(await listed(eventId)).toBe(1);
  });

  test('webhooks: a signed event with a malformed session neither blanks the page nor breaks the list', async () => {
    screenshotOnFailure('webhook-malformed');
    await openPage();
    const deep = `${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}`;
    const rawBody = `{"id":"evt_malformed_e2e","type":"payment.session.completed","created":1706745620,"data":{"object":{"id":${deep},"status":[1]}}}`;
    const signature = await signWebhook({ rawBody, secret: stack.config.ten99policy.webhookSecret });
    const delivered = await fetch(`${stack.appUrl}/webhooks/1099policy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'ten99policy-signature': signature },
      body: rawBody,
    });
    // Refused by verifyWebhook's schema check (400); the page must carry on regardless.
    expect(delivered.status).toBe(400);
    // The page polls the list every second; two polls later the panel still renders, as does the rest of the page.
    const listRead = () => page.waitForResponse((r) => r.url().endsWith('/api/webhooks/events'));
    await listRead();
    await listRead();
    await webhookPanel().getByRole('heading', { name: 'Webhook events' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Billing settings' }).count()).toBe(1);
    expect(await page.getByText('This panel could not be shown').count()).toBe(0);
    expect(await webhookPanel().locator('tbody tr', { hasText: 'evt_malformed_e2e' }).count()).toBe(0);
  });

  test('a rate-limited vendor becomes a readable message, with no stack trace or secret', async () => {
    screenshotOnFailure('rate-limited');
    await openPage();
    await page.getByLabel('Vendor behaviour').selectOption('rate-limited');
    await lookupPanel().getByRole('button', { name: 'Start embedded checkout' }).click();
    const alert = lookupPanel().getByRole('alert');
    await poll(() => alert.textContent()).toContain('rate limiting this server');
    expect(await alert.textContent()).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  test('the page never shows a key or webhook secret, and the console never logs a single-use link', async () => {
    screenshotOnFailure('no-secrets');
    await openPage();
    // Fill the page the way a developer trying it would, then check every secret is absent from it.
    await cardPanel().getByRole('button', { name: 'Add a card' }).click();
    await cardPanel().getByTestId('ten99-session').waitFor();
    await lookupPanel().getByRole('button', { name: 'Start hosted checkout' }).click();
    await lookupPanel().getByTestId('connect-session').waitFor();
    await profilePanel().getByRole('button', { name: 'Start profile session' }).click();
    await profilePanel().getByTestId('profile-session').waitFor();
    shownLinks.push((await cardPanel().getByRole('link', { name: 'Open the card page' }).getAttribute('href')) ?? '');
    const html = await page.content();
    const { connect, ten99policy } = stack.config;
    for (const secret of [connect.apiKey, ten99policy.apiKey, ten99policy.webhookSecret]) {
      expect(html).not.toContain(secret);
    }
    expect(shownLinks.length).toBeGreaterThan(0);
    const consoleText = browser.consoleLines.join('\n');
    for (const link of shownLinks) expect(consoleText).not.toContain(link);
    expect(consoleText).not.toContain('/payment/setup/');
    expect(consoleText).not.toContain('/__paykit/pages/');

    const path = await screenshot(page, 'billing-settings');
    expect(path).toMatch(/test-results\/billing-settings\.png$/);
  });
});
