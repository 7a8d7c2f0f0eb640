import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTen99PolicyClient } from '@paykit/client/ten99policy';
import { afterEach, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../../src/index.js';
import { redirectTarget } from '../../src/sandbox/hosted-page.js';
import { createSandbox } from '../../src/sandbox/sandbox.js';
import { checkRedirectOrigin, SandboxSettingError } from '../../src/sandbox/settings.js';
import { call } from '../support/http.js';
import { closeAfterTest, startHarness } from './support.js';

// PAYKIT_MOCK_REDIRECT_ORIGIN / sandbox.redirectOrigin: the hosted pages send the browser to a local app registered
// under its production https return URL, the return URL's path and query (and the vendor's parameters) kept.

const ORIGIN = 'http://127.0.0.1:3000';
const ten99Create = { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/billing/return?tab=card' };
const connectCreate = {
  orderId: 'o-1',
  paymentProvider: 'STRIPE',
  hosted: true,
  returnUrl: 'https://shop.example.com/orders/o-1?checkout=paid',
  cancelUrl: 'https://shop.example.com/cart#resume',
};

/** Submits a hosted page's form as a browser would, without following the redirect; answers its Location. */
async function submit(url: string, action: 'complete' | 'cancel'): Promise<string | null> {
  const done = await call(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action }).toString(),
  });
  expect(done.status).toBe(303);
  return done.headers.get('location');
}

describe('hosted pages with a redirect origin', () => {
  it("1099Policy: Save card sends the browser to the origin, with the return URL's path and query, hps_id and status", async () => {
    const harness = await startHarness('ten99policy', { redirectOrigin: ORIGIN });
    const saved = (await harness.call('createPaymentSession', { body: ten99Create })).body as Record<string, any>;
    const left = (await harness.call('createPaymentSession', { body: ten99Create })).body as Record<string, any>;

    expect(await submit(saved.url, 'complete')).toBe(
      `${ORIGIN}/billing/return?tab=card&hps_id=${saved.id}&status=completed`,
    );
    expect(await submit(left.url, 'cancel')).toBe(
      `${ORIGIN}/billing/return?tab=card&hps_id=${left.id}&status=cancelled`,
    );
    // The vendor's view of the session is unchanged: it still records the return URL it was given.
    const read = harness.sandbox.sessions.get(saved.id)!;
    expect(read.request.return_url).toBe(ten99Create.return_url);
    expect(read.phase).toBe('completed');
  });

  it('Connect: a paid checkout goes to returnUrl, a cancelled one to cancelUrl, both on the origin', async () => {
    const harness = await startHarness('connect', { redirectOrigin: `${ORIGIN}/` });
    const paid = (await harness.call('createPaymentSession', { body: connectCreate })).body as Record<string, any>;
    const left = (await harness.call('createPaymentSession', { body: connectCreate })).body as Record<string, any>;

    expect(await submit(paid.provider.url, 'complete')).toBe(`${ORIGIN}/orders/o-1?checkout=paid`);
    expect(await submit(left.provider.url, 'cancel')).toBe(`${ORIGIN}/cart#resume`);
  });

  it('without one, the browser goes to the return URL itself, as the vendor sends it', async () => {
    const ten99 = await startHarness('ten99policy');
    expect(ten99.sandbox.redirectOrigin).toBeUndefined();
    const session = (await ten99.call('createPaymentSession', { body: ten99Create })).body as Record<string, any>;
    expect(await submit(session.url, 'complete')).toBe(
      `https://app.example.com/billing/return?tab=card&hps_id=${session.id}&status=completed`,
    );

    const connect = await startHarness('connect');
    const paid = (await connect.call('createPaymentSession', { body: connectCreate })).body as Record<string, any>;
    expect(await submit(paid.provider.url, 'complete')).toBe(connectCreate.returnUrl);
  });

  it('keeps a path that looks like a host a path, and leaves a non-web return URL (an app scheme) alone', () => {
    expect(redirectTarget('https://app.example.com//elsewhere.example/x?a=1', ORIGIN)).toBe(
      `${ORIGIN}//elsewhere.example/x?a=1`,
    );
    expect(redirectTarget('https://user:pw@app.example.com/back', ORIGIN)).toBe(`${ORIGIN}/back`);
    expect(redirectTarget('myapp://checkout/done', ORIGIN)).toBe('myapp://checkout/done');
    expect(redirectTarget('https://app.example.com/back', undefined)).toBe('https://app.example.com/back');
  });
});

