import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../src/index.js';
import { FOREIGN_NAME, openChromium, type Chromium } from './support/chromium.js';
import { call } from './support/http.js';

// The dashboard at /__paykit/, in Chromium: it lists a session created through the API as it happens (its stream),
// with its webhook attempts and the request that created it, each with its account; its controls are real buttons and forms reached by
// label; reset empties it; nothing secret reaches the page; and a page of another origin cannot read its data.

const KEY = 't9k_test_dashboard_secret_key';
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const AUTH = basic(KEY);
/** Two more keys: two accounts of their own. */
const KEY_A = 't9k_test_dashboard_key_of_a';
const KEY_B = 't9k_test_dashboard_key_of_b';
/** Playwright's wait for the page to show something: a hang guard, not a timing assertion (the delay is printed). */
const SHOWN = { timeout: 10_000 };

let receiver: Server;
const delivered: string[] = [];
let site: Server;
let sitePort: number;
let mock: Mock;
let browser: Chromium;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume().on('end', () => {
      delivered.push(req.url ?? '');
      res.writeHead(200).end('ok');
    });
  });
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><title>a web page</title></head><body><h1>a web page</h1></body></html>');
  });
  const receiverPort = await listen(receiver);
  sitePort = await listen(site);
  mock = await startMock({
    api: 'ten99policy',
    sandbox: { webhooks: { urls: [`http://127.0.0.1:${receiverPort}/hooks`], secret: 'whsec_dashboard_test' } },
  });
  browser = await openChromium();
});

afterAll(async () => {
  await browser?.close();
  await mock?.stop();
  await Promise.all(
    [receiver, site].map(
      (server) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
    ),
  );
});

