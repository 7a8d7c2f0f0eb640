import { verifyWebhook } from '@paykit/client/ten99policy';
import { afterEach, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../../src/index.js';
import { call, json } from '../support/http.js';
import { startReceiver } from './support.js';

// The hosted pages' test cards, as curl meets them: a started mock, its page posted as a form, the session looked
// up through the control API, the webhook received by a server of our own.

const SECRET = 'whsec_cards_test';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const mocks: Mock[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((mock) => mock.stop()));
});

async function start(api: 'ten99policy' | 'connect', webhookUrl?: string) {
  const mock = await startMock({
    api,
    ...(webhookUrl ? { sandbox: { webhooks: { urls: [webhookUrl], secret: SECRET } } } : {}),
  });
  mocks.push(mock);
  return mock;
}

async function ten99Session(mock: Mock): Promise<{ id: string; url: string }> {
  const created = await call(`${mock.url}/api/v1/payment/sessions`, {
    method: 'POST',
    headers: { authorization: 'Bearer t9k_test_dummy', 'content-type': 'application/json' },
    body: JSON.stringify({ contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/return' }),
  });
  expect(created.status).toBe(201);
  return json(created) as { id: string; url: string };
}

async function connectSession(mock: Mock): Promise<{ id: string; url: string }> {
  const created = await call(`${mock.url}/payment-sessions`, {
    method: 'POST',
    headers: { 'x-api-key': 'dummy', 'content-type': 'application/json' },
    body: JSON.stringify({
      orderId: 'order-1',
      paymentProvider: 'STRIPE',
      hosted: true,
      returnUrl: 'https://shop.example.com/paid',
      cancelUrl: 'https://shop.example.com/cart',
    }),
  });
  expect(created.status).toBe(201);
  const body = json(created) as { paymentSessionId: string; provider: { url: string } };
  return { id: body.paymentSessionId, url: body.provider.url };
}

const post = (url: string, form: Record<string, string>) =>
  call(url, { method: 'POST', redirect: 'manual', headers: FORM, body: new URLSearchParams(form).toString() });

const state = async (mock: Mock, id: string) => json(await call(`${mock.url}/__paykit/sessions/${id}`)).state;

describe('test cards on the hosted pages', () => {
  it('shows the card table on the page, with the succeeding card filled in', async () => {
    const mock = await start('ten99policy');
    const page = await call((await ten99Session(mock)).url);
    expect(page.status).toBe(200);
    for (const number of ['4242 4242 4242 4242', '4000 0000 0000 0002', '4000 0000 0000 9995', '4000 0025 0000 3155']) {
      expect(page.text).toContain(`<code>${number}</code>`);
    }
    expect(page.text).toContain('name="card" value="4242 4242 4242 4242"');
  });

  it.each([
    ['4000 0000 0000 0002', 'Your card was declined.', 'generic_decline'],
    ['4000 0000 0000 9995', 'Your card has insufficient funds.', 'insufficient_funds'],
    ['4242 4242 4242 4241', 'Your card number is incorrect.', 'incorrect_number'],
  ])('1099Policy: %s shows "%s" inline and keeps the session pending, page usable', async (card, message, code) => {
    const receiver = await startReceiver();
    const mock = await start('ten99policy', receiver.url);
    const session = await ten99Session(mock);
    const declined = await post(session.url, { action: 'complete', card });
    expect(declined.status).toBe(402);
    expect(declined.text).toContain(message);
    expect(declined.text).toContain(`data-decline-code="${code}"`);
    expect(declined.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await state(mock, session.id)).toBe('pending');
    expect(mock.sandbox!.accounts.all().flatMap((account) => account.webhooks?.events ?? [])).toHaveLength(0);

    const paid = await post(session.url, { action: 'complete', card: '4242424242424242' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toContain('status=completed');
  });

  it('1099Policy: the 3-D Secure card leads to a challenge whose "complete" ends completed, with its webhook', async () => {
    const receiver = await startReceiver();
    const mock = await start('ten99policy', receiver.url);
    const session = await ten99Session(mock);
    const toChallenge = await post(session.url, { action: 'complete', card: '4000 0025 0000 3155' });
    expect(toChallenge.status).toBe(303);
    const challengeUrl = new URL(toChallenge.headers.get('location')!, session.url).href;
    expect(challengeUrl).toBe(`${session.url}/challenge`);
    expect(await state(mock, session.id)).toBe('pending');

    const challenge = await call(challengeUrl);
    expect(challenge.status).toBe(200);
    expect(challenge.text).toContain('Complete authentication');
    expect(challenge.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(challenge.headers.get('x-frame-options')).toBe('DENY');

    const done = await post(challengeUrl, { action: 'complete' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`https://app.example.com/return?hps_id=${session.id}&status=completed`);
    expect(await state(mock, session.id)).toBe('completed');
    const [delivery] = await receiver.waitFor(1);
    const event = await verifyWebhook({ rawBody: delivery!.rawBody, headers: delivery!.headers, secret: SECRET });
    expect(event).toMatchObject({ type: 'payment.session.completed', data: { object: { id: session.id } } });
  });

  it('1099Policy: a failed challenge shows the authentication error on the card page and keeps the session pending', async () => {
    const mock = await start('ten99policy');
    const session = await ten99Session(mock);
    await post(session.url, { action: 'complete', card: '4000002500003155' });
    const failed = await post(`${session.url}/challenge`, { action: 'fail' });
    expect(failed.status).toBe(402);
    expect(failed.text).toContain('We are unable to authenticate your payment method.');
    expect(failed.text).toContain(`action="${new URL(session.url).pathname}"`);
    expect(await state(mock, session.id)).toBe('pending');
    expect((await call(`${session.url}/challenge`)).status).toBe(404);
  });

  it('a challenge page is refused to another origin, like the card page', async () => {
    const mock = await start('ten99policy');
    const session = await ten99Session(mock);
    await post(session.url, { action: 'complete', card: '4000002500003155' });
    const foreign = await call(`${session.url}/challenge`, {
      method: 'POST',
      headers: { ...FORM, origin: 'https://evil.example' },
      body: 'action=complete',
    });
    expect(foreign.status).toBe(403);
    expect(await state(mock, session.id)).toBe('pending');
  });

  it('Connect: the 3-D Secure card moves the session to REQUIRES_ACTION; complete ends COMPLETED at returnUrl', async () => {
    const mock = await start('connect');
    const session = await connectSession(mock);
    await post(session.url, { action: 'complete', card: '4000 0025 0000 3155' });
    const read = await call(`${mock.url}/payment-sessions/${session.id}`, { headers: { 'x-api-key': 'dummy' } });
    expect(json(read).status).toBe('REQUIRES_ACTION');
    const done = await post(`${session.url}/challenge`, { action: 'complete' });
    expect(done.headers.get('location')).toBe('https://shop.example.com/paid');
    expect(await state(mock, session.id)).toBe('completed');
  });

  it('Connect: a failed challenge ends the session FAILED and returns to returnUrl', async () => {
    const mock = await start('connect');
    const session = await connectSession(mock);
    await post(session.url, { action: 'complete', card: '4000 0025 0000 3155' });
    const failed = await post(`${session.url}/challenge`, { action: 'fail' });
    expect(failed.status).toBe(303);
    expect(failed.headers.get('location')).toBe('https://shop.example.com/paid');
    const read = await call(`${mock.url}/payment-sessions/${session.id}`, { headers: { 'x-api-key': 'dummy' } });
    expect(json(read).status).toBe('FAILED');
  });

  it('Connect: a declined card keeps the session PENDING and shows the error', async () => {
    const mock = await start('connect');
    const session = await connectSession(mock);
    const declined = await post(session.url, { action: 'complete', card: '4000 0000 0000 0002' });
    expect(declined.status).toBe(402);
    expect(declined.text).toContain('Your card was declined.');
    const read = await call(`${mock.url}/payment-sessions/${session.id}`, { headers: { 'x-api-key': 'dummy' } });
    expect(json(read).status).toBe('PENDING');
  });
});
