import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { call, json } from './support/http.js';
import { SHOP_KEY, shopDocument, startShop, writeShop } from './support/shop.js';

// The mock carries small patches of Prism (patches/, applied by pnpm install) that load what only some specs or
// modes need on first use rather than at import: they took `import '@stoplight/prism-http'` from ~750 to ~250 ms.
// The build then bundles what Prism loads at start into dist/engine/prism.js (scripts/bundle-engine.mjs), leaving
// the rest to be required from where pnpm installed it. These tests hold every half: nothing of it is loaded at
// start, as installed or as built, and every feature behind it still works.

const mockPackage = fileURLToPath(new URL('..', import.meta.url));
const LOADED_ON_FIRST_USE = [
  '@faker-js/faker',
  'json-schema-faker',
  'seedrandom',
  'postman-collection',
  'http-spec/oas2',
  'node-fetch',
  'http-proxy-agent',
  'pino',
  'fast-xml-parser',
  'lodash/fp.js',
  '@stoplight/yaml/',
  'json-schema-merge-allof',
  'ajv/dist/2019',
  'ajv/dist/2020',
];

/** Runs an ES module script in a fresh Node in this package; `loaded()` there lists which of the above it loaded. */
function runFresh(script: string): unknown {
  const prelude = `import { createRequire } from 'node:module';
    const names = ${JSON.stringify(LOADED_ON_FIRST_USE)};
    const loaded = () => names.filter((name) => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(name)));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', `${prelude}\n${script}`], {
    cwd: mockPackage,
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

async function shopWith(change: (document: Record<string, any>) => void) {
  const mock = await startShop({ specPath: writeShop(change), stateless: true });
  onTestFinished(() => mock.stop());
  return mock;
}

const post = (url: string, body: unknown, headers: Record<string, string> = SHOP_KEY) =>
  call(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe("Prism's engine, as the mock loads it", () => {
  it('leaves the dynamic generator, other spec formats, fetch, pino, lodash/fp and the XML builder unloaded', () => {
    const loaded = runFresh(`
      const require = createRequire(import.meta.url);
      require('@stoplight/prism-http');
      require('@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js');
      require('@stoplight/prism-http-server/dist/serialize.js');
      console.log(JSON.stringify(loaded()));`);
    expect(loaded).toEqual([]);
  });

  it('as built (one bundle), loads none of it at start, and the generator from where pnpm installed it', () => {
    const outcome = runFresh(`
      const prism = await import('./dist/engine/prism.js');
      const atStart = loaded();
      const operations = await prism.getHttpOperationsFromSpec(${JSON.stringify(shopDocument())});
      const engine = prism.createPrismEngine({ dynamic: true, seed: 3 });
      const request = { method: 'get', url: { path: '/orders/ord_2', query: {} }, headers: { 'x-key': 'k' }, body: null };
      const answer = await engine.ask(request, operations.filter((each) => each.path === '/orders/{id}'), {}, false);
      console.log(JSON.stringify({ atStart, afterDynamicAnswer: loaded(), status: answer.status, body: answer.body }));`);
    expect(outcome).toMatchObject({
      atStart: [],
      afterDynamicAnswer: expect.arrayContaining(['@faker-js/faker', 'json-schema-faker', 'seedrandom']),
      status: 200,
      body: { id: expect.any(String), status: expect.any(String) },
    });
    expect((outcome as { body: unknown }).body).not.toEqual({ id: 'ord_1', status: 'open' });
  });

  it('serialises an XML example with the XML builder it loads on first use', async () => {
    const mock = await shopWith((document) => {
      document.paths['/receipt'] = {
        get: {
          responses: {
            '200': {
              description: 'a receipt',
              content: { 'application/xml': { example: { id: 'rc_1', total: 5 } } },
            },
          },
        },
      };
    });
    const answer = await call(`${mock.url}/receipt`, { headers: { ...SHOP_KEY, accept: 'application/xml' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/xml');
    expect(answer.text).toBe('<xml><id>rc_1</id><total>5</total></xml>');
  });

  it("validates with the spec's JSON Schema dialect (2020-12 here), its validator made on first use", async () => {
    const mock = await shopWith((document) => {
      document.jsonSchemaDialect = 'https://json-schema.org/draft/2020-12/schema';
      document.paths['/orders'].post.requestBody.content['application/json'].schema.properties.tags = {
        type: 'array',
        prefixItems: [{ type: 'string' }],
        items: false,
      };
    });
    const valid = { name: 'first', return_url: 'https://shop.example/back' };
    expect((await post(`${mock.url}/orders`, { ...valid, tags: ['one'] })).status).toBe(201);
    // `prefixItems` and `items: false` exist in 2020-12 only: a second item is refused by that dialect alone.
    const refused = await post(`${mock.url}/orders`, { ...valid, tags: ['one', 'two'] });
    expect(refused.status).toBe(400);
    expect(json(refused).message).toMatch(/tags/);
  });

  it('merges allOf request schemas with the merger it loads on first use', async () => {
    const mock = await shopWith((document) => {
      const media = document.paths['/orders'].post.requestBody.content['application/json'];
      media.schema = { allOf: [media.schema, { type: 'object', required: ['note'] }] };
    });
    expect((await post(`${mock.url}/orders`, { name: 'a', return_url: 'https://x.example', note: 'n' })).status).toBe(
      201,
    );
    const refused = await post(`${mock.url}/orders`, { name: 'a', return_url: 'https://x.example' });
    expect(refused.status).toBe(400);
    expect(json(refused).message).toMatch(/note/);
  });

  it('refuses a request that fails every one of several security schemes with the refusal status', async () => {
    const mock = await shopWith((document) => {
      document.components.securitySchemes.Bearer = { type: 'http', scheme: 'bearer', 'x-paykit-refusal-status': 403 };
      document.security = [{ KeyAuth: [] }, { Bearer: [] }];
    });
    expect((await call(`${mock.url}/orders/ord_1`)).status).toBe(403);
    expect((await call(`${mock.url}/orders/ord_1`, { headers: { authorization: 'Bearer t' } })).status).toBe(200);
  });

  it('makes the callback an operation declares, with the fetch it loads on first use', async () => {
    const received: { path: string; body: string }[] = [];
    const receiver = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body });
        response.writeHead(204).end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    onTestFinished(() => void receiver.close());
    const mock = await shopWith((document) => {
      const media = document.paths['/orders'].post.requestBody.content['application/json'];
      media.schema.properties.notify_url = { type: 'string' };
      document.paths['/orders'].post.callbacks = {
        orderCreated: {
          '{$request.body#/notify_url}': {
            post: {
              requestBody: {
                content: { 'application/json': { schema: { type: 'object' }, example: { event: 'order.created' } } },
              },
              responses: { '204': { description: 'received' } },
            },
          },
        },
      };
    });
    const notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const created = await post(`${mock.url}/orders`, {
      name: 'a',
      return_url: 'https://x.example',
      notify_url: notifyUrl,
    });
    expect(created.status).toBe(201);
    await expect.poll(() => received).toEqual([{ path: '/hooks', body: JSON.stringify({ event: 'order.created' }) }]);
  });
});
