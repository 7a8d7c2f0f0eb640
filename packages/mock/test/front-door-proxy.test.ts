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
      chaos: { delay: undefined, faults: { 429: 0, 503: 0 }, retryAfterSeconds: 1, random: createRandom(1) },
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

  it('says 502 when the upstream is gone, and 503 while none is set', async () => {
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
    } finally {
      door.setUpstream(live);
    }
  });
});
