import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Page } from 'playwright-core';
import { signWebhook } from '@paykit/client/ten99policy';
import {
  HOSTED_PAGE_HOST,
  assertPrerequisites,
  launchBrowser,
  screenshot,
  startStack,
  type Browser,
  type Stack,
} from './harness.js';

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

describe('billing settings in a real browser', () => {
  test('the built page runs under the strict Content-Security-Policy, with nothing blocked', async () => {
    screenshotOnFailure('content-security-policy');
    const response = await page.goto(stack.appUrl);
    expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';/);
    await page.getByRole('heading', { name: 'Billing settings' }).waitFor();
    // Styled by its stylesheet (blocked, the panels would have no border) and driven by its script.
    await cardPanel().waitFor();
    expect(await cardPanel().evaluate((el) => getComputedStyle(el).borderStyle)).toBe('solid');
    await lookupPanel().getByRole('button', { name: 'Look up' }).click();
    await lookupPanel().getByTestId('connect-session').waitFor();
    expect(await browser.policyViolations()).toEqual([]);
    expect(browser.consoleLines.join('\n')).not.toContain('Content Security Policy');
  });

  test('1099Policy: add a card, follow the single-use link, cancel the pending session', async () => {
    screenshotOnFailure('card-create-follow-cancel');
    await openPage();
    const panel = cardPanel();

    await panel.getByRole('button', { name: 'Add a card' }).click();
    const session = panel.getByTestId('ten99-session');
    await poll(() => session.locator('.status').textContent()).toBe('pending');
    await poll(() => session.textContent()).toContain('Link expires');

    const link = panel.getByRole('link', { name: 'Open the card page' });
    const href = (await link.getAttribute('href')) ?? '';
    expect(new URL(href).hostname).toBe(HOSTED_PAGE_HOST);
    shownLinks.push(href);

    // Follow it: the vendor's page opens in a new tab (answered by the test double, never the internet).
    const [hosted] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await hosted.waitForLoadState();
    expect(hosted.url()).toBe(href);
    expect(await hosted.getByRole('heading').textContent()).toBe('1099Policy card page (test double)');
    await hosted.close();
    await poll(() => panel.textContent()).toContain('Link opened. It works once');

    await panel.getByRole('button', { name: 'Cancel session' }).click();
    await poll(() => session.locator('.status').textContent()).toBe('cancelled');
    expect(await panel.getByRole('link', { name: 'Open the card page' }).count()).toBe(0);
    expect(await panel.textContent()).toContain('The single-use link is no longer shown.');
  });

  test('1099Policy: cancelling a session that is no longer pending explains why, in plain words', async () => {
    screenshotOnFailure('card-cancel-not-pending');
    await openPage();
    const panel = cardPanel();
    await panel.getByRole('button', { name: 'Add a card' }).click();
    await panel.getByTestId('ten99-session').waitFor();

    await panel.getByLabel('Mock answers cancel with').selectOption('400/sessionNotPending');
    await panel.getByRole('button', { name: 'Cancel session' }).click();
    const alert = panel.getByRole('alert');
    await poll(() => alert.textContent()).toContain('This session is no longer pending');
    expect(await alert.textContent()).toContain('session_not_pending');

    await panel.getByLabel('Mock answers cancel with').selectOption('400/sessionExpired');
    await panel.getByRole('button', { name: 'Cancel session' }).click();
    await poll(() => alert.textContent()).toContain('This session has expired');
    expect(await alert.textContent()).toContain('session_expired');
  });

  test('Connect: an embedded session shows its widget keys, a hosted one its checkout link', async () => {
    screenshotOnFailure('connect-lookup');
    await openPage();
    const panel = lookupPanel();

    await panel.getByLabel('Mock answers with').selectOption('200/pendingEmbedded');
    await panel.getByRole('button', { name: 'Look up' }).click();
    const card = panel.getByTestId('connect-session');
    await poll(() => card.getByRole('heading').textContent()).toBe('Embedded checkout');
    expect(await card.textContent()).toContain('pk_test_1234567890abcdef');
    expect(await card.textContent()).toContain('pi_1234_secret_••••');
    expect(await page.content()).not.toContain('pi_1234_secret_abcd');

    await panel.getByLabel('Mock answers with').selectOption('200/pendingHosted');
    await panel.getByRole('button', { name: 'Look up' }).click();
    await poll(() => card.getByRole('heading').textContent()).toBe('Hosted checkout');
    const checkout = card.getByRole('link', { name: 'Open the hosted checkout page' });
    expect(new URL((await checkout.getAttribute('href')) ?? '').hostname).toBe('checkout.stripe.com');
    expect(await card.textContent()).not.toContain('Client secret');
  });

  test('Connect: start a payment profile session and cancel it', async () => {
    screenshotOnFailure('profile-session-cancel');
    await openPage();
    const panel = profilePanel();

    await panel.getByRole('button', { name: 'Start profile session' }).click();
    const session = panel.getByTestId('profile-session');
    await poll(() => session.locator('.status').textContent()).toBe('PENDING');
    expect(await session.textContent()).toContain('seti_1234_secret_••••');

    await panel.getByRole('button', { name: 'Cancel profile session' }).click();
    const done = panel.getByRole('status');
    await poll(() => done.textContent()).toContain('Profile session cancelled.');
    expect(await done.textContent()).toContain('FAILED');
  });

  test('webhooks: a signed test event is listed, a forged one is refused and not listed', async () => {
    screenshotOnFailure('webhook-simulation');
    await openPage();
    const panel = webhookPanel();
    const rows = panel.getByRole('table', { name: 'Verified webhook events' }).locator('tbody tr');
    expect(await panel.textContent()).toContain('No verified events yet.');

    await panel.getByLabel('Spec example').selectOption('payment.session.cancelled/cancelled');
    await panel.getByRole('button', { name: 'Send test webhook' }).click();
    await poll(() => panel.getByRole('status').textContent()).toContain('signature verified, event listed');
    await poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('payment.session.cancelled');

    // The page re-reads the list right after a send; wait for that answer, then nothing new may be listed.
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/webhooks/events') && r.request().method() === 'GET');
    await panel.getByRole('button', { name: 'Send forged webhook' }).click();
    await poll(() => panel.getByRole('status').textContent()).toContain('The endpoint answered 400. Webhook refused');
    await refreshed;
    expect(await rows.count()).toBe(1);
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
    expect(delivered.status).toBeLessThan(500);
    // The panel polls every 2 s; two polls later it still renders, as does the rest of the page.
    const listRead = () => page.waitForResponse((r) => r.url().endsWith('/api/webhooks/events'));
    await listRead();
    await listRead();
    await webhookPanel().getByRole('heading', { name: 'Webhook events' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Billing settings' }).count()).toBe(1);
    expect(await page.getByText('This panel could not be shown').count()).toBe(0);
    if (delivered.status === 200) {
      const row = webhookPanel().locator('tbody tr', { hasText: 'evt_malformed_e2e' });
      expect(await row.textContent()).toContain('payment.session.completed');
    }
  });

  test('a rate-limited vendor becomes a readable message, with no stack trace or secret', async () => {
    screenshotOnFailure('rate-limited');
    await openPage();
    await page.getByLabel('Vendor behaviour').selectOption('rate-limited');
    await lookupPanel().getByRole('button', { name: 'Look up' }).click();
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
    await lookupPanel().getByRole('button', { name: 'Look up' }).click();
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

    const path = await screenshot(page, 'billing-settings');
    expect(path).toMatch(/test-results\/billing-settings\.png$/);
  });
});
