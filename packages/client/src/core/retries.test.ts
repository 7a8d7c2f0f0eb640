import { describe, expect, test } from 'vitest';
import { fixtureClient } from '../test-support/fixture-client.js';
import { testClock, type TestClock } from '../test-support/deps.js';
import { json, networkError, type Answer } from '../test-support/fake-fetch.js';
import type { VendorDefinition } from './client.js';
import { PaykitApiError, PaykitConnectionError, PaykitResponseError } from './errors.js';
import type { ClientOptions } from './options.js';
import { backoffDelayMs, parseRetryAfterMs, retryDelayMs } from './retries.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const sessionParams = { params: { path: { sessionId: 'ps_1' } } };
const createBody = { body: { orderId: 'o_1', paymentProvider: 'STRIPE' } };

const connect = (answers: Answer[], options: Partial<ClientOptions> = {}, clock: TestClock = testClock({ now: NOW })) =>
  fixtureClient({ answers, options, clock });

describe('backoff and Retry-After', () => {
  test('full jitter: uniform below min(8 s, 0.5 s * 2^retry)', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 10].map((retry) => backoffDelayMs(retry, () => 0.999999));
    expect(ceilings).toEqual([499, 999, 1999, 3999, 7999, 7999, 7999]);
    expect(backoffDelayMs(3, () => 0)).toBe(0);
    expect(backoffDelayMs(1, () => 0.5)).toBe(500);
  });

  test.each([
    ['2', 2000],
    ['0', 0],
    ['1.5', 1500],
    [new Date(NOW + 5000).toUTCString(), 5000],
    [new Date(NOW - 5000).toUTCString(), 0],
    ['soon', undefined],
    ['', undefined],
  ])('Retry-After %j means %s ms', (value, expected) => {
    expect(parseRetryAfterMs(value, NOW)).toBe(expected);
  });

  test('a Retry-After up to 60 s is waited for; beyond that the response goes back to the caller', () => {
    const clock = { now: () => NOW, random: () => 0.5 };
    const asking = (value: string) => new Response(null, { status: 429, headers: { 'retry-after': value } });
    expect(retryDelayMs(0, asking('60'), clock)).toBe(60_000);
    expect(retryDelayMs(0, asking('61'), clock)).toBeUndefined();
    expect(retryDelayMs(2, new Response(null, { status: 503 }), clock)).toBe(1000);
    // Without a response (a network failure or a timeout): the backoff.
    expect(retryDelayMs(2, undefined, clock)).toBe(1000);
  });
});

