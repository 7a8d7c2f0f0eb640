import { describe, expect, test } from 'vitest';

import { createFixtureClient, fixtureClient } from '../test-support/fixture-client.js';
import { createTen99PolicyClient } from '../generated/ten99policy/index.js';
import { testClock } from '../test-support/deps.js';
import { fakeFetch, json, networkError } from '../test-support/fake-fetch.js';
import { PaykitValidationError } from './errors.js';
import { callerIdempotencyKey } from './idempotency.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const body = { orderId: 'o_1', paymentProvider: 'STRIPE' };

describe('idempotency keys', () => {
  test('every call of an operation with an idempotency header gets a fresh random UUID', async () => {
    const fetch = fakeFetch(json(201, {}), json(201, {}));
    const client = createFixtureClient({ baseUrl: 'https://api.example.test', apiKey: 'k', fetch });
    await client.POST('/sessions', { body });
    await client.POST('/sessions', { body });
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
    await createFixtureClient({ baseUrl: 'https://api.example.test', apiKey: 'k', fetch }).GET(
      '/sessions/{sessionId}',
      {
        params: { path: { sessionId: 'ps_1' } },
      },
    );
    expect(fetch.sent[0]?.headers.has('x-idempotency-key')).toBe(false);
  });

  test("the caller's key is sent as given, through the typed header parameter or through headers", async () => {
    const fetch = fakeFetch(json(201, {}), json(201, {}));
    const client = createFixtureClient({ baseUrl: 'https://api.example.test', apiKey: 'k', fetch });
    await client.POST('/sessions', { body, params: { header: { 'X-Idempotency-Key': 'order-o_1-pay' } } });
    await client.POST('/sessions', { body, headers: { 'x-idempotency-key': 'order-o_1-again' } });
    expect(fetch.sent.map((r) => r.headers.get('x-idempotency-key'))).toEqual(['order-o_1-pay', 'order-o_1-again']);
  });

  test('every retry of a call sends the same key and the same body', async () => {
    const clock = testClock();
    const { client, fetch } = fixtureClient({
      clock,
      answers: [json(503, { message: 'busy' }), networkError(), json(201, { sessionId: 'ps_1' })],
    });
    const { data } = await client.POST('/sessions', { body });
    expect(data).toEqual({ sessionId: 'ps_1' });
    expect(fetch.sent).toHaveLength(3);
    expect(new Set(fetch.sent.map((r) => r.headers.get('x-idempotency-key')))).toEqual(new Set([clock.keys[0]]));
    expect(fetch.sent.map((r) => r.body)).toEqual(Array(3).fill(JSON.stringify(body)));
  });

  test('reusing an init object still gives each call its own key, and the object is not modified', async () => {
    const fetch = fakeFetch(json(201, {}), json(201, {}));
    const client = createFixtureClient({ baseUrl: 'https://api.example.test', apiKey: 'k', fetch });
    const init = { body, params: { header: {} } };
    const snapshot = structuredClone(init);
    await client.POST('/sessions', init);
    await client.POST('/sessions', init);
    const keys = fetch.sent.map((r) => r.headers.get('x-idempotency-key'));
    expect(keys[0]).not.toBe(keys[1]);
    expect(init).toEqual(snapshot);
  });

  test('a key over 256 characters is refused, naming the field, and nothing is sent', async () => {
    const fetch = fakeFetch();
    const client = createFixtureClient({ baseUrl: 'https://api.example.test', apiKey: 'k', fetch });
    const call = client.POST('/sessions', { body, params: { header: { 'X-Idempotency-Key': 'k'.repeat(257) } } });
    await expect(call).rejects.toThrow(PaykitValidationError);
    await expect(call).rejects.toMatchObject({
      field: 'params.header.X-Idempotency-Key',
      rule: 'must be 1 to 256 visible ASCII characters',
    });
    expect(fetch.sent).toHaveLength(0);
  });

  test('a key of exactly 256 characters is sent', async () => {
    const fetch = fakeFetch(json(201, {}));
    await createFixtureClient({ baseUrl: 'https://api.example.test', apiKey: 'k', fetch }).POST('/sessions', {
      body,
      params: { header: { 'X-Idempotency-Key': 'k'.repeat(256) } },
    });
    expect(fetch.sent[0]?.headers.get('x-idempotency-key')).toHaveLength(256);
  });

  test.each(['', 'key with spaces', 'ключ', 42])('the key %j is refused, naming where it came from', async (key) => {
    const fetch = fakeFetch();
    const client = createTen99PolicyClient({ apiKey: 'k', fetch });
    const cancel = (init: object) =>
      client.POST('/api/v1/payment/sessions/{session}/cancel', { params: { path: { session: 'hps_1' } }, ...init });
    const rule = 'must be 1 to 256 visible ASCII characters';
    await expect(
      cancel({ params: { path: { session: 'hps_1' }, header: { 'Idempotency-Key': key } } }),
    ).rejects.toMatchObject({
      name: 'PaykitValidationError',
      field: 'params.header.Idempotency-Key',
      rule,
    });
    await expect(cancel({ headers: { 'idempotency-key': key } })).rejects.toMatchObject({
      field: 'headers.Idempotency-Key',
      rule,
    });
    await expect(cancel({ headers: [['IDEMPOTENCY-KEY', key]] })).rejects.toMatchObject({
      field: 'headers.Idempotency-Key',
      rule,
    });
    expect(fetch.sent).toHaveLength(0);
  });

  test('a key in a Headers object or in header pairs is found too, under any case', () => {
    const rule = { header: 'Idempotency-Key', maxLength: 256, replays: false } as const;
    expect(callerIdempotencyKey({ headers: new Headers({ 'IDEMPOTENCY-KEY': 'a' }) }, rule)).toBe('a');
    expect(callerIdempotencyKey({ headers: [['idempotency-key', 'b']] }, rule)).toBe('b');
    expect(callerIdempotencyKey({ headers: { 'x-other': 'c' } }, rule)).toBeUndefined();
    expect(callerIdempotencyKey({ params: { header: { 'Idempotency-Key': null } } }, rule)).toBeNull();
  });

  test('the limit comes from the spec', () => {
    const long = { params: { header: { 'Idempotency-Key': 'k'.repeat(300) } } };
    expect(callerIdempotencyKey(long, { header: 'Idempotency-Key', maxLength: 400, replays: false })).toBe(
      'k'.repeat(300),
    );
    expect(() => callerIdempotencyKey(long, { header: 'Idempotency-Key', maxLength: 299, replays: false })).toThrow(
      expect.objectContaining({ rule: 'must be 1 to 299 visible ASCII characters' }),
    );
  });
});
