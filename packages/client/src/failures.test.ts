// Issue 13's failures, reproduced against a real HTTP server on loopback through Node's own fetch: bodies cut
// mid-way, truncated JSON, 503 then a hang past the timeout. Each failure is named, carries the call's
// idempotency key, and is retried exactly when repeating it cannot act twice (the spec's `replays`).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { PaykitConnectionError, PaykitError, PaykitResponseError, PaykitTimeoutError } from './core/errors.js';
import { realDeps, type RuntimeDeps } from './core/runtime.js';
import { fixtureClient } from './test-support/fixture-client.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A loopback server answering the n-th request with the n-th handler (the last one repeats). */
async function serve(...handlers: Handler[]): Promise<{ baseUrl: string; keys: (string | undefined)[] }> {
  const keys: (string | undefined)[] = [];
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const index =
        keys.push(
          (req.headers['x-idempotency-key'] as string | undefined) ??
            (req.headers['request-token'] as string | undefined),
        ) - 1;
      handlers[Math.min(index, handlers.length - 1)]?.(req, res);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, keys };
}

/** Headers and half the body, then the connection is destroyed. */
const cutBody =
  (status = 200): Handler =>
  (_, res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': '64' });
    res.write('{"sessionId":"s_1","sta');
    setTimeout(() => res.socket?.destroy(), 10);
  };
const reply =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
const never: Handler = () => {};

/** Real timers and fetch; backoff sleeps return at once. */
const noBackoff: RuntimeDeps = { ...realDeps, sleep: async () => {} };
const client = (baseUrl: string, timeoutMs = 5_000) =>
  fixtureClient({ deps: noBackoff, options: { baseUrl, timeoutMs, fetch: globalThis.fetch } }).client;
const getSession = (baseUrl: string, timeoutMs?: number) =>
  client(baseUrl, timeoutMs).GET('/sessions/{sessionId}', { params: { path: { sessionId: 's_1' } } });

describe('a connection lost before the whole body is read', () => {
  test('a GET is retried, and succeeds when the next answer arrives whole', async () => {
    const { baseUrl, keys } = await serve(cutBody(), reply(200, { sessionId: 's_1', status: 'pending' }));
    const { data } = await getSession(baseUrl);
    expect(data).toEqual({ sessionId: 's_1', status: 'pending' });
    expect(keys).toHaveLength(2);
  });

  test('a GET cut on every attempt rejects with PaykitConnectionError naming it', async () => {
    const { baseUrl } = await serve(cutBody());
    const failure = await getSession(baseUrl).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PaykitConnectionError);
    expect(failure).toMatchObject({
      attempts: 3,
      outcomes: ['200 cut off', '200 cut off', '200 cut off'],
      mayHaveActed: true,
    });
    expect((failure as Error).message).toMatch(
      /^Fixture API GET \/sessions\/s_1 failed after 3 attempt\(s\) \(200 cut off, 200 cut off, 200 cut off\): terminated/,
    );
  });

  test('a keyed POST to a vendor that replays on its key is retried with the same key', async () => {
    const { baseUrl, keys } = await serve(cutBody(201), reply(201, { sessionId: 's_1', status: 'pending' }));
    const { data } = await client(baseUrl).POST('/sessions', { body: { orderId: 'o_1' } });
    expect(data).toMatchObject({ sessionId: 's_1' });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  test('a keyed POST to a vendor that promises no replay is not retried: the error says it may have acted, with the key', async () => {
    const { baseUrl, keys } = await serve(cutBody(201));
    const failure = await client(baseUrl)
      .POST('/refunds', { body: { sessionId: 's_1' } })
      .catch((e: unknown) => e);
    expect(keys).toHaveLength(1);
    expect(failure).toBeInstanceOf(PaykitConnectionError);
    expect(failure).toMatchObject({ attempts: 1, mayHaveActed: true, idempotencyKey: keys[0] });
    expect((failure as Error).message).toContain(
      `it may have acted: repeat it with the same idempotency key ${keys[0]}`,
    );
  });

  test('repeating the same logical call with the key from the error sends that key', async () => {
    const { baseUrl, keys } = await serve(cutBody(201), reply(201, { id: 'r_1' }));
    const refunds = client(baseUrl);
    const failure = (await refunds
      .POST('/refunds', { body: { sessionId: 's_1' } })
      .catch((e: unknown) => e)) as PaykitConnectionError;
    const { data } = await refunds.POST('/refunds', {
      body: { sessionId: 's_1' },
      params: { header: { 'Request-Token': failure.idempotencyKey! } },
    });
    expect(data).toEqual({ id: 'r_1' });
    expect(keys[1]).toBe(keys[0]);
  });
});

describe('other failures, named', () => {
  test('a 2xx with truncated JSON is a PaykitResponseError that never quotes the body', async () => {
    const secretish = 'https://pay.example.test/setup/tok_live_1234567890';
    const { baseUrl } = await serve((_, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req_9' });
      res.end(`{"sessionId":"s_1","url":"${secretish}`);
    });
    const failure = await client(baseUrl)
      .POST('/sessions', { body: { orderId: 'o_1' } })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PaykitResponseError);
    expect(failure).toMatchObject({ status: 201, requestId: 'req_9', idempotencyKey: expect.any(String) });
    expect(JSON.stringify(failure) + String(failure) + (failure as Error).stack).not.toContain('tok_live');
  });

  test('503, 503, then a hang past the timeout: the error counts only the attempt that timed out', async () => {
    const { baseUrl, keys } = await serve(reply(503, { message: 'busy' }), reply(503, { message: 'busy' }), never);
    // A limit far above a loopback answer, so that only the hang outlasts it even on a loaded machine.
    const failure = await getSession(baseUrl, 1_500).catch((e: unknown) => e);
    expect(keys).toHaveLength(3);
    expect(failure).toBeInstanceOf(PaykitTimeoutError);
    expect(failure).toMatchObject({
      attempts: 3,
      timedOut: 1,
      outcomes: ['503', '503', 'timed out'],
      timeoutMs: 1_500,
    });
    expect((failure as Error).message).toBe(
      'Fixture API GET /sessions/s_1 timed out after 1500 ms on 1 of 3 attempt(s) (the others: 503, 503)',
    );
  });

  test('a keyed POST without replay is retried after a 503 with Retry-After (nothing was done), not after a bare 503', async () => {
    const { baseUrl, keys } = await serve(
      reply(503, { message: 'later' }, { 'retry-after': '0' }),
      reply(503, { message: 'busy' }),
    );
    const { error } = await client(baseUrl).POST('/refunds', { body: { sessionId: 's_1' } });
    expect(error).toMatchObject({ status: 503, idempotencyKey: keys[0] });
    expect(keys).toHaveLength(2);
  });

  test('a refused connection proves nothing was done: a keyed POST without replay is retried, and the error says so', async () => {
    const { baseUrl } = await serve(never);
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const failure = await client(baseUrl)
      .POST('/refunds', { body: { sessionId: 's_1' } })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'PaykitConnectionError', attempts: 3, mayHaveActed: false });
    expect((failure as Error).message).toContain('it never reached Fixture API, so nothing was done');
  });

  test('outside a secure context (no crypto.randomUUID), a keyed call fails with a PaykitError naming what is missing', async () => {
    vi.stubGlobal('crypto', {});
    const failure = await client('http://127.0.0.1:9')
      .POST('/sessions', { body: { orderId: 'o_1' } })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PaykitError);
    expect((failure as Error).message).toMatch(/^crypto\.randomUUID is not available: .*secure context/);
  });
});