describe('retries', () => {
  test.each([408, 429, 500, 502, 503, 504])('a GET answered %i is retried', async (status) => {
    const { client, fetch } = connect([json(status, { message: 'try again' }), json(200, { sessionId: 'ps_1' })]);
    const { data, error } = await client.GET('/sessions/{sessionId}', sessionParams);
    expect(error).toBeUndefined();
    expect(data).toEqual({ sessionId: 'ps_1' });
    expect(fetch.sent).toHaveLength(2);
  });

  test.each([400, 401, 403, 404, 409, 422])(
    'a POST answered %i is not retried, even with an idempotency key',
    async (status) => {
      const { client, fetch } = connect([json(status, { message: 'no', code: 'E' })]);
      const { error } = await client.POST('/sessions', createBody);
      expect(error).toBeInstanceOf(PaykitApiError);
      expect(error?.status).toBe(status);
      expect(fetch.sent).toHaveLength(1);
    },
  );

  test('a GET that hits a network error is retried', async () => {
    const { client, fetch } = connect([networkError(), json(200, { sessionId: 'ps_1' })]);
    const { data } = await client.GET('/sessions/{sessionId}', sessionParams);
    expect(data).toEqual({ sessionId: 'ps_1' });
    expect(fetch.sent).toHaveLength(2);
  });

  test('by default 2 retries with jittered exponential backoff; then the last response is the error', async () => {
    const { client, fetch, clock } = connect([503, 503, 503].map((s) => json(s, { message: 'busy' })));
    const { error } = await client.GET('/sessions/{sessionId}', sessionParams);
    expect(fetch.sent).toHaveLength(3);
    expect(clock.sleeps).toEqual([250, 500]);
    expect(error?.status).toBe(503);
    // The error says it came after retries, so a caller can say so.
    expect(error).toMatchObject({ attempts: 3, outcomes: ['503', '503', '503'] });
  });

  test('maxRetries of the client and of a call set the number of retries', async () => {
    const busy = () => Array.from({ length: 6 }, () => json(503, { message: 'busy' }));
    const none = connect(busy(), { maxRetries: 0 });
    await none.client.GET('/sessions/{sessionId}', sessionParams);
    expect(none.fetch.sent).toHaveLength(1);

    const five = connect(busy(), { maxRetries: 0 });
    await five.client.GET('/sessions/{sessionId}', { ...sessionParams, maxRetries: 5 });
    expect(five.fetch.sent).toHaveLength(6);
  });

  test('a per-call maxRetries that is not an integer from 0 to 10 is refused before sending', async () => {
    const { client, fetch } = connect([]);
    await expect(client.GET('/sessions/{sessionId}', { ...sessionParams, maxRetries: -1 })).rejects.toMatchObject({
      name: 'PaykitValidationError',
      field: 'maxRetries',
    });
    expect(fetch.sent).toHaveLength(0);
  });

  test('Retry-After in seconds and as an HTTP date is honoured', async () => {
    const { client, clock } = connect([
      json(429, { message: 'slow down' }, { 'retry-after': '3' }),
      json(503, { message: 'busy' }, { 'retry-after': new Date(NOW + 7000).toUTCString() }),
      json(200, {}),
    ]);
    await client.GET('/sessions/{sessionId}', sessionParams);
    expect(clock.sleeps).toEqual([3000, 7000]);
  });

  test('a Retry-After beyond 60 s is not waited for: the 429 comes back at once', async () => {
    const { client, fetch, clock } = connect([json(429, { message: 'later' }, { 'retry-after': '3600' })]);
    const { error, response } = await client.POST('/sessions', createBody);
    expect(error?.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3600');
    expect(fetch.sent).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  test('network failures on every attempt reject with a PaykitConnectionError', async () => {
    const { client, fetch } = connect([networkError(), networkError(), networkError('ECONNREFUSED')]);
    const failure = await client.GET('/sessions/{sessionId}', sessionParams).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PaykitConnectionError);
    expect(failure).toMatchObject({ attempts: 3 });
    expect((failure as Error).message).toBe(
      'Fixture API GET /sessions/ps_1 failed after 3 attempt(s) (connection lost, connection lost, not sent): fetch failed: read ECONNREFUSED',
    );
    expect(((failure as Error).cause as Error & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
    expect(fetch.sent).toHaveLength(3);
  });

  test("a caller's abort during the backoff stops the call with the caller's reason", async () => {
    const controller = new AbortController();
    const reason = new Error('user navigated away');
    const { client, fetch } = connect([
      () => {
        controller.abort(reason);
        return json(503, { message: 'busy' });
      },
    ]);
    const call = client.GET('/sessions/{sessionId}', { ...sessionParams, signal: controller.signal });
    await expect(call).rejects.toBe(reason);
    expect(fetch.sent).toHaveLength(1);
  });

  test("a middleware's own error, or an unparsable 2xx body, is not a network failure: not retried", async () => {
    const broken = connect([]);
    const bug = new Error('middleware bug');
    broken.client.use({
      onRequest: () => {
        throw bug;
      },
    });
    await expect(broken.client.GET('/sessions/{sessionId}', sessionParams)).rejects.toBe(bug);
    expect(broken.fetch.sent).toHaveLength(0);

    const garbled = connect([
      new Response('{"sessionId":', { status: 200, headers: { 'content-type': 'application/json' } }),
    ]);
    const unparsable = await garbled.client.GET('/sessions/{sessionId}', sessionParams).catch((e: unknown) => e);
    expect(unparsable).toBeInstanceOf(PaykitResponseError);
    expect(unparsable).toMatchObject({
      status: 200,
      message: 'Fixture API GET /sessions/ps_1: the 200 response body is not valid JSON',
    });
    expect(garbled.fetch.sent).toHaveLength(1);
  });

  test('a network failure that middleware turns into a response is that response', async () => {
    const { client, fetch } = connect([networkError()]);
    client.use({ onError: () => json(200, { sessionId: 'cached' }) });
    const { data } = await client.GET('/sessions/{sessionId}', sessionParams);
    expect(data).toEqual({ sessionId: 'cached' });
    expect(fetch.sent).toHaveLength(1);
  });

  test('a request replaced by middleware is still replayed with its body', async () => {
    const { client, fetch } = connect([json(503, {}), json(201, {})]);
    client.use({
      onRequest: ({ request }) =>
        new Request(request, { headers: { ...Object.fromEntries(request.headers), 'x-trace': 't1' } }),
    });
    await client.POST('/sessions', createBody);
    expect(fetch.sent.map((r) => [r.body, r.headers.get('x-trace')])).toEqual([
      [JSON.stringify(createBody.body), 't1'],
      [JSON.stringify(createBody.body), 't1'],
    ]);
  });
});

describe('requests that could act twice', () => {
  // A vendor whose spec declares no idempotency header on any operation, and one where the caller removes it.
  const withoutKeys = { idempotencyHeaders: {} };
  const clientFor = (answers: Answer[], vendor: Partial<VendorDefinition> = withoutKeys) =>
    fixtureClient({ answers, vendor });

  test('a POST without an idempotency key is never retried on a retryable status', async () => {
    const { client, fetch } = clientFor([json(503, {})]);
    const { error } = await client.POST('/sessions', createBody);
    expect(error?.status).toBe(503);
    expect(error).toMatchObject({ attempts: 1, outcomes: ['503'] });
    expect(fetch.sent).toHaveLength(1);
    expect(fetch.sent[0]?.headers.has('x-idempotency-key')).toBe(false);
  });

  test('a POST without an idempotency key is never retried after a network error', async () => {
    const { client, fetch } = clientFor([networkError()]);
    await expect(client.POST('/sessions', createBody)).rejects.toMatchObject({
      name: 'PaykitConnectionError',
      attempts: 1,
    });
    expect(fetch.sent).toHaveLength(1);
  });

  test('a POST whose key the caller removes (null) is sent without one and never retried', async () => {
    const { client, fetch } = clientFor([json(503, {})], {});
    const { error } = await client.POST('/sessions', {
      ...createBody,
      params: { header: { 'X-Idempotency-Key': null as unknown as string } },
    });
    expect(error?.status).toBe(503);
    expect(fetch.sent).toHaveLength(1);
    expect(fetch.sent[0]?.headers.has('x-idempotency-key')).toBe(false);
  });

  test('the same POST with a key is retried', async () => {
    const { client, fetch } = clientFor([json(503, {}), json(201, {})], {});
    const { response } = await client.POST('/sessions', {
      ...createBody,
      params: { header: { 'X-Idempotency-Key': 'k1' } },
    });
    expect(response.status).toBe(201);
    expect(fetch.sent.map((r) => r.headers.get('x-idempotency-key'))).toEqual(['k1', 'k1']);
  });
});
