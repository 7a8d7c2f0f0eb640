import { createConnectClient } from '@paykit/client/connect';
import { createTen99PolicyClient, verifyWebhook } from '@paykit/client/ten99policy';
import { afterEach, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../../src/index.js';
import { call, json } from '../support/http.js';
import { startReceiver } from './support.js';

// The "done when", end to end: a real startMock (engine + sandbox plugin, Prism validating every request)
// called through @paykit/client, a hosted page submitted like a browser would, a webhook receiver of our own.

const SECRET = 'whsec_flow_test';
const returnUrl = 'https://app.example.com/settings/billing/return';

const mocks: Mock[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((mock) => mock.stop()));
});

async function ten99(options: Parameters<typeof startMock>[0] extends infer O ? Partial<O> : never = {}) {
  const mock = await startMock({ api: 'ten99policy', ...options });
  mocks.push(mock);
  return { mock, client: createTen99PolicyClient({ apiKey: 't9k_test_dummy', baseUrl: mock.url, maxRetries: 0 }) };
}

async function connect() {
  const mock = await startMock({ api: 'connect' });
  mocks.push(mock);
  return { mock, client: createConnectClient({ apiKey: 'dummy-key', baseUrl: mock.url, maxRetries: 0 }) };
}

describe('1099Policy sandbox through startMock and the client', () => {
  it('cancels a created session once (200 cancelled), then refuses with 400 session_not_pending', async () => {
    const { client } = await ten99();
    const created = await client.POST('/api/v1/payment/sessions', {
      body: { contractor: 'cn_AbCdEfGh12', return_url: returnUrl },
    });
    const id = created.data!.id;
    const cancelled = await client.POST('/api/v1/payment/sessions/{session}/cancel', {
      params: { path: { session: id } },
    });
    expect(cancelled.data).toMatchObject({ id, status: 'cancelled' });
    const again = await client.POST('/api/v1/payment/sessions/{session}/cancel', { params: { path: { session: id } } });
    expect(again.response.status).toBe(400);
    expect(again.error?.body).toMatchObject({ error_code: 'session_not_pending' });
  });

  it('opens the url on the mock, completes it with the form, and sends a signed completed webhook', async () => {
    const receiver = await startReceiver();
    const { mock, client } = await ten99({ sandbox: { webhooks: { urls: [receiver.url], secret: SECRET } } });
    const { data: session } = await client.POST('/api/v1/payment/sessions', {
      body: { contractor: 'cn_AbCdEfGh12', return_url: returnUrl },
    });
    expect(session!.url.startsWith(`${mock.url}/__paykit/pages/`)).toBe(true);
    expect((await call(session!.url)).text).toContain('<form method="post">');

    const done = await call(session!.url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=complete',
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${returnUrl}?hps_id=${session!.id}&status=completed`);

    const [delivery] = await receiver.waitFor(1);
    const event = await verifyWebhook({ rawBody: delivery!.rawBody, headers: delivery!.headers, secret: SECRET });
    expect(event).toMatchObject({
      type: 'payment.session.completed',
      data: { object: { id: session!.id, status: 'completed' } },
    });
  });

  it('expires a pending session when the clock advances: session_expired first, then expired and its event', async () => {
    const receiver = await startReceiver();
    const { mock, client } = await ten99({ sandbox: { webhooks: { urls: [receiver.url], secret: SECRET } } });
    const { data: session } = await client.POST('/api/v1/payment/sessions', {
      body: { contractor: 'cn_AbCdEfGh12', return_url: returnUrl },
    });
    const cancel = () =>
      client.POST('/api/v1/payment/sessions/{session}/cancel', { params: { path: { session: session!.id } } });
    const advance = (body: unknown) =>
      call(`${mock.url}/__paykit/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    await advance({ seconds: 1801, expire: false });
    expect((await cancel()).error?.body).toMatchObject({ error_code: 'session_expired' });
    expect(json(await advance({ seconds: 0 })).expired).toEqual([session!.id]);
    expect((await cancel()).error?.body).toMatchObject({ error_code: 'session_not_pending' });

    const [delivery] = await receiver.waitFor(1);
    const event = await verifyWebhook({ rawBody: delivery!.rawBody, headers: delivery!.headers, secret: SECRET });
    expect(event).toMatchObject({
      type: 'payment.session.expired',
      data: { object: { id: session!.id, status: 'expired' } },
    });
  });

  it('still answers forced examples from the spec (Prism), and refuses invalid requests before the sandbox', async () => {
    const { mock, client } = await ten99();
    const forced = await client.POST('/api/v1/payment/sessions/{session}/cancel', {
      params: { path: { session: 'hps_anything' } },
      headers: { Prefer: 'code=400, example=sessionExpired' },
    });
    expect(forced.error?.body).toEqual({ error_code: 'session_expired', message: 'The payment session has expired.' });
    // The client refuses a bad return_url itself, so the request goes out raw.
    const refused = await call(`${mock.url}/api/v1/payment/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t9k_test_dummy' },
      body: JSON.stringify({ contractor: 'cn_AbCdEfGh12', return_url: 'http://insecure.example.com' }),
    });
    expect(refused.status).toBe(400);
    expect(json(refused)).toMatchObject({ error_code: 'invalid_return_url' });
    expect(json(await call(`${mock.url}/__paykit/sessions`)).sessions).toEqual([]);
  });
});

describe('Connect sandbox through startMock and the client', () => {
  it('returns the orderId it was created with from GET', async () => {
    const { client } = await connect();
    const created = await client.POST('/payment-sessions', {
      body: { orderId: 'order-42', paymentProvider: 'STRIPE' },
    });
    expect(created.response.status).toBe(201);
    const id = created.data!.paymentSessionId;
    const read = await client.GET('/payment-sessions/{paymentSessionId}', {
      params: { path: { paymentSessionId: id } },
    });
    expect(read.data).toMatchObject({ paymentSessionId: id, orderId: 'order-42', status: 'PENDING' });
    const unknown = await client.GET('/payment-sessions/{paymentSessionId}', {
      params: { path: { paymentSessionId: 'nope' } },
    });
    expect(unknown.response.status).toBe(404);
  });

  it('gives the same session for the same idempotency key and body, and 409 for a changed body', async () => {
    const { client } = await connect();
    const headers = { 'X-Idempotency-Key': 'checkout-order-43' };
    const body = { orderId: 'order-43', paymentProvider: 'STRIPE' };
    const first = await client.POST('/payment-sessions', { body, headers });
    const second = await client.POST('/payment-sessions', { body, headers });
    expect(second.data).toEqual(first.data);
    const changed = await client.POST('/payment-sessions', { body: { ...body, orderId: 'order-44' }, headers });
    expect(changed.response.status).toBe(409);
    expect(changed.error?.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('acts once for a create whose answer was lost: the retry with the same key gets the session it made', async () => {
    const { mock, client } = await connect();
    const body = { orderId: 'order-46', paymentProvider: 'STRIPE' };
    const lost = await call(`${mock.url}/payment-sessions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // The client's own key: idempotency keys are kept per account.
        'x-api-key': 'dummy-key',
        'x-idempotency-key': 'k-46',
        'x-mock-fault': 'lost',
      },
      body: JSON.stringify(body),
    }).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(Error);
    const retried = await client.POST('/payment-sessions', { body, headers: { 'X-Idempotency-Key': 'k-46' } });
    expect(retried.response.status).toBe(201);
    const sessions = json(await call(`${mock.url}/__paykit/sessions`)).sessions as Array<{ id: string }>;
    expect(sessions.map((session) => session.id)).toEqual([retried.data!.paymentSessionId]);
  });

  it('keeps its sessions across a spec reload', async () => {
    const { mock, client } = await connect();
    const created = await client.POST('/payment-sessions', {
      body: { orderId: 'order-45', paymentProvider: 'STRIPE' },
    });
    await mock.reload();
    const id = created.data!.paymentSessionId;
    const read = await client.GET('/payment-sessions/{paymentSessionId}', {
      params: { path: { paymentSessionId: id } },
    });
    expect(read.data).toMatchObject({ orderId: 'order-45' });
  });

  it('serves examples only with stateless: true', async () => {
    const mock = await startMock({ api: 'connect', stateless: true });
    mocks.push(mock);
    const client = createConnectClient({ apiKey: 'dummy-key', baseUrl: mock.url, maxRetries: 0 });
    const read = await client.GET('/payment-sessions/{paymentSessionId}', {
      params: { path: { paymentSessionId: 'any' } },
    });
    expect(read.response.status).toBe(200);
    expect((await call(`${mock.url}/__paykit/sessions`)).status).toBe(404);
  });
});
