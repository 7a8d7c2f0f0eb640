import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FORCED_ERROR_HEADER } from '../src/shared/steering-headers.js';
import { expectNothingSecret, startSample, type Sample } from './helpers.js';

/** Against the Connect sandbox: what the page creates is what a lookup finds. */

let sample: Sample;
beforeAll(async () => {
  sample = await startSample();
});
afterAll(() => sample?.close());

const lookup = (id: string, headers: Record<string, string> = {}) =>
  sample.call('GET', `/api/connect/payment-sessions/${encodeURIComponent(id)}`, { headers });
const start = (body: unknown) => sample.call('POST', '/api/connect/payment-sessions', { body });

describe('Connect: start a checkout and look it up', () => {
  test('an embedded session gives its client secret to the browser that starts it, once; the lookup shows it masked', async () => {
    const created = await start({ orderId: 'order-embedded-1' });
    expect(created.status).toBe(201);
    const { clientSecret, ...session } = created.json.session;
    expect(session).toMatchObject({
      orderId: 'order-embedded-1',
      status: 'PENDING',
      paymentProvider: 'STRIPE',
      kind: 'embedded',
    });
    // Stripe.js confirms the payment with it in that browser (the embedded checkout).
    expect(clientSecret).toMatch(/^pi_\w+_secret_\w+$/);
    expect(clientSecret.startsWith(session.clientSecretMasked.replace('••••', ''))).toBe(true);
    expect(session.clientSecretMasked).toMatch(/^pi_\w+_secret_••••$/);
    const found = await lookup(session.id);
    expect(found.status).toBe(200);
    expect(found.json.session).toEqual(session);
    expect(found.text).not.toMatch(/_secret_(?!••••)/);
  });

  test('a hosted session comes with the checkout page link (the sandbox page) and no widget keys', async () => {
    const created = await start({ orderId: 'order-hosted-1', hosted: true });
    expect(created.json.session).toMatchObject({ kind: 'hosted', orderId: 'order-hosted-1' });
    expect(new URL(created.json.session.checkoutUrl).origin).toBe(new URL(sample.config.connect.baseUrl).origin);
    expect(created.json.session).not.toHaveProperty('publishableKey');
    expect((await lookup(created.json.session.id)).json.session.kind).toBe('hosted');
  });

  test('a hosted checkout returns with a ref that this server maps to its session (Connect adds nothing to the URL)', async () => {
    const created = await start({ orderId: 'order-hosted-2', hosted: true });
    const { id, checkoutUrl } = created.json.session;
    // Pay on the sandbox's page, as the customer would; its 303 is the return URL.
    const paid = await fetch(checkoutUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=complete',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    const back = new URL(paid.headers.get('location') ?? '');
    expect(back.searchParams.get('checkout')).toBe('paid');
    const ref = back.searchParams.get('ref') ?? '';
    expect(ref).toMatch(/^[0-9a-f-]{36}$/);

    const returned = await sample.call('GET', `/api/connect/checkout-returns/${ref}`);
    expect(returned.status).toBe(200);
    expect(returned.json.session).toMatchObject({ id, status: 'COMPLETED', kind: 'hosted' });

    const unknown = await sample.call('GET', '/api/connect/checkout-returns/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toContain('does not know that checkout');
  });

  test('an unknown session is a 404 in plain words', async () => {
    const answer = await lookup('5f0c4e1a-0000-4000-8000-000000000000');
    expect(answer.status).toBe(404);
    expect(answer.json.error.message).toBe('Telness Connect has no such session.');
    expectNothingSecret(answer.text, sample.config);
  });

  test('an id cannot leave its path segment', async () => {
    const answer = await lookup('../payment-profiles/sessions');
    expect(answer.status).toBe(404);
  });

  test('a rate limit forced from the dev panel applies to the lookup only', async () => {
    const { id } = (await start({ orderId: 'order-forced-1' })).json.session;
    const forced = { [FORCED_ERROR_HEADER]: 'connect.getPaymentSession:429/rateLimited' };
    expect((await lookup(id, forced)).status).toBe(429);
    const other = await sample.call('POST', '/api/connect/payment-sessions', {
      body: { orderId: 'o' },
      headers: forced,
    });
    expect(other.status).toBe(201);
  });
});

describe('Connect: payment profile sessions (save a card)', () => {
  test('start, then cancel with a reason: Connect records FAILED; cancelling again is refused', async () => {
    const started = await sample.call('POST', '/api/connect/profile-sessions', {
      body: { orderId: '44567801-a504-4f09-8089-31ea78bc239b' },
    });
    expect(started.status).toBe(201);
    expect(started.json.session).toMatchObject({ orderId: '44567801-a504-4f09-8089-31ea78bc239b', status: 'PENDING' });
    expect(started.json.session.stripe.clientSecretMasked).toMatch(/^seti_\w+_secret_••••$/);

    const path = `/api/connect/profile-sessions/${started.json.session.id}/cancel`;
    const cancelled = await sample.call('POST', path, {
      body: { reason: 'Customer decided not to save payment method' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.session).toMatchObject({ id: started.json.session.id, status: 'FAILED' });
    expect((await sample.call('POST', path, { body: {} })).status).toBe(400);
  });

  test('a missing order id is a 400 naming the field', async () => {
    const answer = await sample.call('POST', '/api/connect/profile-sessions', { body: {} });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toBe('Order id is required.');
  });
});
