import { describe, expect, it } from 'vitest';
import { connectSandbox } from '../../src/sandbox/vendors/connect.js';
import { startHarness } from './support.js';

const embedded = { orderId: 'order-123', paymentProvider: 'STRIPE', metadata: { source: 'test' } };
const hosted = {
  orderId: 'order-456',
  paymentProvider: 'STRIPE',
  hosted: true,
  returnUrl: 'https://shop.example.com/done',
  cancelUrl: 'https://shop.example.com/cart',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Connect sandbox: payment sessions', () => {
  it('creates an embedded session from the request and returns the same one from GET', async () => {
    const harness = await startHarness('connect');
    const created = await harness.call('createPaymentSession', { body: embedded });
    const session = created.body as Record<string, any>;
    expect(created.status).toBe(201);
    expect(session).toMatchObject({ ...embedded, hosted: false, savePaymentProfile: false, status: 'PENDING' });
    expect(session.paymentSessionId).toMatch(UUID);
    expect(session.provider.paymentIntentId).toMatch(/^pi_/);
    expect(session.createdAt).toBe(session.updatedAt);

    const read = await harness.call('getPaymentSession', {
      pathParams: { paymentSessionId: session.paymentSessionId },
    });
    expect(read).toEqual({ status: 200, body: session });
  });

  it('gives a hosted session a local checkout page and echoes its URLs', async () => {
    const harness = await startHarness('connect');
    const session = (await harness.call('createPaymentSession', { body: hosted })).body as Record<string, any>;
    expect(session).toMatchObject({ hosted: true, returnUrl: hosted.returnUrl, cancelUrl: hosted.cancelUrl });
    expect(session.provider.url.startsWith(`${harness.url}/__paykit/pages/`)).toBe(true);
  });

  it('cancels an open session to FAILED once, then refuses with the spec 400', async () => {
    const harness = await startHarness('connect');
    const { paymentSessionId } = (await harness.call('createPaymentSession', { body: embedded })).body as any;
    const cancelled = await harness.call('cancelPaymentSession', {
      pathParams: { paymentSessionId },
      body: { reason: 'x' },
    });
    expect(cancelled).toMatchObject({ status: 200, body: { paymentSessionId, status: 'FAILED' } });
    const read = await harness.call('getPaymentSession', { pathParams: { paymentSessionId } });
    expect(read.body).toMatchObject({ status: 'FAILED' });
    const again = await harness.call('cancelPaymentSession', { pathParams: { paymentSessionId } });
    expect(again).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: 'The session is FAILED and can no longer be cancelled.' },
    });
  });

  it('answers 404 in the spec shape for an unknown id, per kind of session', async () => {
    const harness = await startHarness('connect');
    const { paymentSessionId } = (await harness.call('createPaymentSession', { body: embedded })).body as any;
    const unknown = await harness.call('getPaymentSession', { pathParams: { paymentSessionId: 'nope' } });
    expect(unknown).toEqual({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'No session was found with the given ID.' },
    });
    const otherKind = await harness.call('getPaymentProfileSession', {
      pathParams: { paymentProfileSessionId: paymentSessionId },
    });
    expect(otherKind.status).toBe(404);
  });

  it('replays the first answer for the same key and body, and answers 409 for a changed body', async () => {
    const harness = await startHarness('connect');
    const headers = { 'x-idempotency-key': 'order-123-attempt' };
    const first = await harness.call('createPaymentSession', { body: embedded, headers });
    const reordered = { metadata: embedded.metadata, paymentProvider: 'STRIPE', orderId: 'order-123' };
    expect(await harness.call('createPaymentSession', { body: reordered, headers })).toEqual(first);
    const conflict = await harness.call('createPaymentSession', { body: { ...embedded, orderId: 'other' }, headers });
    expect(conflict).toEqual({
      status: 409,
      body: {
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: 'The idempotency key was already used with a different request.',
      },
    });
    expect(harness.sandbox.sessions.all()).toHaveLength(1);
  });

  it("replays a create's first answer as it was sent, after its session moved on", async () => {
    const harness = await startHarness('connect');
    const headers = { 'x-idempotency-key': 'create-then-cancel' };
    const first = await harness.call('createPaymentSession', { body: embedded, headers });
    const { paymentSessionId } = first.body as { paymentSessionId: string };
    harness.sandbox.advance(60);
    await harness.call('cancelPaymentSession', { pathParams: { paymentSessionId } });
    harness.sandbox.advance(60);
    const read = await harness.call('getPaymentSession', { pathParams: { paymentSessionId } });
    expect(read.body).toMatchObject({ status: 'FAILED' });
    expect((read.body as { updatedAt: string }).updatedAt).not.toBe((first.body as { updatedAt: string }).updatedAt);
    expect(await harness.call('createPaymentSession', { body: embedded, headers })).toEqual(first);
    expect(first.body).toMatchObject({ status: 'PENDING' });
  });

  it('replays a cancel for the same key even once the session is final', async () => {
    const harness = await startHarness('connect');
    const { paymentSessionId } = (await harness.call('createPaymentSession', { body: embedded })).body as any;
    const headers = { 'x-idempotency-key': 'cancel-1' };
    const first = await harness.call('cancelPaymentSession', { pathParams: { paymentSessionId }, headers });
    expect(await harness.call('cancelPaymentSession', { pathParams: { paymentSessionId }, headers })).toEqual(first);
  });

  it('never expires a session on its own (the vendor documents no lifetime)', async () => {
    const harness = await startHarness('connect');
    const { paymentSessionId } = (await harness.call('createPaymentSession', { body: embedded })).body as any;
    expect(harness.sandbox.advance(7 * 86_400)).toEqual([]);
    expect((await harness.call('getPaymentSession', { pathParams: { paymentSessionId } })).body).toMatchObject({
      status: 'PENDING',
    });
  });
});

