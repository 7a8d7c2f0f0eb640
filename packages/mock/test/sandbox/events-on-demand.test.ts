import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@paykit/client/ten99policy';
import { afterEach, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../../src/index.js';
import { call, json } from '../support/http.js';
import { closeAfterTest, startReceiver } from './support.js';

// Events on demand, the event log's filters and attempts, and 1099Policy's webhook endpoints, through HTTP to a
// started mock, as curl would drive them.

const SECRET = 'whsec_on_demand_test';
const KEY_A = 't9k_test_account_a';
const KEY_B = 't9k_test_account_b';

const mocks: Mock[] = [];
const lines: string[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((mock) => mock.stop()));
  lines.length = 0;
});

async function ten99(webhookUrl?: string) {
  const mock = await startMock({
    api: 'ten99policy',
    sandbox: {
      log: (line) => lines.push(line),
      ...(webhookUrl ? { webhooks: { urls: [webhookUrl], secret: SECRET, attempts: 2, backoffMs: 1 } } : {}),
    },
  });
  mocks.push(mock);
  return mock;
}

const control = (mock: Mock, path: string, body?: unknown) =>
  call(`${mock.url}/__paykit/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A POST to the vendor API (every 1099Policy operation is one). */
const api = (mock: Mock, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) =>
  call(`${mock.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const newSession = async (mock: Mock, key = KEY_A) =>
  json(
    await api(mock, '/api/v1/payment/sessions', key, {
      contractor: 'cn_AbCdEfGh12',
      return_url: 'https://app.example.com/return',
    }),
  ) as { id: string; url: string };

/** A receiver answering every delivery with `status` and `body` (for the attempt's excerpt). */
async function answeringReceiver(status: number, body: (headers: IncomingHttpHeaders) => string) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'text/plain' }).end(body(req.headers)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeAfterTest(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
}

describe('events on demand: POST /__paykit/events', () => {
  it('payment.session.expired with no session makes one, expires it and delivers a signed event verifyWebhook accepts', async () => {
    const receiver = await startReceiver();
    const mock = await ten99(receiver.url);
    const sent = await control(mock, 'events', { type: 'payment.session.expired' });
    expect(sent.status).toBe(201);
    const { event, session } = json(sent) as {
      event: { id: string; type: string };
      session: { id: string; state: string };
    };
    expect(event.type).toBe('payment.session.expired');
    expect(session.state).toBe('expired');

    const [delivery] = await receiver.waitFor(1);
    const verified = await verifyWebhook({ rawBody: delivery!.rawBody, headers: delivery!.headers, secret: SECRET });
    expect(verified).toMatchObject({
      id: event.id,
      type: 'payment.session.expired',
      data: { object: { id: session.id, status: 'expired' } },
    });
    expect(JSON.stringify(json(sent))).not.toContain('/__paykit/pages/');
  });

  it('moves a named session, sends its event again when it is there already, and refuses a final one', async () => {
    const receiver = await startReceiver();
    const mock = await ten99(receiver.url);
    const { id } = await newSession(mock);
    const first = await control(mock, 'events', { type: 'payment.session.completed', session: id });
    expect(first.status).toBe(201);
    expect(json(await control(mock, `sessions/${id}`)).state).toBe('completed');
    const again = await control(mock, 'events', { type: 'payment.session.completed', session: id });
    expect(again.status).toBe(201);
    expect((json(again).event as { id: string }).id).not.toBe((json(first).event as { id: string }).id);
    const refused = await control(mock, 'events', { type: 'payment.session.cancelled', session: id });
    expect(refused.status).toBe(409);
    expect(json(refused).detail).toMatch(/completed, which is final/);
    await receiver.waitFor(2);
  });

  it('says what is wrong with a request', async () => {
    const mock = await ten99();
    const noType = await control(mock, 'events', {});
    expect([noType.status, json(noType).detail]).toEqual([400, expect.stringMatching(/^type is required/)]);
    const unknown = await control(mock, 'events', { type: 'policy.active' });
    expect(json(unknown).detail).toBe(
      'type must be one of payment.session.completed, payment.session.cancelled, payment.session.expired',
    );
    const missing = await control(mock, 'events', { type: 'payment.session.completed', session: 'hps_nope' });
    expect(missing.status).toBe(404);
    const connect = await startMock({ api: 'connect' });
    mocks.push(connect);
    const none = await control(connect, 'events', { type: 'payment.session.completed' });
    expect([none.status, json(none).detail]).toEqual([
      404,
      'connect documents no webhooks, so the sandbox sends no events',
    ]);
  });
});

describe('the event log: GET /__paykit/events', () => {
  it('filters by type and by session, a page at a time, the next link keeping the filters', async () => {
    const mock = await ten99();
    const { id } = await newSession(mock);
    await control(mock, 'events', { type: 'payment.session.expired' });
    await control(mock, 'events', { type: 'payment.session.cancelled', session: id });
    await control(mock, 'events', { type: 'payment.session.cancelled', session: id });
    await control(mock, 'events', { type: 'payment.session.cancelled' });

    const types = (answer: Record<string, unknown>) =>
      (answer.events as Array<{ type: string; objectId: string }>).map((event) => [event.type, event.objectId]);
    const bySession = json(await control(mock, `events?session=${id}`));
    expect(types(bySession)).toEqual([
      ['payment.session.cancelled', id],
      ['payment.session.cancelled', id],
    ]);
    const cancelled = json(await control(mock, 'events?type=payment.session.cancelled&limit=2'));
    expect(types(cancelled).map(([type]) => type)).toEqual(['payment.session.cancelled', 'payment.session.cancelled']);
    expect(cancelled.next).toMatch(/[?&]type=payment.session.cancelled(&|$)/);
    const rest = json(await call(`${mock.url}${cancelled.next}`));
    expect(types(rest)).toHaveLength(1);
    // Without ?account, a list goes account by account (oldest first in each): the key's two, the control API's one.
    const all = [...types(cancelled), ...types(rest)].map(([, objectId]) => objectId);
    expect(all.filter((objectId) => objectId === id)).toHaveLength(2);
    expect(rest.next).toBeNull();
    const both = json(await control(mock, `events?type=payment.session.expired&session=${id}`));
    expect(both.events).toEqual([]);
  });

  it('records each attempt: status, duration and an excerpt of the answer without the secret or signature', async () => {
    const echo = await answeringReceiver(
      500,
      (headers) => `rejected ${headers['ten99policy-signature']} with ${SECRET} ${'x'.repeat(1000)}`,
    );
    const mock = await ten99(echo);
    await control(mock, 'events', { type: 'payment.session.expired' });
    await mock.sandbox!.settled();
    const [event] = json(await control(mock, 'events')).events as Array<{
      deliveries: Array<{ attempts: Array<{ status: number; durationMs: number; response: string }> }>;
    }>;
    const attempts = event!.deliveries[0]!.attempts;
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) {
      expect(attempt.status).toBe(500);
      expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
      expect(attempt.response).toMatch(/^rejected \[redacted\] with \[redacted\] x+…$/);
      expect(attempt.response.length).toBe(301);
    }
    // The CLI's lines: one per attempt, never the secret.
    expect(lines.filter((line) => line.startsWith('webhook '))).toEqual([
      expect.stringMatching(
        / attempt 1 to http:\/\/127\.0\.0\.1:\d+\/hooks failed: 500 \(\d+ ms\); next attempt in 1 ms/,
      ),
      expect.stringMatching(/ NOT delivered to http:\/\/127\.0\.0\.1:\d+\/hooks after 2 attempt\(s\): 500$/),
    ]);
    expect(lines.join('\n')).not.toContain(SECRET);
  });
});

