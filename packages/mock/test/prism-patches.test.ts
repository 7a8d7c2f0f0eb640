import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { apis, bundlePath } from '@paykit/spec';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isModuleFile, LEFT_OUT_OF_THE_BUNDLE } from '../scripts/prism-loaded-on-first-use.mjs';
import { startMock } from '../src/index.js';
import { call, json } from './support/http.js';
import { postShop, SHOP_KEY, SHOP_SPEC, shopDocument, shopForTest, writeShop } from './support/shop.js';

// The mock carries small patches of Prism (patches/, applied by pnpm install) that load what only some specs or
// modes need on first use rather than at import (scripts/prism-loaded-on-first-use.mjs lists it). The build then
// bundles what Prism loads at start into dist/engine/prism.js (scripts/bundle-engine.mjs) and leaves the rest to be
// required from where pnpm installed it. These tests hold every half: nothing of it is loaded at start, as installed
// or as built, and the parts a spec of the house can reach still work, through the sources and through the bundle.

const mockPackage = fileURLToPath(new URL('..', import.meta.url));
// The bundle is the build's (`pnpm test` builds first); a bare `vitest run` needs it built once.
if (!existsSync(join(mockPackage, 'dist/engine/prism.meta.json'))) {
  throw new Error('packages/mock/dist is not built: run `pnpm --filter @paykit/mock build` first (pnpm test does)');
}

/**
 * Runs an ES module script in a fresh Node in this package; `loaded()` there lists the parts it has loaded. Returns
 * what the script printed (JSON) and what Node wrote to stderr.
 */
function runFresh(script: string): { printed: unknown; stderr: string } {
  const prelude = `import { createRequire } from 'node:module';
    import { isModuleFile, LOADED_ON_FIRST_USE } from './scripts/prism-loaded-on-first-use.mjs';
    const loaded = () => LOADED_ON_FIRST_USE.filter((name) =>
      Object.keys(createRequire(import.meta.url).cache).some((file) => isModuleFile(file, name)));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', `${prelude}\n${script}`], {
    cwd: mockPackage,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the script exited ${run.status}: ${run.stderr}`);
  return { printed: JSON.parse(run.stdout), stderr: run.stderr };
}

