// The client against a real HTTP server on loopback, through Node's own fetch: proves that retried requests are
// rebuilt with their body and key, and that timeouts and aborts reach the socket.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { fixtureClient } from './test-support/fixture-client.js';
import { PaykitConnectionError, PaykitTimeoutError } from './core/errors.js';
import { realDeps, type RuntimeDeps } from './core/runtime.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, index: number) => void;

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(...handlers: Handler[]): Promise<{ baseUrl: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const index = received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }) - 1;
      const handler = handlers[Math.min(index, handlers.length - 1)];
      handler?.(req, res, index);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, received };
}

const reply =
  (status: number, body: unknown): Handler =>
  (_, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
const never: Handler = () => {};

/** Real timers and fetch, but backoff sleeps return at once. */
const noBackoff: RuntimeDeps = { ...realDeps, sleep: async () => {} };

function connect(baseUrl: string, options: { timeoutMs?: number; maxRetries?: number } = {}) {
  return fixtureClient({ deps: noBackoff, options: { baseUrl, fetch: globalThis.fetch, ...options } }).client;
}

describe('over real HTTP', () => {
  test('a retried POST reaches the server again with the same body and idempotency key', async () => {
    const { baseUrl, received } = await serve(reply(503, { message: 'busy' }), reply(201, { sessionId: 'ps_1' }));
    const body = { orderId: 'o_1', paymentProvider: 'STRIPE', metadata: { note: 'ü' } };
    const { data } = await connect(baseUrl).POST('/sessions', { body });
    expect(data).toEqual({ sessionId: 'ps_1' });
    expect(received).toHaveLength(2);
    expect(received.map((r) => r.body)).toEqual([JSON.stringify(body), JSON.stringify(body)]);
    expect(received[0]?.headers['x-idempotency-key']).toBe(received[1]?.headers['x-idempotency-key']);
    expect(received[1]?.headers['content-type']).toBe('application/json');
    expect(received[1]?.headers['x-api-key']).toBe('k');
  });

  test('a server that never answers times out per attempt, and the last timeout rejects typed', async () => {
    const { baseUrl, received } = await serve(never);
    // A limit far above a loopback round trip, so that each attempt reaches the server even on a loaded machine.
    const call = connect(baseUrl, { timeoutMs: 1_000, maxRetries: 1 }).GET('/sessions/{sessionId}', {
      params: { path: { sessionId: 'ps_1' } },
    });
    await expect(call).rejects.toBeInstanceOf(PaykitTimeoutError);
    await expect(call).rejects.toMatchObject({ attempts: 2, timeoutMs: 1_000 });
    expect(received).toHaveLength(2);
  });

  test('a body that stops arriving times out too', async () => {
    const { baseUrl } = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"sessionId":');
    });
    const call = connect(baseUrl, { timeoutMs: 100 }).GET('/sessions/{sessionId}', {
      params: { path: { sessionId: 'ps_1' } },
    });
    await expect(call).rejects.toBeInstanceOf(PaykitTimeoutError);
  });

  test("a caller's abort cancels the request in flight", async () => {
    const { baseUrl } = await serve(never);
    const controller = new AbortController();
    const call = connect(baseUrl).GET('/sessions/{sessionId}', {
      params: { path: { sessionId: 'ps_1' } },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('a refused connection is retried, then rejects with PaykitConnectionError keeping the cause code', async () => {
    // A port that was just free: nothing listens there any more.
    const { baseUrl } = await serve(never);
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const failure = await connect(baseUrl)
      .GET('/sessions/{sessionId}', { params: { path: { sessionId: 'ps_1' } } })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PaykitConnectionError);
    expect(failure).toMatchObject({ attempts: 3 });
    expect((failure as Error).message).toMatch(
      /failed after 3 attempt\(s\) \(not sent, not sent, not sent\): fetch failed: .*ECONNREFUSED/,
    );
  });
});
