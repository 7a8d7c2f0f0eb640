import { writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { MatchedOperation, MockPlugin, MockRequest } from '../src/index.js';
import { compileRouter } from '../src/engine/router.js';
import { call, json } from './support/http.js';
import { SHOP_KEY, SHOP_SPEC, shopForTest, startShop, writeShop } from './support/shop.js';

describe('the router (compiled once per spec load)', () => {
  const route = (pathTemplate: string, ...methods: string[]) => ({ pathTemplate, methods });
  const router = compileRouter([
    route('/orders/{id}', 'get'),
    route('/orders/latest', 'get'),
    route('/orders/{id}/cancel', 'post'),
    route('/files/{name}.json', 'get'),
    route('/orders', 'post', 'get'),
  ]);

  it('prefers a concrete segment to a templated one, and falls back to the template', () => {
    expect(router.match('/orders/latest')?.route.pathTemplate).toBe('/orders/latest');
    expect(router.match('/orders/ord_7')).toMatchObject({
      route: { pathTemplate: '/orders/{id}' },
      pathParams: { id: 'ord_7' },
    });
    expect(router.match('/orders/latest/cancel')).toMatchObject({ pathParams: { id: 'latest' } });
  });

  it('decodes path values and matches templates inside a segment', () => {
    expect(router.match('/orders/a%20b')?.pathParams).toEqual({ id: 'a b' });
    expect(router.match('/files/report.json')?.pathParams).toEqual({ name: 'report' });
  });

  it('matches a path whatever its methods, and nothing else', () => {
    expect(router.match('/orders')?.route.methods).toEqual(['post', 'get']);
    expect(router.match('/orders/')).toBeUndefined();
    expect(router.match('/nope')).toBeUndefined();
    expect(router.match('/orders/1/cancel/more')).toBeUndefined();
  });
});

describe('the engine over HTTP', () => {
  it('serves the concrete path before the templated one, as the spec examples say', async () => {
    const mock = await shopForTest();
    expect(json(await call(`${mock.url}/orders/latest`, { headers: SHOP_KEY }))).toEqual({ id: 'latest' });
    expect(json(await call(`${mock.url}/orders/ord_9`, { headers: SHOP_KEY }))).toEqual({
      id: 'ord_1',
      status: 'open',
    });
  });

  it("answers an unknown path 404 and a wrong method 405, in Prism's problem+json shape", async () => {
    const mock = await shopForTest();
    const unknown = await call(`${mock.url}/nothing/here`, { headers: SHOP_KEY });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(json(unknown)).toEqual({
      type: 'https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR',
      title: 'Route not resolved, no path matched',
      status: 404,
      detail: "The route /nothing/here hasn't been found in the specification file",
    });
    const wrongMethod = await call(`${mock.url}/orders`, { method: 'DELETE', headers: SHOP_KEY });
    expect(wrongMethod.status).toBe(405);
    expect(json(wrongMethod)).toMatchObject({
      type: 'https://stoplight.io/prism/errors#NO_METHOD_MATCHED_ERROR',
      status: 405,
    });
  });

  it("keeps Prism's Prefer, __code and __example", async () => {
    const mock = await shopForTest();
    const byPrefer = await call(`${mock.url}/orders/ord_1/cancel`, {
      method: 'POST',
      headers: { ...SHOP_KEY, Prefer: 'code=400' },
    });
    expect(byPrefer.status).toBe(400);
    expect(json(byPrefer)).toEqual({ error_code: 'not_cancellable', message: 'Only open orders can be cancelled.' });
    const byQuery = await call(`${mock.url}/orders/ord_1/cancel?__code=400`, { method: 'POST', headers: SHOP_KEY });
    expect(byQuery.status).toBe(400);
    const unknownExample = await call(`${mock.url}/orders/ord_1`, { headers: { ...SHOP_KEY, Prefer: 'example=nope' } });
    expect(unknownExample.status).toBe(404);
  });

  it("answers repeated requests as the first, and never lends one request's verdict to another", async () => {
    const mock = await shopForTest();
    const url = `${mock.url}/orders/ord_1?limit=3`;
    const statuses = [];
    for (const headers of [{}, SHOP_KEY, {}, SHOP_KEY, { ...SHOP_KEY, Prefer: 'code=400' }, SHOP_KEY]) {
      statuses.push((await call(url, { headers })).status);
    }
    expect(statuses).toEqual([403, 200, 403, 200, 400, 200]);
    expect((await call(`${mock.url}/orders/ord_1?limit=11`, { headers: SHOP_KEY })).status).toBe(400);
  });

  it('generates bodies with dynamic, the same ones again for the same seed', async () => {
    const [a, b] = [await shopForTest({ dynamic: true, seed: 7 }), await shopForTest({ dynamic: true, seed: 7 })];
    const bodyA = (await call(`${a.url}/orders/x`, { headers: SHOP_KEY })).text;
    expect(bodyA).toBe((await call(`${b.url}/orders/x`, { headers: SHOP_KEY })).text);
    expect(JSON.parse(bodyA)).not.toEqual({ id: 'ord_1', status: 'open' });
  });
});

describe('the plugin hook (MockPlugin)', () => {
  function recordingPlugin(
    answer?: (op: MatchedOperation, req: MockRequest) => ReturnType<NonNullable<MockPlugin['handleOperation']>>,
  ) {
    const seen: { op: MatchedOperation; req: MockRequest }[] = [];
    const specs: string[] = [];
    const plugin: MockPlugin = {
      handleOperation: (op, req) => {
        seen.push({ op, req });
        return answer?.(op, req);
      },
      onSpec: (api, document) => specs.push(`${api}:${(document as { info: { title: string } }).info.title}`),
      handleReserved: (req, res, rawBody) => {
        if (!req.url?.startsWith('/__paykit/echo')) return false;
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`echo ${rawBody.toString()}`);
        return true;
      },
    };
    return { plugin, seen, specs };
  }

  it('hands a valid request to handleOperation with the matched operation, and serves its answer', async () => {
    const recorder = recordingPlugin((op) => ({
      status: 201,
      headers: { 'x-from': 'plugin' },
      body: { id: `ord_${op.pathParams['id'] ?? 'new'}` },
    }));
    const mock = await shopForTest({ plugin: () => recorder.plugin });
    const answer = await call(`${mock.url}/orders`, {
      method: 'POST',
      headers: { ...SHOP_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'n', return_url: 'https://x.example' }),
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-from')).toBe('plugin');
    expect(json(answer)).toEqual({ id: 'ord_new' });
    const [{ op, req }] = recorder.seen as [{ op: MatchedOperation; req: MockRequest }];
    expect(op).toMatchObject({ operationId: 'createOrder', method: 'post', pathTemplate: '/orders', pathParams: {} });
    expect(op.operation.path).toBe('/orders');
    expect(req.body).toEqual({ name: 'n', return_url: 'https://x.example' });
    expect(req.rawBody.toString()).toBe(JSON.stringify({ name: 'n', return_url: 'https://x.example' }));
    expect(req.url.pathname).toBe('/orders');
  });

  it('lets Prism answer when handleOperation returns undefined; never asks it about refused or forced requests', async () => {
    const recorder = recordingPlugin();
    const mock = await shopForTest({ plugin: () => recorder.plugin });
    expect(json(await call(`${mock.url}/orders/ord_5`, { headers: SHOP_KEY }))).toEqual({
      id: 'ord_1',
      status: 'open',
    });
    expect(recorder.seen.map(({ op }) => op.pathParams)).toEqual([{ id: 'ord_5' }]);
    await call(`${mock.url}/orders/ord_5`); // no key: refused
    await call(`${mock.url}/orders/ord_5`, { headers: { ...SHOP_KEY, Prefer: 'code=400' } }); // forced
    await call(`${mock.url}/orders/ord_5?__example=default`, { headers: SHOP_KEY }); // forced
    expect(recorder.seen).toHaveLength(1);
  });

  it('gets the requests under /__paykit/ first, and the spec on every load', async () => {
    const recorder = recordingPlugin();
    const specPath = writeShop();
    const mock = await shopForTest({ plugin: () => recorder.plugin, specPath });
    const echoed = await call(`${mock.url}/__paykit/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'hello',
    });
    expect(echoed.text).toBe('echo hello');
    const unclaimed = await call(`${mock.url}/__paykit/other`);
    expect(unclaimed.status).toBe(404);
    writeShop((document) => (document['info'].title = 'Shop v2'), specPath.replace(/\/shop\.json$/, ''));
    await mock.reload();
    expect(recorder.specs).toEqual([`${mock.api}:Shop (test fixture)`, `${mock.api}:Shop v2`]);
  });
});

describe('reloading the spec', () => {
  const withLatest = (id: string) => (document: Record<string, any>) => {
    document['paths']['/orders/latest'].get.responses['200'].content['application/json'].examples.default.value = {
      id,
    };
  };

  it('swaps the routes at once on reload()', async () => {
    const specPath = writeShop(withLatest('v1'));
    const mock = await shopForTest({ specPath });
    expect(json(await call(`${mock.url}/orders/latest`, { headers: SHOP_KEY }))).toEqual({ id: 'v1' });
    writeShop(withLatest('v2'), specPath.replace(/\/shop\.json$/, ''));
    await mock.reload();
    expect(json(await call(`${mock.url}/orders/latest`, { headers: SHOP_KEY }))).toEqual({ id: 'v2' });
  });

  it('lets a request in flight finish on the spec it started with', async () => {
    const specPath = writeShop(withLatest('old'));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const entered = vi.fn();
    const mock = await shopForTest({
      specPath,
      plugin: () => ({
        handleOperation: async () => {
          entered();
          await held;
          return undefined;
        },
      }),
    });
    const inFlight = call(`${mock.url}/orders/latest`, { headers: SHOP_KEY });
    await vi.waitFor(() => expect(entered).toHaveBeenCalled());
    writeShop(withLatest('new'), specPath.replace(/\/shop\.json$/, ''));
    await mock.reload();
    release();
    expect(json(await inFlight)).toEqual({ id: 'old' });
    expect(json(await call(`${mock.url}/orders/latest`, { headers: SHOP_KEY }))).toEqual({ id: 'new' });
  });

  it('keeps the last good spec when the file no longer loads, saying which file and line', async () => {
    const specPath = writeShop(withLatest('good'));
    const mock = await shopForTest({ specPath });
    writeFileSync(specPath, '{\n  "openapi": "3.1.0",\n  "paths": {\n    oops\n  }\n}\n');
    await expect(mock.reload()).rejects.toThrow(`${specPath} at line 4, column 5: not valid JSON`);
    // A mistake V8's message gives no position for (a literal cut short) is still placed, where it starts.
    writeFileSync(specPath, '{\n  "openapi": "3.1.0",\n  "x": tru\n}\n');
    await expect(mock.reload()).rejects.toThrow(`${specPath} at line 3, column 8: not valid JSON`);
    expect(json(await call(`${mock.url}/orders/latest`, { headers: SHOP_KEY }))).toEqual({ id: 'good' });
    writeFileSync(specPath, JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }));
    await expect(mock.reload()).rejects.toThrow(`${specPath}: the spec declares no operations and no webhooks`);
    expect((await call(`${mock.url}/orders/latest`, { headers: SHOP_KEY })).status).toBe(200);
  });

  it("serves a webhooks-only document: it starts, and every path is a 404 in Prism's words", async () => {
    const specPath = writeShop(withLatest('good'));
    writeFileSync(
      specPath,
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'Events only', version: '1' },
        webhooks: { newPet: { post: { responses: { '200': { description: 'Received' } } } } },
      }),
    );
    const mock = await shopForTest({ specPath });
    expect((await call(`${mock.url}/pets`)).status).toBe(404);
  });

  it('converts every path before swapping on reload: a path Prism cannot read keeps the last good spec', async () => {
    const specPath = writeShop(withLatest('good'));
    const mock = await shopForTest({ specPath });
    const dangling = (document: Record<string, any>) => {
      withLatest('new')(document);
      document.paths['/notes'].post.responses['201'].content['application/json'].schema = {
        $ref: '#/components/schemas/Renamed',
      };
    };
    writeShop(dangling, specPath.replace(/\/shop\.json$/, ''));
    const refused = (await mock.reload().catch((error: unknown) => error)) as Error;
    expect(refused.message.startsWith(`${specPath}: Prism cannot read its operations (`)).toBe(true);
    expect(refused.message).toContain('Renamed');
    expect(json(await call(`${mock.url}/orders/latest`, { headers: SHOP_KEY }))).toEqual({ id: 'good' });
  });

  it('starts on such a spec, answering the path Prism cannot read 500 with the reason', async () => {
    const broken = await shopForTest({
      specPath: writeShop((document) => {
        document.paths['/notes'].post.responses['201'].content['application/json'].schema = {
          $ref: '#/components/schemas/Renamed',
        };
      }),
    });
    const answer = await call(`${broken.url}/notes`, {
      method: 'POST',
      headers: { ...SHOP_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'a note' }),
    });
    expect(answer.status).toBe(500);
    expect(json(answer).detail).toMatch(/Prism cannot read the operations of \/notes .*Renamed/);
    expect((await call(`${broken.url}/orders/latest`, { headers: SHOP_KEY })).status).toBe(200);
  });

  it('refuses to start on a spec that does not load, naming the file', async () => {
    await expect(startShop({ specPath: `${SHOP_SPEC}.missing` })).rejects.toThrow(
      `${SHOP_SPEC}.missing: cannot read the spec (ENOENT)`,
    );
  });
});