describe('1099Policy webhook endpoints: POST /api/v1/webhook_endpoints', () => {
  it("returns the endpoint with its whsec_ secret, then delivers its account's next event signed with that secret", async () => {
    const settingsReceiver = await startReceiver();
    const endpointReceiver = await startReceiver();
    const mock = await ten99(settingsReceiver.url);
    const created = await api(mock, '/api/v1/webhook_endpoints', KEY_A, {
      url: endpointReceiver.url,
      events: '*',
      description: 'billing',
    });
    expect(created.status).toBe(201);
    const endpoint = json(created) as { id: string; secret: string; events: string[]; created: number };
    expect(endpoint).toMatchObject({ url: endpointReceiver.url, events: ['*'], description: 'billing' });
    expect(endpoint.id).toMatch(/^we_/);
    expect(endpoint.secret).toMatch(/^whsec_\w{20,}$/);

    // Another account's session: its events do not reach A's endpoint.
    const other = await newSession(mock, KEY_B);
    await api(mock, `/api/v1/payment/sessions/${other.id}/cancel`, KEY_B, undefined, {});
    const mine = await newSession(mock, KEY_A);
    await call(`${mock.url}/api/v1/payment/sessions/${mine.id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${KEY_A}:`).toString('base64')}` },
    });
    await mock.sandbox!.settled();

    expect(endpointReceiver.received).toHaveLength(1);
    const [delivery] = endpointReceiver.received;
    const event = await verifyWebhook({
      rawBody: delivery!.rawBody,
      headers: delivery!.headers,
      secret: endpoint.secret,
    });
    expect(event).toMatchObject({ type: 'payment.session.cancelled', data: { object: { id: mine.id } } });
    await expect(
      verifyWebhook({ rawBody: delivery!.rawBody, headers: delivery!.headers, secret: SECRET }),
    ).rejects.toMatchObject({ reason: 'bad_signature' });
    // The mock's own receiver got both, signed with its secret.
    expect(settingsReceiver.received).toHaveLength(2);

    const log = JSON.stringify(json(await control(mock, 'events')));
    const listed = json(await control(mock, 'webhook-endpoints'));
    expect(listed.webhookEndpoints).toEqual([expect.objectContaining({ id: endpoint.id, url: endpointReceiver.url })]);
    for (const text of [log, JSON.stringify(listed), lines.join('\n')]) expect(text).not.toContain(endpoint.secret);
    expect(log).toContain(`"endpoint":"${endpoint.id}"`);
  });

  it('delivers only the events an endpoint subscribed to, and refuses a URL it could not deliver to', async () => {
    const receiver = await startReceiver();
    const mock = await ten99();
    await api(mock, '/api/v1/webhook_endpoints', KEY_A, { url: receiver.url, events: ['payment.session.completed'] });
    const cancelled = await newSession(mock);
    await control(mock, 'events', { type: 'payment.session.cancelled', session: cancelled.id });
    await control(mock, 'events', { type: 'payment.session.completed' });
    await mock.sandbox!.settled();
    expect(receiver.received.map((delivery) => JSON.parse(delivery.rawBody).type)).toEqual([
      'payment.session.completed',
    ]);

    const withPassword = await api(mock, '/api/v1/webhook_endpoints', KEY_A, { url: 'https://u:p@hooks.example.com/' });
    expect([withPassword.status, json(withPassword)]).toEqual([
      400,
      {
        error_code: 'invalid_input',
        message: 'url must not carry a user name or password (a token in its query works)',
      },
    ]);
    const noUrl = await api(mock, '/api/v1/webhook_endpoints', KEY_A, { events: '*' });
    expect([noUrl.status, json(noUrl).error_code]).toEqual([400, 'invalid_input']);
  });
});

describe('Prefer keeps the identity of a session the sandbox holds', () => {
  it('Connect: GET with Prefer: example=completed answers my session, COMPLETED', async () => {
    const mock = await startMock({ api: 'connect' });
    mocks.push(mock);
    const created = json(
      await call(`${mock.url}/payment-sessions`, {
        method: 'POST',
        headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
        body: JSON.stringify({ orderId: 'order-42', paymentProvider: 'STRIPE', metadata: { cart: '7' } }),
      }),
    );
    const forced = await call(`${mock.url}/payment-sessions/${created.paymentSessionId}`, {
      headers: { 'x-api-key': 'k', prefer: 'example=completed' },
    });
    expect(forced.status).toBe(200);
    const body = json(forced);
    expect(body).toMatchObject({
      paymentSessionId: created.paymentSessionId,
      orderId: 'order-42',
      metadata: { cart: '7' },
      provider: created.provider,
      status: 'COMPLETED',
      createdAt: created.createdAt,
    });
    // Forcing changes nothing: the session is still PENDING.
    const plain = await call(`${mock.url}/payment-sessions/${created.paymentSessionId}`, {
      headers: { 'x-api-key': 'k' },
    });
    expect(json(plain).status).toBe('PENDING');
    // An unknown id, and an error code, are the example as it is.
    const unknown = json(
      await call(`${mock.url}/payment-sessions/nope?__example=completed`, { headers: { 'x-api-key': 'k' } }),
    );
    expect(unknown.paymentSessionId).not.toBe('nope');
    const notFound = await call(`${mock.url}/payment-sessions/${created.paymentSessionId}`, {
      headers: { 'x-api-key': 'k', prefer: 'code=404' },
    });
    expect([notFound.status, json(notFound).code]).toEqual([404, 'NOT_FOUND']);
  });

  it('1099Policy: cancel with Prefer: example=cancelled answers my session cancelled, and cancels nothing', async () => {
    const mock = await ten99();
    const session = await newSession(mock);
    const forced = await api(mock, `/api/v1/payment/sessions/${session.id}/cancel`, KEY_A, undefined, {
      prefer: 'example=cancelled',
    });
    const body = json(forced);
    expect(body).toMatchObject({
      id: session.id,
      contractor_id: 'cn_AbCdEfGh12',
      return_url: 'https://app.example.com/return',
      status: 'cancelled',
      completed_at: null,
    });
    expect(body.cancelled_at).toBeGreaterThanOrEqual(body.created as number);
    expect(body).not.toHaveProperty('url');
    expect(json(await control(mock, `sessions/${session.id}`)).state).toBe('pending');
  });
});
