import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../../src/index.js';
import { rawCall, type RawAnswer } from '../support/raw-http.js';

// The hosted pages hold a secret token in their URL and finish a payment with one click: what they send the
// browser so that no other page can frame, read or redirect through them.

let connect: Mock;
let ten99: Mock;
beforeAll(async () => {
  [connect, ten99] = await Promise.all([
    startMock({ api: 'connect', sandbox: { redirectOrigin: 'http://127.0.0.1:3000' } }),
    startMock({ api: 'ten99policy' }),
  ]);
});
afterAll(() => Promise.all([connect.stop(), ten99.stop()]));

const connectHeaders = { 'content-type': 'application/json', 'x-api-key': 'dummy-key' };
const hosted = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    orderId: 'order-csp',
    paymentProvider: 'STRIPE',
    hosted: true,
    returnUrl: 'https://shop.example.com/ok',
    cancelUrl: 'https://shop.example.com/cart',
    ...overrides,
  });
const parsed = (answer: RawAnswer): Record<string, any> => JSON.parse(answer.text);

/** The policy as a map of directive → sources. */
function policy(answer: RawAnswer): Record<string, string[]> {
  const header = String(answer.headers['content-security-policy'] ?? '');
  return Object.fromEntries(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

describe('hosted page headers', () => {
  it('sends a strict policy: nothing loads or runs but its hashed style, no framing, no sniffing, no referrer', async () => {
    const created = parsed(
      await rawCall(`${connect.url}/payment-sessions`, { method: 'POST', headers: connectHeaders, body: hosted() }),
    );
    const page = await rawCall(created.provider.url);
    expect(page.status).toBe(200);
    const csp = policy(page);
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
    expect(csp['script-src']).toBeUndefined();
    // The page's one <style> is allowed by its hash, and nothing inline else.
    const style = /<style>([^<]*)<\/style>/.exec(page.text)?.[1] ?? '';
    expect(csp['style-src']).toEqual([`'sha256-${createHash('sha256').update(style).digest('base64')}'`]);
    expect(page.text).not.toMatch(/<script|\son\w+=/i);
    // The form posts to the page itself, then the browser goes where the session sends it: the redirect origin.
    expect(csp['form-action']).toEqual(["'self'", 'http://127.0.0.1:3000']);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it("names the return URL's own origins in form-action when no redirect origin stands in for them", async () => {
    const answer = await rawCall(`${ten99.url}/api/v1/payment/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dDlrX3Rlc3RfZHVtbXk6' },
      body: JSON.stringify({ contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/return?tab=1' }),
    });
    const page = await rawCall(parsed(answer).url);
    expect(policy(page)['form-action']).toEqual(["'self'", 'https://app.example.com']);
    const done = await rawCall(parsed(answer).url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=cancel',
    });
    expect(done.status).toBe(303);
    expect(done.headers['referrer-policy']).toBe('no-referrer');
    expect(done.headers['x-frame-options']).toBe('DENY');
  });

  it('answers a method the page does not take with a page of its own, headers included', async () => {
    const created = parsed(
      await rawCall(`${connect.url}/payment-sessions`, { method: 'POST', headers: connectHeaders, body: hosted() }),
    );
    const answer = await rawCall(created.provider.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, POST');
    expect(answer.headers['x-frame-options']).toBe('DENY');
  });
});

describe('redirect targets are web addresses only', () => {
  it.each([
    ['cancelUrl', 'javascript:alert(document.domain)'],
    ['returnUrl', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['cancelUrl', 'vbscript:msgbox(1)'],
  ])("Connect refuses a %s of %s at create, in the vendor's words, and creates nothing", async (field, value) => {
    const before = connect.sandbox!.accounts.all().flatMap((account) => account.sessions.all()).length;
    const answer = await rawCall(`${connect.url}/payment-sessions`, {
      method: 'POST',
      headers: connectHeaders,
      body: hosted({ [field]: value }),
    });
    expect(answer.status).toBe(400);
    // Connect's error schema: `message` (the vendor publishes no codes), naming the field and the rule.
    expect(parsed(answer)).toEqual({
      message: `${field} must be an http:// or https:// URL (the hosted page sends the browser there)`,
    });
    expect(answer.text).not.toContain(value);
    expect(connect.sandbox!.accounts.all().flatMap((account) => account.sessions.all())).toHaveLength(before);
  });

  it("1099Policy refuses a javascript: return_url with its invalid_return_url (the spec's https rule)", async () => {
    const answer = await rawCall(`${ten99.url}/api/v1/payment/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dDlrX3Rlc3RfZHVtbXk6' },
      body: JSON.stringify({ contractor: 'cn_AbCdEfGh12', return_url: 'javascript:alert(1)//https://a.example' }),
    });
    expect(answer.status).toBe(400);
    expect(parsed(answer)).toMatchObject({ error_code: 'invalid_return_url' });
  });
});
