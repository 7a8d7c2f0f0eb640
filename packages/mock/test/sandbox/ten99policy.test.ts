import { verifyWebhook } from '@paykit/client/ten99policy';
import { describe, expect, it } from 'vitest';
import { type SandboxHarness, startHarness, startReceiver } from './support.js';

const create = { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/billing/return?tab=card' };
const SECRET = 'whsec_sandbox_test_secret';

async function createSession(h: SandboxHarness) {
  const answer = await h.call('createPaymentSession', { body: create });
  return answer.body as Record<string, any>;
}

describe('1099Policy sandbox: sessions', () => {
  it('creates a pending session from the request, with an hps_ id, 30-minute expiry and a local one-time url', async () => {
    const harness = await startHarness('ten99policy');
    const answer = await harness.call('createPaymentSession', { body: create });
    const session = answer.body as Record<string, any>;
    expect(answer.status).toBe(201);
    expect(session).toMatchObject({
      contractor_id: 'cn_AbCdEfGh12',
      return_url: create.return_url,
      status: 'pending',
      processor: 'checkout',
      cancelled_at: null,
      completed_at: null,
    });
    expect(session.id).toMatch(/^hps_[A-Za-z0-9]{14}$/);
    expect(session.expires_at - session.created).toBe(1800);
    expect(Math.abs(session.created - Date.now() / 1000)).toBeLessThan(5);
    expect(session.url.startsWith(`${harness.url}/__paykit/pages/test_`)).toBe(true);
  });

  it('cancels a pending session once (200 cancelled, no url), then answers 400 session_not_pending', async () => {
    const harness = await startHarness('ten99policy');
    const { id } = await createSession(harness);
    const cancelled = await harness.call('cancelPaymentSession', { pathParams: { session: id } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled', completed_at: null });
    expect((cancelled.body as any).cancelled_at).toEqual(expect.any(Number));
    expect(cancelled.body).not.toHaveProperty('url');

    const again = await harness.call('cancelPaymentSession', { pathParams: { session: id } });
    expect(again).toEqual({
      status: 400,
      body: { error_code: 'session_not_pending', message: expect.stringContaining('cancelled') },
    });
  });

  it('answers 404 resource_not_found for an unknown session', async () => {
    const harness = await startHarness('ten99policy');
    const answer = await harness.call('cancelPaymentSession', { pathParams: { session: 'hps_unknown' } });
    expect(answer).toEqual({
      status: 404,
      body: { error_code: 'resource_not_found', message: 'Payment session not found.' },
    });
  });

  it('answers session_expired past expires_at until the expiry job flips the session to expired', async () => {
    const harness = await startHarness('ten99policy');
    const { id } = await createSession(harness);
    harness.sandbox.advance(31 * 60, { expire: false });
    const early = await harness.call('cancelPaymentSession', { pathParams: { session: id } });
    expect(early.body).toMatchObject({ error_code: 'session_expired' });

    expect(harness.sandbox.advance(0).map((session) => session.id)).toEqual([id]);
    const late = await harness.call('cancelPaymentSession', { pathParams: { session: id } });
    expect(late).toMatchObject({ status: 400, body: { error_code: 'session_not_pending' } });
    expect(harness.sandbox.sessions.get(id)?.phase).toBe('expired');
  });

  it('flips a session past expires_at by itself: the expiry job runs on its interval', async () => {
    const harness = await startHarness('ten99policy', { expiryIntervalMs: 10 });
    const { id } = await createSession(harness);
    harness.sandbox.advance(30 * 60, { expire: false });
    const session = harness.sandbox.sessions.get(id)!;
    while (session.phase === 'pending') await new Promise((resume) => setTimeout(resume, 10));
    expect(session.phase).toBe('expired');
  });

  it('replays the first answer for a repeated idempotency key, also with another body (no 409 declared)', async () => {
    const harness = await startHarness('ten99policy');
    const headers = { 'idempotency-key': 'key-1' };
    const first = await harness.call('createPaymentSession', { body: create, headers });
    const repeat = await harness.call('createPaymentSession', { body: create, headers });
    expect(repeat).toEqual(first);
    const changed = await harness.call('createPaymentSession', {
      body: { ...create, contractor: 'cn_Other1' },
      headers,
    });
    expect(changed.status).toBe(201);
    expect((changed.body as any).id).not.toBe((first.body as any).id);
    expect(harness.sandbox.sessions.all()).toHaveLength(2);
  });

  it("replays a create's first answer as it was sent (its url too), after its session was cancelled", async () => {
    const harness = await startHarness('ten99policy');
    const headers = { 'idempotency-key': 'key-cancelled' };
    const first = await harness.call('createPaymentSession', { body: create, headers });
    harness.sandbox.advance(60);
    const { id } = first.body as { id: string };
    const cancelled = await harness.call('cancelPaymentSession', { pathParams: { session: id } });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelled_at: expect.any(Number) });
    const replayed = await harness.call('createPaymentSession', { body: create, headers });
    expect(replayed).toEqual(first);
    expect(replayed.body).toMatchObject({ status: 'pending', cancelled_at: null, url: expect.any(String) });
  });

  it('forgets an idempotency key after 24 hours of mock time', async () => {
    const harness = await startHarness('ten99policy');
    const headers = { 'idempotency-key': 'key-2' };
    const first = await harness.call('createPaymentSession', { body: create, headers });
    harness.sandbox.advance(24 * 3600);
    const later = await harness.call('createPaymentSession', { body: create, headers });
    expect((later.body as any).id).not.toBe((first.body as any).id);
  });
});

describe('1099Policy sandbox: webhooks', () => {
  it('signs payment.session.cancelled with the vendor scheme; verifyWebhook accepts it', async () => {
    const receiver = await startReceiver();
    const harness = await startHarness('ten99policy', { webhooks: { urls: [receiver.url], secret: SECRET } });
    const { id } = await createSession(harness);
    await harness.call('cancelPaymentSession', { pathParams: { session: id } });

    const [delivery] = await receiver.waitFor(1);
    expect(delivery!.headers['ten99policy-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const event = await verifyWebhook({ rawBody: delivery!.rawBody, headers: delivery!.headers, secret: SECRET });
    expect(event.type).toBe('payment.session.cancelled');
    expect(event.id).toMatch(/^evt_/);
    expect(event.data.object).toMatchObject({ id, status: 'cancelled' });
    expect(event.data.object).not.toHaveProperty('url');
  });

  it('sends payment.session.expired when the clock passes expires_at', async () => {
    const receiver = await startReceiver();
    const harness = await startHarness('ten99policy', { webhooks: { urls: [receiver.url], secret: SECRET } });
    const { id } = await createSession(harness);
    harness.sandbox.advance(30 * 60 + 1);
    const [delivery] = await receiver.waitFor(1);
    const event = await verifyWebhook({ rawBody: delivery!.rawBody, headers: delivery!.headers, secret: SECRET });
    expect(event).toMatchObject({ type: 'payment.session.expired', data: { object: { id, status: 'expired' } } });
  });

  it('retries many failing deliveries without Node warning of piled-up listeners', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const harness = await startHarness('ten99policy', {
        webhooks: { urls: ['http://127.0.0.1:9/refused'], secret: SECRET, attempts: 3, backoffMs: 1 },
      });
      for (let i = 0; i < 8; i++) {
        const { id } = await createSession(harness);
        harness.sandbox.sessions.move(harness.sandbox.sessions.get(id)!, 'cancelled');
      }
      await harness.sandbox.webhooks!.settled();
      expect(harness.sandbox.webhooks!.events.map((event) => event.deliveries[0]!.attempts.length)).toEqual(
        Array(8).fill(3),
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('retries a failed delivery with backoff, bounded, and logs every attempt', async () => {
    const receiver = await startReceiver([500, 503, 500, 500]);
    const lines: string[] = [];
    const harness = await startHarness('ten99policy', {
      webhooks: {
        urls: [receiver.url, 'http://127.0.0.1:9/refused?token=abc'],
        secret: SECRET,
        attempts: 3,
        backoffMs: 5,
      },
      log: (line) => lines.push(line),
    });
    const { id } = await createSession(harness);
    harness.sandbox.sessions.move(harness.sandbox.sessions.get(id)!, 'completed');
    await harness.sandbox.webhooks!.settled();

    const [event] = harness.sandbox.webhooks!.events;
    expect(event).toMatchObject({ type: 'payment.session.completed', objectId: id });
    const [toReceiver, toNobody] = event!.deliveries;
    expect(toReceiver!.state).toBe('failed');
    expect(toReceiver!.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 500]);
    expect(toNobody!.state).toBe('failed');
    expect(toNobody!.attempts).toHaveLength(3);
    expect(toNobody!.attempts[0]!.error).toMatch(/connection failed/);

    harness.sandbox.webhooks!.send(event!);
    await harness.sandbox.webhooks!.settled();
    expect(event!.deliveries[2]).toMatchObject({ url: receiver.url, state: 'delivered' });
    expect(event!.deliveries[2]!.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
    const bodies = new Set(receiver.received.map((delivery) => delivery.rawBody));
    expect(bodies.size).toBe(1);
    // One console line per attempt, without the secret or a receiver's query: 3 + 3 attempts, then the resend's
    // 2 (500, then delivered) and 3 (refused again).
    expect(lines).toHaveLength(11);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^webhook payment\.session\.completed evt_\w+ attempt 1 to http:\/\/127\.0\.0\.1:\d+\/hooks failed: 500 \(\d+ ms\); next attempt in 5 ms of mock time$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^webhook payment\.session\.completed evt_\w+ delivered to http:\/\/127\.0\.0\.1:\d+\/hooks \(200, attempt 2, \d+ ms\)$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^webhook payment\.session\.completed evt_\w+ NOT delivered to http:\/\/127\.0\.0\.1:\d+\/hooks after 3 attempt\(s\): 500$/,
      ),
    );
    expect(lines.join('\n')).not.toMatch(new RegExp(`${SECRET}|token=abc`));
  });
});