async function createSession(idempotencyKey: string, authorization = AUTH): Promise<{ id: string; url: string }> {
  const answer = await call(`${mock.url}/api/v1/payment/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization, 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/billing/return' }),
  });
  expect(answer.status).toBe(201);
  return JSON.parse(answer.text) as { id: string; url: string };
}

/** Opens the dashboard and waits until its stream is connected; collects any Content-Security-Policy complaint. */
async function openDashboard(violations: string[]): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  await page.goto(`${mock.url}/__paykit/`);
  await page.getByText('Live: updates as they happen.').waitFor(SHOWN);
  return page;
}

describe('the dashboard, in Chromium', () => {
  it('shows a session created through the API at once, its webhook attempts and its request; reset empties it', async () => {
    await call(`${mock.url}/__paykit/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    const violations: string[] = [];
    const page = await openDashboard(violations);
    try {
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent(), SHOWN)
        .toBe('paykit mock: ten99policy');
      const sessions = page.getByRole('table', { name: /^Sessions, oldest first/ });
      const sent = performance.now();
      const session = await createSession('dashboard-order-1');
      const answered = performance.now();
      const row = sessions.getByRole('row').filter({ hasText: session.id });
      await row.waitFor(SHOWN);
      // Measured, not asserted (a loaded 2-core machine): the issue asks for "within a second".
      const listed = performance.now();
      console.log(
        `dashboard: session listed ${Math.round(listed - answered)} ms after the create's answer (${Math.round(listed - sent)} ms after it was sent)`,
      );
      await expect.poll(() => row.getByRole('cell').nth(3).textContent(), SHOWN).toBe('pending');
      // The live region said so.
      await expect.poll(() => page.getByRole('status').textContent(), SHOWN).toMatch(/New session|Request POST/);

      // The request that created it, in the request log, with its idempotency key and session.
      const requestRow = page
        .getByRole('table', { name: 'Requests this mock answered' })
        .getByRole('row')
        .filter({ hasText: 'dashboard-order-1' });
      await expect.poll(() => requestRow.textContent(), SHOWN).toMatch('POST');
      await expect.poll(() => requestRow.textContent(), SHOWN).toMatch('/api/v1/payment/sessions');
      await expect.poll(() => requestRow.textContent(), SHOWN).toMatch('201');
      await expect.poll(() => requestRow.textContent(), SHOWN).toMatch(session.id);

      // Cancelled through the API: its webhook and the receiver's 200 show up, and in the session's history.
      const cancelled = await call(`${mock.url}/api/v1/payment/sessions/${session.id}/cancel`, {
        method: 'POST',
        headers: { authorization: AUTH },
      });
      expect(cancelled.status).toBe(200);
      const eventRow = page
        .getByRole('table', { name: /^Webhook events/ })
        .getByRole('row')
        .filter({ hasText: 'payment.session.cancelled' });
      await expect.poll(() => eventRow.textContent(), SHOWN).toMatch(/attempt 1 at .*: 200/);
      await expect.poll(() => eventRow.textContent(), SHOWN).toMatch(session.id);
      await expect.poll(() => row.getByRole('cell').nth(3).textContent(), SHOWN).toBe('cancelled');
      await row.getByText(/entries$/).click();
      await expect
        .poll(() => row.getByRole('listitem').filter({ hasText: 'webhook payment.session.cancelled' }).count(), SHOWN)
        .toBe(1);

      // Resend, by keyboard: the receiver gets the event a second time (a delivery of its own).
      const before = delivered.length;
      await eventRow.getByRole('button', { name: /^Resend event / }).focus();
      await page.keyboard.press('Enter');
      await expect
        .poll(() => eventRow.textContent(), SHOWN)
        .toMatch(/delivered.*attempt 1 at .*: 200.*delivered.*attempt 1 at .*: 200/);
      expect(delivered.length).toBe(before + 1);

      // Nothing secret reached the page: not the key, not the hosted page's token (opened here), not the webhook secret.
      await call(session.url);
      const pageRow = page
        .getByRole('table', { name: 'Requests this mock answered' })
        .getByRole('row')
        .filter({ hasText: '/__paykit/pages/[token]' });
      await pageRow.waitFor(SHOWN);
      const html = await page.content();
      const token = new URL(session.url).pathname.split('/').pop() as string;
      for (const secret of [KEY, AUTH, token, 'whsec_dashboard_test']) expect(html).not.toContain(secret);

      await page.getByRole('button', { name: 'Reset the sandbox' }).click();
      await expect.poll(() => sessions.getByRole('row').count(), SHOWN).toBe(1); // the header row alone
      await expect.poll(() => page.getByText('No sessions yet.').isVisible(), SHOWN).toBe(true);
      await expect.poll(() => page.getByText('No webhook events yet.').isVisible(), SHOWN).toBe(true);
      await expect.poll(() => page.getByRole('status').textContent(), SHOWN).toMatch('Sandbox reset');
      expect(mock.sandbox!.accounts.all().reduce((sum, account) => sum + account.sessions.size, 0)).toBe(0);
    } finally {
      await page.close();
    }
    expect(violations).toEqual([]);
  });

  it('moves a session and the clock through labelled controls', async () => {
    const violations: string[] = [];
    const page = await openDashboard(violations);
    try {
      const session = await createSession('dashboard-order-2');
      const select = page.getByLabel(`New state of session ${session.id}`);
      await select.waitFor(SHOWN);
      await select.selectOption('completed');
      await page.getByRole('row').filter({ hasText: session.id }).getByRole('button', { name: 'Move' }).click();
      await expect
        .poll(() => page.getByRole('row').filter({ hasText: session.id }).getByRole('cell').nth(3).textContent(), SHOWN)
        .toBe('completed');
      expect(mock.sandbox!.accounts.find(session.id)?.session.phase).toBe('completed');

      await page.getByLabel('Advance the mock clock by (seconds)').fill('3600');
      await page.getByRole('button', { name: 'Advance the clock' }).click();
      await expect.poll(() => page.getByText('(3600 s ahead of real time)').isVisible(), SHOWN).toBe(true);
    } finally {
      await page.close();
    }
    expect(violations).toEqual([]);
  });
});

