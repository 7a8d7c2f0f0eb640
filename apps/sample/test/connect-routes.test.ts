import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SCENARIO_HEADER } from '../src/shared/steering-headers.js';
import { expectNothingSecret, startSample, type Sample } from './helpers.js';

let sample: Sample;
beforeAll(async () => {
  sample = await startSample();
});
afterAll(() => sample?.close());

const lookup = (id: string, scenario?: string) =>
  sample.call('GET', `/api/connect/payment-sessions/${encodeURIComponent(id)}`, {
    headers: scenario ? { [SCENARIO_HEADER]: scenario } : {},
  });

describe('Connect: look up a payment session', () => {
  test('an embedded session comes with its publishable key and a masked client secret', async () => {
    const answer = await lookup('d2e3f4a5-b6c7-8901-2345-012345678901', '200/pendingEmbedded');
    expect(answer.status).toBe(200);
    expect(answer.json.session).toEqual({
      id: 'd2e3f4a5-b6c7-8901-2345-012345678901',
      orderId: 'e3f4a5b6-c7d8-9012-3456-123456789012',
      status: 'PENDING',
      paymentProvider: 'STRIPE',
      kind: 'embedded',
      publishableKey: 'pk_test_1234567890abcdef',
      clientSecretMasked: 'pi_1234_secret_••••',
      paymentIntentId: 'pi_1234567890abcdef',
    });
    expect(answer.text).not.toContain('pi_1234_secret_abcd');
  });

  test('a hosted session comes with its checkout link and no widget keys', async () => {
    const answer = await lookup('0b7c1e52-3f4d-4a8e-9c21-5d6e7f809a1b', '200/pendingHosted');
    expect(answer.json.session).toMatchObject({ kind: 'hosted', checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3' });
    expect(answer.json.session).not.toHaveProperty('publishableKey');
  });

  test('an unknown session is a 404 in plain words with the vendor code', async () => {
    const answer = await lookup('nope', '404/notFound');
    expect(answer.status).toBe(404);
    expect(answer.json.error.message).toBe('Telness Connect has no such session.');
    expectNothingSecret(answer.text, sample.config);
  });

  test('an id cannot leave its path segment', async () => {
    const answer = await lookup('../payment-profiles/sessions');
    expect(answer.status).toBe(200);
    expect(answer.json.session.kind).toBe('embedded');
  });
});

describe('Connect: payment profile sessions (save a card)', () => {
  test('start, then cancel with a reason', async () => {
    const started = await sample.call('POST', '/api/connect/profile-sessions', {
      body: { orderId: '44567801-a504-4f09-8089-31ea78bc239b' },
    });
    expect(started.status).toBe(201);
    expect(started.json.session).toMatchObject({
      id: '69321a62-f1fe-461f-8761-a19ae6587bb2',
      status: 'PENDING',
      stripe: { publishableKey: 'pk_test_1234567890abcdef', clientSecretMasked: 'seti_1234_secret_••••' },
    });
    expect(started.text).not.toContain('seti_1234_secret_abcd');

    const cancelled = await sample.call('POST', `/api/connect/profile-sessions/${started.json.session.id}/cancel`, {
      body: { reason: 'Customer decided not to save payment method' },
      headers: { [SCENARIO_HEADER]: '200/cancelled' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.session).toMatchObject({ id: '69321a62-f1fe-461f-8761-a19ae6587bb2', status: 'FAILED' });
  });

  test('a missing order id is a 400 naming the field', async () => {
    const answer = await sample.call('POST', '/api/connect/profile-sessions', { body: {} });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toBe('Order id is required.');
  });
});
