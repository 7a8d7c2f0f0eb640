import { describe, expect, test } from 'vitest';
import { createConnectClient } from '../connect/index.js';
import { connectVendor } from '../connect/vendor.js';
import { createTen99PolicyClient } from '../ten99policy/index.js';
import type { paths } from '../generated/connect.js';
import { testClock } from '../test-support/deps.js';
import { fakeFetch, json, networkError } from '../test-support/fake-fetch.js';
import { createVendorClient } from './client.js';
import { PaykitValidationError } from './errors.js';
import { withIdempotencyKey } from './idempotency.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const body = { orderId: 'o_1', paymentProvider: 'STRIPE' };

describe('idempotency keys', () => {
  test('every call of an operation with an idempotency header gets a fresh random UUID', async () => {
    const fetch = fakeFetch(json(201, {}), json(201, {}));
    const client = createConnectClient({ apiKey: 'k', fetch });
    await client.POST('/payment-sessions', { body });
    await client.POST('/payment-sessions', { body });
    const [first, second] = fetch.sent.map((r) => r.headers.get('x-idempotency-key'));
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
  });

  test('1099Policy uses its own header name, as its spec declares', async () => {
    const fetch = fakeFetch(json(200, {}));
    await createTen99PolicyClient({ apiKey: 'k', fetch }).POST('/api/v1/payment/sessions/{session}/cancel', {
      params: { path: { session: 'hps_1' } },
    });
    expect(fetch.sent[0]?.headers.get('idempotency-key')).toMatch(UUID);
    expect(fetch.sent[0]?.headers.has('x-idempotency-key')).toBe(false);
  });

  test('operations without an idempotency header get none', async () => {
    const fetch = fakeFetch(json(200, {}));
    await createConnectClient({ apiKey: 'k', fetch }).GET('/payment-sessions/{paymentSessionId}', {
      params: { path: { paymentSessionId: 'ps_1' } },
    });
    expect(fetch.sent[0]?.headers.has('x-idempotency-key')).toBe(false);
  });

  test("the caller's key is sent as given, through the typed header parameter or through headers", async () => {
    const fetch = fakeFetch(json(201, {}), json(201, {}));
    const client = createConnectClient({ apiKey: 'k', fetch });
    await client.POST('/payment-sessions', { body, params: { header: { 'X-Idempotency-Key': 'order-o_1-pay' } } });
    await client.POST('/payment-sessions', { body, headers: { 'x-idempotency-key': 'order-o_1-again' } });
    expect(fetch.sent.map((r) => r.headers.get('x-idempotency-key'))).toEqual(['order-o_1-pay', 'order-o_1-again']);
  });

  test('every retry of a call sends the same key and the same body', async () => {
    const clock = testClock();
    const fetch = fakeFetch(json(503, { message: 'busy' }), networkError(), json(201, { paymentSessionId: 'ps_1' }));
    const client = createVendorClient<paths, string | undefined>(connectVendor, { apiKey: 'k', fetch }, clock.deps);
    const { data } = await client.POST('/payment-sessions', { body });
    expect(data).toEqual({ paymentSessionId: 'ps_1' });
    expect(fetch.sent).toHaveLength(3);
    expect(new Set(fetch.sent.map((r) => r.headers.get('x-idempotency-key')))).toEqual(new Set([clock.keys[0]]));
    expect(fetch.sent.map((r) => r.body)).toEqual(Array(3).fill(JSON.stringify(body)));
  });

  test('reusing an init object still gives each call its own key, and the object is not modified', async () => {
    const fetch = fakeFetch(json(201, {}), json(201, {}));
    const client = createConnectClient({ apiKey: 'k', fetch });
    const init = { body, params: { header: {} } };
    const snapshot = structuredClone(init);
    await client.POST('/payment-sessions', init);
    await client.POST('/payment-sessions', init);
    const keys = fetch.sent.map((r) => r.headers.get('x-idempotency-key'));
    expect(keys[0]).not.toBe(keys[1]);
    expect(init).toEqual(snapshot);
  });

  test('a key over 256 characters is refused, naming the field, and nothing is sent', async () => {
    const fetch = fakeFetch();
    const client = createConnectClient({ apiKey: 'k', fetch });
    const call = client.POST('/payment-sessions', { body, params: { header: { 'X-Idempotency-Key': 'k'.repeat(257) } } });
    await expect(call).rejects.toThrow(PaykitValidationError);
    await expect(call).rejects.toMatchObject({
      field: 'params.header.X-Idempotency-Key',
      rule: 'must be at most 256 characters (got 257)',
    });
    expect(fetch.sent).toHaveLength(0);
  });

  test('a key of exactly 256 characters is sent', async () => {
    const fetch = fakeFetch(json(201, {}));
    await createConnectClient({ apiKey: 'k', fetch }).POST('/payment-sessions', {
      body,
      params: { header: { 'X-Idempotency-Key': 'k'.repeat(256) } },
    });
    expect(fetch.sent[0]?.headers.get('x-idempotency-key')).toHaveLength(256);
  });

  test.each([
    ['', 'must be a non-empty string'],
    ['key with spaces', 'must contain only visible ASCII characters'],
    ['ключ', 'must contain only visible ASCII characters'],
  ])('the key %j is refused: %s', (key, rule) => {
    const rule256 = { name: 'Idempotency-Key', maxLength: 256 };
    expect(() => withIdempotencyKey({ params: { header: { 'Idempotency-Key': key } } }, rule256, () => 'new')).toThrow(
      expect.objectContaining({ field: 'params.header.Idempotency-Key', rule }),
    );
    expect(() => withIdempotencyKey({ headers: { 'idempotency-key': key } }, rule256, () => 'new')).toThrow(
      expect.objectContaining({ field: 'headers.Idempotency-Key', rule }),
    );
  });

  test('the limit comes from the spec; without one it is 256', () => {
    const long = { params: { header: { 'Idempotency-Key': 'k'.repeat(300) } } };
    expect(() => withIdempotencyKey(long, { name: 'Idempotency-Key', maxLength: 400 }, () => 'n')).not.toThrow();
    expect(() => withIdempotencyKey(long, { name: 'Idempotency-Key', maxLength: null }, () => 'n')).toThrow(
      /at most 256 characters/,
    );
  });
});