describe('through startMock: the browser gets back to the local app', () => {
  const mocks: Mock[] = [];
  afterEach(async () => {
    await Promise.all(mocks.splice(0).map((mock) => mock.stop()));
  });

  it('follows the redirect from the card page to an app on the origin, which sees the path, query, hps_id and status', async () => {
    const seen: string[] = [];
    const app = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('billing page');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    closeAfterTest(() => new Promise<void>((resolve) => app.close(() => resolve())));
    const appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;

    const mock = await startMock({ api: 'ten99policy', sandbox: { redirectOrigin: appOrigin } });
    mocks.push(mock);
    const client = createTen99PolicyClient({ apiKey: 't9k_test_dummy', baseUrl: mock.url, maxRetries: 0 });
    const { data: session } = await client.POST('/api/v1/payment/sessions', {
      body: { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.yourplatform.com/settings/billing/return' },
    });

    const response = await fetch(session!.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=complete',
    });
    expect(response.url).toBe(`${appOrigin}/settings/billing/return?hps_id=${session!.id}&status=completed`);
    expect(await response.text()).toBe('billing page');
    expect(seen).toEqual([`/settings/billing/return?hps_id=${session!.id}&status=completed`]);
    expect(mock.sandbox?.redirectOrigin).toBe(appOrigin);
  });

  it('refuses a bad redirect origin at start, naming the option and the rule', async () => {
    await expect(
      startMock({ api: 'ten99policy', sandbox: { redirectOrigin: 'http://127.0.0.1:3000/app' } }),
    ).rejects.toThrow(
      'sandbox.redirectOrigin must be an http:// or https:// origin: a scheme, a host and an optional port, e.g. http://127.0.0.1:3000 (it has a path',
    );
  });
});

describe('the redirect origin setting', () => {
  it('takes an http(s) origin, with or without a trailing slash, as URL.origin spells it', () => {
    expect(checkRedirectOrigin('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(checkRedirectOrigin(' http://localhost:5173/ ')).toBe('http://localhost:5173');
    expect(checkRedirectOrigin('https://Dev.Example.com:443')).toBe('https://dev.example.com');
  });

  it.each([
    ['127.0.0.1:3000', 'the value is not an absolute URL'],
    ['ftp://127.0.0.1', 'the scheme is ftp'],
    ['http://127.0.0.1:3000/app', 'it has a path'],
    ['http://127.0.0.1:3000?next=1', 'it has a query'],
    ['http://127.0.0.1:3000/?', 'it has a query'],
    ['http://127.0.0.1:3000/#top', 'it has a fragment'],
    ['http://dev:hunter2@127.0.0.1:3000', 'it has a user name or password'],
  ])('refuses %j, naming the variable and the rule (%s)', (value, reason) => {
    const refusal = (() => {
      try {
        checkRedirectOrigin(value, 'PAYKIT_MOCK_REDIRECT_ORIGIN');
      } catch (error) {
        return error as Error;
      }
    })();
    expect(refusal).toBeInstanceOf(SandboxSettingError);
    expect(refusal?.message).toContain(
      'PAYKIT_MOCK_REDIRECT_ORIGIN must be an http:// or https:// origin: a scheme, a host and an optional port, e.g. http://127.0.0.1:3000',
    );
    expect(refusal?.message).toContain(reason);
    // The value is never quoted: it may hold credentials.
    expect(refusal?.message).not.toContain('hunter2');
  });

  it('is checked when the sandbox is made', () => {
    expect(() => createSandbox('connect', { redirectOrigin: 'mailto:dev@example.com' })).toThrow(
      'sandbox.redirectOrigin must be an http:// or https:// origin',
    );
  });
});