describe('what Prism loads at start', () => {
  it('as installed: none of the parts the patches load on first use', () => {
    const { printed: loaded } = runFresh(`
      const require = createRequire(import.meta.url);
      require('@stoplight/prism-http');
      require('@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js');
      require('@stoplight/prism-http-server/dist/serialize.js');
      console.log(JSON.stringify(loaded()));`);
    expect(loaded).toEqual([]);
  });

  it("uses a body schema with no allOf as it is: the merger's copy of it is equal (vendors, corpus)", async () => {
    const prismHttp = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-http'));
    const merge = prismHttp('@stoplight/json-schema-merge-allof') as (schema: unknown, options: object) => unknown;
    const twilio = new URL('../../../spec/test/corpus/twilio_api_v2010.json.gz', import.meta.url);
    const documents = [
      ...apis.map((api) => readFileSync(bundlePath(api), 'utf8')),
      readFileSync(SHOP_SPEC, 'utf8'),
      gunzipSync(readFileSync(twilio)).toString('utf8'),
    ];
    let compared = 0;
    for (const text of documents) {
      for (const operation of await getHttpOperationsFromSpec(JSON.parse(text) as object)) {
        const contents = [operation.request?.body?.contents ?? [], ...operation.responses.map((r) => r.contents ?? [])];
        for (const { schema } of contents.flat()) {
          if (schema === undefined || JSON.stringify(schema).includes('"allOf"')) continue;
          expect(merge(schema, { deep: true, ignoreAdditionalProperties: true })).toEqual(schema);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('as built: the bundle holds none of the parts it leaves out, and requires them from where pnpm put them', () => {
    const meta = JSON.parse(readFileSync(join(mockPackage, 'dist/engine/prism.meta.json'), 'utf8')) as {
      inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
    };
    const bundled = Object.keys(meta.inputs);
    for (const name of LEFT_OUT_OF_THE_BUNDLE) {
      expect(
        bundled.filter((file) => isModuleFile(file, name)),
        name,
      ).toEqual([]);
    }
    // What it requires is Node's or a path relative to the bundle (the repo may move): no bare name, which Node would
    // look for from dist/, where pnpm put none of them.
    const required = Object.values(meta.inputs).flatMap((input) =>
      input.imports.filter((each) => each.external).map((each) => each.path),
    );
    expect(required.filter((path) => !isBuiltin(path) && path !== '<runtime>' && !path.startsWith('../'))).toEqual([]);
  });

  // One fresh Node for the three claims about the build: nothing at import, nothing for a plain request body, the
  // generator for a dynamic answer; and no warning from Node all along.
  it('as built: none of them at start, nor for a request body whose schema has no allOf (the allOf merger); a dynamic answer loads the generator from where pnpm put it; no warning from Node', () => {
    // Node 24 warns once per process (DEP0169) when code outside node_modules calls url.parse or url.resolve, as
    // Prism's $ref parser does on every spec: bundled, that warning reached the terminal of everyone running the mock.
    const { printed: outcome, stderr } = runFresh(`
      const prism = await import('./dist/engine/prism.js');
      const atStart = loaded();
      const { startMock } = await import('./dist/index.js');
      const mock = await startMock({ api: 'connect', specPath: ${JSON.stringify(SHOP_SPEC)}, stateless: true });
      const posted = await fetch(mock.url + '/orders', {
        method: 'POST',
        headers: { ...${JSON.stringify(SHOP_KEY)}, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'first', return_url: 'https://shop.example/back' }),
      });
      await mock.stop();
      const afterPost = { status: posted.status, loaded: loaded() };
      const operations = await prism.getHttpOperationsFromSpec(${JSON.stringify(shopDocument())});
      const known = { method: 'get', url: { path: '/orders/ord_1', query: {} }, headers: { 'x-key': 'k' }, body: null };
      const staticStatus = (await prism.createPrismEngine({}).ask(known, operations, {}, false)).status;
      const engine = prism.createPrismEngine({ dynamic: true, seed: 3 });
      const request = { method: 'get', url: { path: '/orders/ord_2', query: {} }, headers: { 'x-key': 'k' }, body: null };
      const answer = await engine.ask(request, operations.filter((each) => each.path === '/orders/{id}'), {}, false);
      console.log(JSON.stringify({
        atStart, afterPost, staticStatus, afterDynamicAnswer: loaded(), status: answer.status, body: answer.body,
      }));`);
    expect(outcome).toMatchObject({
      atStart: [],
      afterPost: { status: 201, loaded: [] },
      staticStatus: 200,
      afterDynamicAnswer: expect.arrayContaining(['@faker-js/faker', 'json-schema-faker', 'seedrandom']),
      status: 200,
      body: { id: expect.any(String), status: expect.any(String) },
    });
    expect((outcome as { body: unknown }).body).not.toEqual({ id: 'ord_1', status: 'open' });
    expect(stderr).toBe('');
  });
});

const built = (await import(
  pathToFileURL(join(mockPackage, 'dist/index.js')).href
)) as typeof import('../src/index.js');

describe.each([
  ['the sources', startMock],
  ['the built bundle', built.startMock],
])('each part loaded on first use still works, through %s', (_, start) => {
  const shopWith = (change: (document: Record<string, any>) => void) =>
    shopForTest({ specPath: writeShop(change), stateless: true }, start);
  const orderSchema = (document: Record<string, any>) =>
    document.paths['/orders'].post.requestBody.content['application/json'].schema;
  const order = { name: 'first', return_url: 'https://shop.example/back' };

  it('serialises an XML example (the XML builder)', async () => {
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

  it("validates with the spec's JSON Schema dialect, 2020-12 here, formats included (its validator)", async () => {
    const mock = await shopWith((document) => {
      document.jsonSchemaDialect = 'https://json-schema.org/draft/2020-12/schema';
      Object.assign(orderSchema(document).properties, {
        tags: { type: 'array', prefixItems: [{ type: 'string' }], items: false },
        starts_on: { type: 'string', format: 'date', formatMinimum: '2020-01-01' },
      });
    });
    expect((await postShop(`${mock.url}/orders`, { ...order, tags: ['one'], starts_on: '2026-01-01' })).status).toBe(
      201,
    );
    // `prefixItems` and `items: false` exist in 2020-12 only: a second item is refused by that dialect alone.
    const twoTags = await postShop(`${mock.url}/orders`, { ...order, tags: ['one', 'two'] });
    expect(twoTags.status).toBe(400);
    expect(json(twoTags).message).toMatch(/tags/);
    // ajv-formats' keyword, on the same Ajv as the 2020-12 validator.
    const tooEarly = await postShop(`${mock.url}/orders`, { ...order, starts_on: '2019-01-01' });
    expect(tooEarly.status).toBe(400);
    expect(json(tooEarly).message).toMatch(/starts_on/);
  });

  it("uses a schema that breaks JSON Schema's own rules as its validator reads it, or not at all", async () => {
    // The patch skips Ajv's check of each schema against its draft's meta-schema. A listed name twice breaks the
    // meta-schema (`required` items must be unique) but means what it says: it is now validated as written.
    const twice = await shopWith((document) => {
      orderSchema(document).required = ['name', 'name', 'return_url'];
    });
    expect((await postShop(`${twice.url}/orders`, order)).status).toBe(201);
    const noName = await postShop(`${twice.url}/orders`, { return_url: order.return_url });
    expect(noName.status).toBe(400);
    expect(json(noName).message).toMatch(/name/);
    // A keyword with a value of the wrong type (a vendor's typo) is refused by the validator too: as before the
    // patch, that body goes unchecked, and a valid order is never refused for the spec's mistake.
    const typo = await shopWith((document) => {
      orderSchema(document).properties.name.minLength = 'one';
    });
    expect((await postShop(`${typo.url}/orders`, order)).status).toBe(201);
  });

  it('merges allOf request schemas before validating (the allOf merger)', async () => {
    const mock = await shopWith((document) => {
      const media = document.paths['/orders'].post.requestBody.content['application/json'];
      // Unmerged, the first branch's `additionalProperties: false` would refuse the second branch's `note`.
      media.schema = {
        allOf: [
          { ...media.schema, additionalProperties: false },
          { type: 'object', required: ['note'], properties: { note: { type: 'string' } } },
        ],
      };
    });
    expect((await postShop(`${mock.url}/orders`, { ...order, note: 'n' })).status).toBe(201);
    const noNote = await postShop(`${mock.url}/orders`, order);
    expect(noNote.status).toBe(400);
    expect(json(noNote).message).toMatch(/note/);
    expect((await postShop(`${mock.url}/orders`, { ...order, note: 'n', extra: 1 })).status).toBe(400);
  });

  it('refuses a request that fails every one of several security schemes (lodash/fp)', async () => {
    const mock = await shopWith((document) => {
      document.components.securitySchemes.Bearer = { type: 'http', scheme: 'bearer', 'x-paykit-refusal-status': 403 };
      document.security = [{ KeyAuth: [] }, { Bearer: [] }];
    });
    expect((await call(`${mock.url}/orders/ord_1`)).status).toBe(403);
    expect((await call(`${mock.url}/orders/ord_1`, { headers: { authorization: 'Bearer t' } })).status).toBe(200);
  });

  it('makes the callback an operation declares (fetch)', async () => {
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
      orderSchema(document).properties.notify_url = { type: 'string' };
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
    expect((await postShop(`${mock.url}/orders`, { ...order, notify_url: notifyUrl })).status).toBe(201);
    await expect.poll(() => received).toEqual([{ path: '/hooks', body: JSON.stringify({ event: 'order.created' }) }]);
  });
});
