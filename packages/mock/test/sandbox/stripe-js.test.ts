import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, type Mock } from '../../src/index.js';
import { rawCall, type RawAnswer } from '../support/raw-http.js';

// The offline Stripe.js stand-in (README, "Embedded checkout: the Stripe.js stand-in"): the script any page may
// load, and what it asks the mock, which moves the Connect session as the test card says.

const APP = 'http://127.0.0.1:3000';
const JSON_TYPE = { 'content-type': 'application/json' };
const connectHeaders = { ...JSON_TYPE, 'x-api-key': 'k' };

let connect: Mock;
let ten99: Mock;
beforeAll(async () => {
  [connect, ten99] = await Promise.all([startMock({ api: 'connect' }), startMock({ api: 'ten99policy' })]);
});
afterAll(() => Promise.all([connect.stop(), ten99.stop()]));
beforeEach(() => connect.sandbox!.reset());

const parsed = (answer: RawAnswer): Record<string, any> => JSON.parse(answer.text);

/** Creates a Connect session paid with Stripe.js at `path`; its id and the intent's client secret. */
async function createSession(path: string, idField: string, secretOf: (body: Record<string, any>) => string) {
  const answer = await rawCall(`${connect.url}${path}`, {
    method: 'POST',
    headers: connectHeaders,
    body: JSON.stringify({ orderId: 'order-1', paymentProvider: 'STRIPE' }),
  });
  expect(answer.status).toBe(201);
  const body = parsed(answer);
  return { id: String(body[idField]), secret: secretOf(body) };
}
const createEmbedded = () =>
  createSession('/payment-sessions', 'paymentSessionId', (body) => body.provider.clientSecret);
const createProfile = () =>
  createSession('/payment-profiles/sessions', 'paymentProfileSessionId', (body) => body.providers.stripe.clientSecret);

