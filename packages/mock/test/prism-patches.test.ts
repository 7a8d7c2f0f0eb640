import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { call, json } from './support/http.js';
import { SHOP_KEY, startShop, writeShop } from './support/shop.js';

// The mock carries small patches of Prism (patches/, applied by pnpm install) that load what only some specs or
// modes need on first use rather than at import: they took `import '@stoplight/prism-http'` from ~750 to ~250 ms.
// These tests hold both halves: nothing of it is loaded at start, and every feature behind it still works.

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
    const mockPackage = fileURLToPath(new URL('..', import.meta.url));
    const loaded = execFileSync(
      process.execPath,
      [
        '-e',
        `require('@stoplight/prism-http');
         require('@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js');
         require('@stoplight/prism-http-server/dist/serialize.js');
         const files = Object.keys(require.cache);
         const names = ['@faker-js/faker', 'json-schema-faker', 'seedrandom', 'postman-collection', 'http-spec/oas2',
           'node-fetch', 'http-proxy-agent', 'pino', 'fast-xml-parser', 'lodash/fp.js', '@stoplight/yaml/',
           'json-schema-merge-allof', 'ajv/dist/2019', 'ajv/dist/2020'];
         console.log(JSON.stringify(names.filter((name) => files.some((file) => file.includes(name)))));`,
      ],
      { cwd: mockPackage, encoding: 'utf8' },
    );
    expect(JSON.parse(loaded)).toEqual([]);
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
