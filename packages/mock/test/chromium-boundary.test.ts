import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../src/index.js';
import { FOREIGN_NAME, openChromium, type Chromium } from './support/chromium.js';
import { rawCall } from './support/raw-http.js';

// The threat model's first line, in a real browser: a web page the developer visits (here served on `evil.test`,
// which Chromium resolves to this machine, and on a loopback port the allowed origins leave out) tries to read and
// drive the sandbox with fetch and with form posts. Both fail and the state is unchanged; a page the mock allows
// reaches it, so the refusals are the mock's doing. And the hosted page works under its own policy.

let site: Server;
let sitePort: number;
let mock: Mock;
/** The same sandbox, with only an origin the tests never use allowed: a loopback page is then foreign too. */
let strict: Mock;
let browser: Chromium;

beforeAll(async () => {
  site = createServer((req, res) => {
    const title = req.url?.startsWith('/billing/return') ? 'back on the app' : 'a web page';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  sitePort = (site.address() as AddressInfo).port;
  [mock, strict] = await Promise.all([
    startMock({ api: 'ten99policy', sandbox: { redirectOrigin: `http://localhost:${sitePort}` } }),
    startMock({ api: 'ten99policy', allowedOrigins: ['http://127.0.0.1:1'] }),
  ]);
  browser = await openChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([mock?.stop(), strict?.stop()]);
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
});

async function createSession(target: Mock): Promise<{ id: string; url: string }> {
  const answer = await rawCall(`${target.url}/api/v1/payment/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Basic dDlrX3Rlc3RfZHVtbXk6' },
    body: JSON.stringify({ contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/billing/return' }),
  });
  expect(answer.status).toBe(201);
  return JSON.parse(answer.text) as { id: string; url: string };
}

/** What a page's script gets from `fetch`: the body it could read, or the error the browser gave it. */
function tryFetch(page: Page, url: string, init: RequestInit = {}): Promise<string> {
  return page.evaluate(
    async ([target, options]) => {
      try {
        const response = await fetch(target, options);
        return `read ${response.status}: ${(await response.text()).slice(0, 200)}`;
      } catch (error) {
        return `failed: ${(error as Error).name}`;
      }
    },
    [url, init] as const,
  );
}

/** Submits a form from the page into a frame of its own; resolves with the status the mock answered the browser. */
async function submitForm(
  page: Page,
  action: string,
  fields: Record<string, string>,
  enctype: string,
): Promise<number> {
  const answered = page.waitForResponse(
    (response) => response.url() === action && response.request().method() === 'POST',
  );
  await page.evaluate(
    ([target, values, type]) => {
      const frame = document.createElement('iframe');
      frame.name = `sink-${Math.random()}`;
      document.body.append(frame);
      const form = document.createElement('form');
      Object.assign(form, { method: 'post', action: target, enctype: type, target: frame.name });
      for (const [name, value] of Object.entries(values)) {
        const input = document.createElement('input');
        Object.assign(input, { type: 'hidden', name, value });
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    },
    [action, fields, enctype] as const,
  );
  return (await answered).status();
}

describe('a page of another origin, in Chromium, against /__paykit/', () => {
  it.each([
    ['a site on another name (evil.test → 127.0.0.1)', () => mock, () => `http://${FOREIGN_NAME}:${sitePort}/`],
    ['a loopback port the allowed origins leave out', () => strict, () => `http://127.0.0.1:${sitePort}/`],
  ])('%s can neither read nor drive the sandbox, by fetch or by form', async (_, target, pageUrl) => {
    const sandbox = target();
    const session = await createSession(sandbox);
    const page = await browser.context.newPage();
    try {
      await page.goto(pageUrl());
      expect(await tryFetch(page, `${sandbox.url}/__paykit/sessions`)).toBe('failed: TypeError');
      expect(await tryFetch(page, `${sandbox.url}/__paykit/events`)).toBe('failed: TypeError');
      // A simple request needs no preflight: the browser sends it, only the mock can refuse it (the state checked
      // below), and its Cross-Origin-Resource-Policy keeps even the opaque answer from the page.
      expect(await tryFetch(page, `${sandbox.url}/__paykit/reset`, { method: 'POST', body: '', mode: 'no-cors' })).toBe(
        'failed: TypeError',
      );
      expect(await submitForm(page, `${sandbox.url}/__paykit/reset`, { x: 'y' }, 'text/plain')).toBe(403);
      // Even knowing the page's secret URL (leaked, say), its form cannot be posted from elsewhere.
      expect(await submitForm(page, session.url, { action: 'complete' }, 'application/x-www-form-urlencoded')).toBe(
        403,
      );
    } finally {
      await page.close();
    }
    expect(sandbox.sandbox!.accounts.find(session.id)?.session.phase).toBe('pending');
  });

  it('an allowed (loopback) page reads the control API, so the refusals above are the mock’s', async () => {
    await createSession(mock);
    const page = await browser.context.newPage();
    try {
      await page.goto(`http://localhost:${sitePort}/`);
      expect(await tryFetch(page, `${mock.url}/__paykit/sessions`)).toMatch(/^read 200: \{/);
    } finally {
      await page.close();
    }
  });
});

describe('a hosted page in Chromium', () => {
  it('renders under its policy with nothing blocked, and its form goes back to the app', async () => {
    const session = await createSession(mock);
    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    try {
      await page.goto(session.url);
      // Styled by its one hashed <style> (a blocked style would leave the default margin).
      expect(await page.locator('body').evaluate((body) => getComputedStyle(body).maxWidth)).toBe('448px');
      await page.getByRole('button', { name: 'Save card' }).click();
      await page.waitForURL((url) => url.searchParams.get('hps_id') === session.id);
      expect(new URL(page.url()).origin).toBe(`http://localhost:${sitePort}`);
      expect(await page.title()).toBe('back on the app');
    } finally {
      await page.close();
    }
    expect(violations).toEqual([]);
    expect(mock.sandbox!.accounts.find(session.id)?.session.phase).toBe('completed');
  });
});