/** What the stand-in sends from the app's page: a CORS fetch of JSON. */
const ask = (action: string, body: Record<string, unknown>, mock: Mock = connect) =>
  rawCall(`${mock.url}/__paykit/stripe/${action}`, {
    method: 'POST',
    headers: { ...JSON_TYPE, origin: APP, 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors' },
    body: JSON.stringify(body),
  });

/** Stripe.js's confirmPayment / confirmSetup with a card number, as the stand-in sends it. */
const confirmCard = (secret: string, number: string, object = 'payment_intent') =>
  ask('confirm', { clientSecret: secret, object, card: { number } });

const status = async (path: string): Promise<string> =>
  parsed(await rawCall(`${connect.url}${path}`, { headers: { 'x-api-key': 'k' } })).status;

describe('GET /__paykit/stripe.js', () => {
  it("loads from another site's <script> (a no-cors GET naming no origin), which no other /__paykit/ route allows", async () => {
    const scriptLoad = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'script' };
    const script = await rawCall(`${connect.url}/__paykit/stripe.js`, { headers: scriptLoad });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    expect(script.text).toContain('window).Stripe = Stripe');
    expect(script.text).not.toMatch(/^\s*export\b/m);

    const other = await rawCall(`${connect.url}/__paykit/sessions`, { headers: scriptLoad });
    expect(other.status).toBe(403);
    expect(other.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('is served only where sessions are paid with Stripe.js: the 1099Policy sandbox answers 404', async () => {
    const answer = await rawCall(`${ten99.url}/__paykit/stripe.js`);
    expect(answer.status).toBe(404);
    expect(parsed(answer).detail).toContain('ten99policy');
  });
});

describe('POST /__paykit/stripe/confirm with the test cards', () => {
  it('4242 4242 4242 4242 succeeds: the PaymentIntent is succeeded and the session COMPLETED', async () => {
    const { id, secret } = await createEmbedded();
    const retrieved = await ask('retrieve', { clientSecret: secret, object: 'payment_intent' });
    expect(parsed(retrieved).paymentIntent).toMatchObject({ status: 'requires_payment_method', client_secret: secret });
    expect(retrieved.headers['access-control-allow-origin']).toBe(APP);

    const answer = await confirmCard(secret, '4242 4242 4242 4242');
    expect(answer.status).toBe(200);
    expect(parsed(answer).paymentIntent).toMatchObject({
      id: secret.slice(0, secret.indexOf('_secret_')),
      object: 'payment_intent',
      status: 'succeeded',
      livemode: false,
      next_action: null,
      last_payment_error: null,
    });
    expect(await status(`/payment-sessions/${id}`)).toBe('COMPLETED');

    const again = await confirmCard(secret, '4242424242424242');
    expect(again.status).toBe(400);
    expect(parsed(again).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
    });
  });

  it.each([
    ['4000 0000 0000 0002', 'generic_decline', 'Your card was declined.'],
    ['4000 0000 0000 9995', 'insufficient_funds', 'Your card has insufficient funds.'],
  ])(
    '%s is declined (%s): a card_error, and the session stays PENDING for another card',
    async (number, decline, message) => {
      const { id, secret } = await createEmbedded();
      const answer = await confirmCard(secret, number);
      expect(answer.status).toBe(402);
      const { error } = parsed(answer);
      expect(error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: decline, message });
      expect(error.paymentIntent).toMatchObject({
        status: 'requires_payment_method',
        last_payment_error: { decline_code: decline },
      });
      expect(await status(`/payment-sessions/${id}`)).toBe('PENDING');

      const paid = await confirmCard(secret, '4242424242424242');
      expect(parsed(paid).paymentIntent.status).toBe('succeeded');
    },
  );

  it('a number failing the Luhn check is incorrect_number, with no decline_code', async () => {
    const { secret } = await createEmbedded();
    const answer = await confirmCard(secret, '4242 4242 4242 4241');
    expect(parsed(answer).error).toMatchObject({ type: 'card_error', code: 'incorrect_number' });
    expect(parsed(answer).error.decline_code).toBeUndefined();
  });

  it('4000 0025 0000 3155 asks for 3-D Secure (REQUIRES_ACTION); completing the challenge ends it COMPLETED', async () => {
    const { id, secret } = await createEmbedded();
    const answer = await confirmCard(secret, '4000 0025 0000 3155');
    expect(parsed(answer).paymentIntent).toMatchObject({
      status: 'requires_action',
      next_action: { type: 'use_stripe_sdk' },
    });
    expect(await status(`/payment-sessions/${id}`)).toBe('REQUIRES_ACTION');

    const done = await ask('authenticate', { clientSecret: secret, object: 'payment_intent', outcome: 'complete' });
    expect(parsed(done).paymentIntent.status).toBe('succeeded');
    expect(await status(`/payment-sessions/${id}`)).toBe('COMPLETED');
  });

  it("failing the challenge ends the session FAILED with Stripe's authentication error", async () => {
    const { id, secret } = await createEmbedded();
    await confirmCard(secret, '4000002500003155');
    const failed = await ask('authenticate', { clientSecret: secret, object: 'payment_intent', outcome: 'fail' });
    expect(failed.status).toBe(400);
    expect(parsed(failed).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
      paymentIntent: { status: 'canceled' },
    });
    expect(await status(`/payment-sessions/${id}`)).toBe('FAILED');
  });

  it('a payment profile session is a SetupIntent: confirmSetup saves the card (COMPLETED); confirmPayment finds no such intent', async () => {
    const { id, secret } = await createProfile();
    const wrong = await confirmCard(secret, '4242424242424242');
    expect(wrong.status).toBe(404);
    expect(parsed(wrong).error).toMatchObject({ code: 'resource_missing', param: 'client_secret' });

    const saved = await confirmCard(secret, '4242424242424242', 'setup_intent');
    expect(parsed(saved).setupIntent).toMatchObject({
      object: 'setup_intent',
      status: 'succeeded',
      last_setup_error: null,
    });
    expect(await status(`/payment-profiles/sessions/${id}`)).toBe('COMPLETED');
  });
});

describe('bad requests to the stand-in', () => {
  it('name the field and never echo a client secret', async () => {
    const { secret } = await createEmbedded();
    const unknown = `${secret.slice(0, -4)}zzzz`;
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ object: 'payment_intent' }, 400, 'client_secret'],
      [{ clientSecret: secret, object: 'charge' }, 400, 'object'],
      [{ clientSecret: unknown, object: 'payment_intent', card: { number: '4242424242424242' } }, 404, 'client_secret'],
      [{ clientSecret: secret, object: 'payment_intent' }, 400, 'card[number]'],
    ];
    for (const [body, code, param] of cases) {
      const answer = await ask('confirm', body);
      expect(answer.status).toBe(code);
      expect(parsed(answer).error.param).toBe(param);
      expect(answer.text).not.toContain('_secret_');
    }
    const notAsked = await ask('authenticate', { clientSecret: secret, object: 'payment_intent', outcome: 'complete' });
    expect(parsed(notAsked).error.code).toBe('payment_intent_unexpected_state');
  });

  it('is refused to a page of another origin, like the rest of /__paykit/', async () => {
    const { id, secret } = await createEmbedded();
    const answer = await rawCall(`${connect.url}/__paykit/stripe/confirm`, {
      method: 'POST',
      headers: {
        ...JSON_TYPE,
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
        'sec-fetch-mode': 'cors',
      },
      body: JSON.stringify({ clientSecret: secret, object: 'payment_intent', card: { number: '4242424242424242' } }),
    });
    expect(answer.status).toBe(403);
    expect(await status(`/payment-sessions/${id}`)).toBe('PENDING');
  });
});
