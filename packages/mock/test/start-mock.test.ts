import { createServer } from 'node:net';
import { apis } from '@paykit/spec';
import { describe, expect, it } from 'vitest';
import { startMock } from '../src/index.js';
import { call } from './support/http.js';
import { SHOP_KEY, startShop, writeShop } from './support/shop.js';

const api = apis[0] as (typeof apis)[number];

describe('startMock', () => {
  it('serves every API in this process, each on a free port of its own, answering as soon as it resolves', async () => {
    const mocks = await Promise.all(apis.map((name) => startMock({ api: name })));
    try {
      expect(new Set(mocks.map((mock) => mock.port)).size).toBe(apis.length);
      for (const mock of mocks) {
        expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        // Any path: the mock is up (an unknown path gets a 404 at once, not a refused connection or a 503).
        expect((await call(`${mock.url}/no/such/path`)).status).toBe(404);
      }
    } finally {
      await Promise.all(mocks.map((mock) => mock.stop()));
    }
  });

  it('listens on the port it is given, and stop() frees it (and can be called again)', async () => {
    const probe = await startShop();
    const { port } = probe;
    await probe.stop();
    const mock = await startShop({ port });
    expect(mock.url).toBe(`http://127.0.0.1:${port}`);
    expect((await call(`${mock.url}/orders/latest`, { headers: SHOP_KEY })).status).toBe(200);
    await mock.stop();
    await expect(call(`${mock.url}/orders/latest`)).rejects.toThrow();
    await expect(mock.stop()).resolves.toEqual({ cutRequests: 0, pendingWebhooks: 0 });
  });

  it('refuses a grace period out of range without stopping, then stops when asked right', async () => {
    const mock = await startShop();
    await expect(mock.stop({ graceMs: -1 })).rejects.toThrow(
      'graceMs must be a whole number from 0 to 600000 (got -1)',
    );
    expect((await call(`${mock.url}/orders/latest`, { headers: SHOP_KEY })).status).toBe(200);
    await expect(mock.stop({ graceMs: 10 })).resolves.toEqual({ cutRequests: 0, pendingWebhooks: 0 });
  });

  it('tells about answers that break the spec through onWarning', async () => {
    const warnings: string[] = [];
    const specPath = writeShop((document) => {
      document['paths']['/orders/latest'].get.responses['200'].content['application/json'].examples.default.value = {
        status: 7,
      };
    });
    const mock = await startShop({ specPath, onWarning: (text) => warnings.push(text) });
    try {
      expect((await call(`${mock.url}/orders/latest`, { headers: SHOP_KEY })).status).toBe(200);
      expect(warnings.join('\n')).toContain('GET /orders/latest: the answer breaks the spec at response.body');
      expect(warnings.join('\n')).toContain("must have required property 'id'");
    } finally {
      await mock.stop();
    }
  });
});

describe('startMock failures', () => {
  it('rejects a port that is taken, with the system error code', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      await expect(startMock({ api, port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      holder.close();
    }
  });

  it.each([
    [{ api: 'stripe' }, `api must be one of ${apis.join(', ')} (got "stripe")`],
    [{ api, port: -1 }, 'port must be a whole number from 0 to 65535 (got -1)'],
    [{ api, seed: 1.5 }, 'seed must be a whole number from 0 to 4294967295 (got 1.5)'],
    [{ api, latency: -5 }, 'latency must be a whole number of milliseconds from 0 to 60000 (got -5)'],
    [{ api, latency: { min: 900, max: 100 } }, 'latency.min must not exceed latency.max (got 900 > 100)'],
    [{ api, latency: null }, 'latency must be a number of milliseconds or { min, max } (got null)'],
    [{ api, latency: '300' }, 'latency must be a number of milliseconds or { min, max } (got string)'],
    [{ api, faults: { 429: 1.5 } }, 'faults[429] must be a rate from 0 to 1 (got 1.5)'],
    [{ api, faults: { 429: 0.6, 503: 0.6 } }, 'faults: the rates must add up to at most 1 (got 1.2)'],
    [{ api, faults: { 418: 0.1 } }, 'faults can only inject 429, 500, 502, 503, 504, reset, lost (got "418")'],
    [{ api, faults: 0.1 }, 'faults must be an object of rates such as { 429: 0.1, reset: 0.05 } (got "0.1")'],
    [{ api, faults: { lost: '0.1' } }, 'faults[lost] must be a rate from 0 to 1 (got "0.1")'],
    [{ api, retryAfterSeconds: '7' }, 'retryAfterSeconds must be a whole number from 0 to 86400 (got "7")'],
  ])('refuses bad options with an error naming the option and the rule: %j', async (options, message) => {
    await expect(startMock(options as never)).rejects.toThrow(message);
  });
});
