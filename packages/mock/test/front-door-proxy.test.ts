import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFrontDoor, type FrontDoor } from '../src/front-door.js';
import { createRandom } from '../src/random.js';
import { call, json } from './support/http.js';

// The proxy half of the front door, in front of a recording server instead of Prism, to observe what reaches the
// upstream: which headers, which bodies, over how many connections.
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  socket: number;
}

describe('front door proxying', () => {
  const seen: Seen[] = [];
  const sockets = new Map<object, number>();
  let upstream: Server;
  let door: FrontDoor;
  let url: string;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size);
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, socket: sockets.get(req.socket) ?? -1 });
        // Answers with the status asked for in `Prefer: code=…`, with a Retry-After only when the query asks for one.
        const asked = /code=(\d+)/.exec(String(req.headers.prefer));
        if (req.url?.startsWith('/as-asked') && asked) {
          const retryAfter = new URL(req.url, 'http://x').searchParams.get('retry-after');
          res.writeHead(Number(asked[1]), { 'content-type': 'application/json', ...(retryAfter && { 'retry-after': retryAfter }) });
          res.end('{"message":"as asked"}');
          return;
        }
        if (req.url === '/large-answer') {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          res.end('y'.repeat(2 * 1024 * 1024));
          return;
        }
        res.writeHead(207, { 'content-type': 'application/json', 'x-upstream': 'yes', 'set-cookie': ['a=1', 'b=2'] });
        res.end(JSON.stringify({ echoed: body.length }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    door = await openFrontDoor({
      host: '127.0.0.1',
      port: 0,
      chaos: { delay: undefined, faults: { 429: 0, 503: 0 }, retryAfterSeconds: undefined, random: createRandom(1) },
    });
    door.setUpstream((upstream.address() as AddressInfo).port);
    url = `http://127.0.0.1:${door.port}`;
  });
  afterAll(async () => {
    await door?.close();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it('passes method, path, query, headers and the answer through unchanged', async () => {
    const answer = await call(`${url}/a/b?c=1&d=two`, { method: 'DELETE', headers: { 'X-API-Key': 'k', Prefer: 'code=200' } });
    expect(answer.status).toBe(207);
    expect(answer.headers.get('x-upstream')).toBe('yes');
    expect(answer.headers.get('set-cookie')).toBe('a=1, b=2');
    const last = seen.at(-1) as Seen;
    expect(last).toMatchObject({ method: 'DELETE', url: '/a/b?c=1&d=two' });
    expect(last.headers).toMatchObject({ 'x-api-key': 'k', prefer: 'code=200' });
  });

  it('keeps the mock’s own headers from the upstream (they are not part of the vendor API)', async () => {
    await call(`${url}/x`, { headers: { 'X-Mock-Delay': '0', 'X-Mock-Fault': 'none', 'X-Kept': '1' } });
    const last = seen.at(-1) as Seen;
    expect(last.headers['x-kept']).toBe('1');
    expect(last.headers['x-mock-delay']).toBeUndefined();
    expect(last.headers['x-mock-fault']).toBeUndefined();
  });

  it('forwards JSON bodies intact (checked, then sent with their length)', async () => {
    const body = JSON.stringify({ name: 'é✓', nested: { list: [1, 2, 3] } });
    const answer = await call(`${url}/json`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(json(answer)).toEqual({ echoed: body.length });
    expect(seen.at(-1)?.body).toBe(body);
    expect(seen.at(-1)?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('streams other bodies through untouched, large ones included', async () => {
    const body = 'x'.repeat(3 * 1024 * 1024);
    await call(`${url}/blob`, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body });
    expect(seen.at(-1)?.body.length).toBe(body.length);
  });

  it('relays large answers whole', async () => {
    const answer = await call(`${url}/large-answer`);
    expect(answer.text.length).toBe(2 * 1024 * 1024);
  });

  it('reuses kept-alive connections to the upstream instead of opening one per request', async () => {
    const before = sockets.size;
    for (let i = 0; i < 50; i++) await call(`${url}/again/${i}`);
    expect(sockets.size - before).toBeLessThanOrEqual(1);
  });

  it('injects a fault by asking the upstream for that status, in place of the client’s Prefer', async () => {
    const answer = await call(`${url}/as-asked?retry-after=5`, { headers: { Prefer: 'example=x', 'X-Mock-Fault': '503' } });
    expect(answer.status).toBe(503);
    expect(json(answer)).toEqual({ message: 'as asked' });
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.headers.get('x-mock-injected')).toBe('503 injected because of the X-Mock-Fault header');
    const last = seen.at(-1) as Seen;
    expect(last.headers.prefer).toBe('code=503');
    expect(last.headers['x-mock-fault']).toBeUndefined();
  });

  it('gives an injected fault a Retry-After when the upstream’s answer has none (the spec examples’ 2 s)', async () => {
    const answer = await call(`${url}/as-asked`, { headers: { 'X-Mock-Fault': '429' } });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('2');
  });

  it('puts the mock’s retryAfterSeconds in place of the upstream’s Retry-After', async () => {
    const configured = await openFrontDoor({
      host: '127.0.0.1',
      port: 0,
      chaos: { delay: undefined, faults: { 429: 1, 503: 0 }, retryAfterSeconds: 9, random: createRandom(1) },
    });
    configured.setUpstream((upstream.address() as AddressInfo).port);
    try {
      const answer = await call(`http://127.0.0.1:${configured.port}/as-asked?retry-after=5`);
      expect(answer.status).toBe(429);
      expect(answer.headers.get('retry-after')).toBe('9');
      expect(answer.headers.get('x-mock-injected')).toBe('429 injected because of the fault rates this mock was started with');
    } finally {
      await configured.close();
    }
  });

  it('leaves an answer of another status alone (the upstream refused the request itself)', async () => {
    const answer = await call(`${url}/refused`, { headers: { 'X-Mock-Fault': '429' } });
    expect(answer.status).toBe(207);
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(answer.headers.get('x-mock-injected')).toBeNull();
  });

  it('says 502 when the upstream does not answer or has exited, and 503 while none is set', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const live = (upstream.address() as AddressInfo).port;
    try {
      door.setUpstream(deadPort);
      const gone = await call(`${url}/x`);
      expect(gone.status).toBe(502);
      expect(json(gone).detail).toContain('ECONNREFUSED');
      door.setUpstream(undefined);
      const starting = await call(`${url}/x`);
      expect(starting.status).toBe(503);
      expect(starting.headers.get('retry-after')).toBe('1');
      door.markGone('Prism (pid 1) was killed by SIGKILL unexpectedly.');
      const exited = await call(`${url}/x`);
      expect(exited.status).toBe(502);
      expect(exited.headers.get('content-type')).toBe('application/problem+json');
      expect(json(exited)).toEqual({
        type: 'about:blank',
        title: 'Prism exited',
        status: 502,
        detail: 'Prism (pid 1) was killed by SIGKILL unexpectedly.',
      });
    } finally {
      door.setUpstream(live);
    }
  });
});