describe('the account selector, in Chromium', () => {
  it("shows one account's sessions and requests, and resets that account alone; never a key", async () => {
    await call(`${mock.url}/__paykit/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    const violations: string[] = [];
    const page = await openDashboard(violations);
    try {
      const a = await createSession('dashboard-account-a', basic(KEY_A));
      const b = await createSession('dashboard-account-b', basic(KEY_B));
      const idOf = (id: string) => mock.sandbox!.accounts.find(id)!.account.id;
      const [accountA, accountB] = [idOf(a.id), idOf(b.id)];
      expect(accountA).not.toBe(accountB);
      const sessions = page.getByRole('table', { name: /^Sessions, oldest first/ });
      const requests = page.getByRole('table', { name: 'Requests this mock answered' });
      await sessions.getByRole('row').filter({ hasText: b.id }).waitFor(SHOWN);

      // Both accounts are offered (refreshed by the stream's change events); A chosen: A's session and requests only.
      const select = page.getByLabel('Account', { exact: true });
      await expect.poll(() => select.locator('option').allTextContents(), SHOWN).toContain(accountB);
      expect(await select.locator('option').allTextContents()).toEqual(
        expect.arrayContaining(['All accounts', accountA, accountB]),
      );
      await select.selectOption(accountA);
      await expect.poll(() => sessions.getByRole('row').filter({ hasText: b.id }).count(), SHOWN).toBe(0);
      await expect.poll(() => sessions.getByRole('row').filter({ hasText: a.id }).count(), SHOWN).toBe(1);
      await expect
        .poll(() => sessions.getByRole('row').filter({ hasText: a.id }).getByRole('cell').nth(1).textContent(), SHOWN)
        .toBe(accountA);
      await expect
        .poll(() => requests.getByRole('row').filter({ hasText: 'dashboard-account-a' }).count(), SHOWN)
        .toBe(1);
      expect(await requests.getByRole('row').filter({ hasText: 'dashboard-account-b' }).count()).toBe(0);
      expect(await requests.getByRole('row').filter({ hasText: accountB }).count()).toBe(0);
      await expect.poll(() => page.locator('#clock-whose').textContent(), SHOWN).toBe(`Mock time of ${accountA}`);

      // Reset A: A's session and requests are gone, B's stay (the page goes back to all accounts).
      await page.getByRole('button', { name: `Reset account ${accountA}` }).click();
      await expect.poll(() => page.getByRole('status').textContent(), SHOWN).toMatch(`Account ${accountA} reset`);
      await expect.poll(() => select.inputValue(), SHOWN).toBe('');
      await expect.poll(() => sessions.getByRole('row').filter({ hasText: b.id }).count(), SHOWN).toBe(1);
      expect(await sessions.getByRole('row').filter({ hasText: a.id }).count()).toBe(0);
      await expect
        .poll(() => requests.getByRole('row').filter({ hasText: 'dashboard-account-b' }).count(), SHOWN)
        .toBe(1);
      expect(await requests.getByRole('row').filter({ hasText: 'dashboard-account-a' }).count()).toBe(0);
      expect(mock.sandbox!.accounts.find(b.id)?.account.id).toBe(accountB);
      expect(mock.sandbox!.accounts.find(a.id)).toBeUndefined();

      const html = await page.content();
      for (const secret of [KEY_A, KEY_B, basic(KEY_A), basic(KEY_B)]) expect(html).not.toContain(secret);
    } finally {
      await page.close();
    }
    expect(violations).toEqual([]);
  });
});

describe("a page of another origin, in Chromium, against the dashboard's data", () => {
  it('can read neither the request log nor the stream, nor frame the dashboard', async () => {
    await createSession('dashboard-order-3');
    const page = await browser.context.newPage();
    try {
      await page.goto(`http://${FOREIGN_NAME}:${sitePort}/`);
      const read = (path: string) =>
        page.evaluate(async (target) => {
          try {
            const response = await fetch(target);
            return `read ${response.status}: ${(await response.text()).slice(0, 100)}`;
          } catch (error) {
            return `failed: ${(error as Error).name}`;
          }
        }, `${mock.url}/__paykit/${path}`);
      expect(await read('requests')).toBe('failed: TypeError');
      expect(await read('sessions')).toBe('failed: TypeError');
      const streamed = await page.evaluate(
        (target) =>
          new Promise<string>((resolve) => {
            const stream = new EventSource(target);
            stream.addEventListener('message', () => resolve('read'));
            stream.addEventListener('request', () => resolve('read'));
            stream.addEventListener('error', () => {
              stream.close();
              resolve('failed');
            });
          }),
        `${mock.url}/__paykit/stream`,
      );
      expect(streamed).toBe('failed');
      // Framed, the dashboard does not load (frame-ancestors 'none', X-Frame-Options: DENY): no clickjacking of Reset.
      await page.evaluate(
        (target) =>
          new Promise<void>((resolve) => {
            const frame = document.createElement('iframe');
            frame.src = target;
            frame.addEventListener('load', () => resolve());
            document.body.append(frame);
          }),
        `${mock.url}/__paykit/`,
      );
      const frames = page.frames().filter((frame) => frame !== page.mainFrame());
      expect(frames).toHaveLength(1);
      expect(await frames[0]!.title().catch(() => '')).not.toBe('paykit mock dashboard');
      expect(frames[0]!.url()).not.toBe(`${mock.url}/__paykit/`);
    } finally {
      await page.close();
    }
  });
});