describe('Connect sandbox: provider secrets', () => {
  it('gives every session its own payment intent and client secret, in Stripe test form', () => {
    // More creates than one draw of random bytes serves (the pool holds 16 KiB; a create takes 24 bytes).
    const count = 2_000;
    const intents = new Set<string>();
    const secrets = new Set<string>();
    for (let n = 0; n < count; n++) {
      const made = connectSandbox.kinds.paymentSession!.make(embedded, { id: `session-${n}`, now: 0 });
      const { paymentIntentId, clientSecret } = made.provider as { paymentIntentId: string; clientSecret: string };
      expect(paymentIntentId).toMatch(/^pi_[0-9a-f]{24}$/);
      expect(clientSecret).toMatch(new RegExp(`^${paymentIntentId}_secret_[0-9a-f]{24}$`));
      intents.add(paymentIntentId);
      secrets.add(clientSecret.slice(clientSecret.indexOf('_secret_')));
    }
    expect(intents.size).toBe(count);
    expect(secrets.size).toBe(count);
  });
});

describe('Connect sandbox: payment profile sessions', () => {
  it('creates, reads, completes (control) and refuses to cancel a completed session', async () => {
    const harness = await startHarness('connect');
    const body = { orderId: 'order-9', paymentProvider: 'STRIPE' };
    const created = await harness.call('createPaymentProfileSession', { body });
    const session = created.body as Record<string, any>;
    expect(created.status).toBe(201);
    expect(session).toMatchObject({ ...body, status: 'PENDING', metadata: {} });
    expect(session.providers.stripe.setupIntentId).toMatch(/^seti_/);

    const id = session.paymentProfileSessionId as string;
    harness.sandbox.sessions.move(harness.sandbox.sessions.get(id)!, 'requires_action');
    expect(
      (await harness.call('getPaymentProfileSession', { pathParams: { paymentProfileSessionId: id } })).body,
    ).toMatchObject({
      status: 'REQUIRES_ACTION',
    });
    harness.sandbox.sessions.move(harness.sandbox.sessions.get(id)!, 'completed');
    const refused = await harness.call('cancelPaymentProfileSession', { pathParams: { paymentProfileSessionId: id } });
    expect(refused).toMatchObject({
      status: 400,
      body: { message: 'The session is COMPLETED and can no longer be cancelled.' },
    });
  });
});
