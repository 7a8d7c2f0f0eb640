import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { apis, bundlePath } from '@paykit/spec';
import { generateHttpParam } from '@stoplight/prism-http';
import type { HttpSecurityScheme, IHttpOperation } from '@stoplight/types';
import { isSome } from 'fp-ts/lib/Option.js';
import { describe, expect, it } from 'vitest';
import { convertSpec } from '../src/engine/conversion.js';
import { prismRequestOf } from '../src/engine/engine.js';
import type { MockRequest } from '../src/engine/hook.js';
import { isJsonMediaType, parseJsonBody } from '../src/engine/json.js';
import { createAcceptor } from '../src/engine/prism-accept.js';
import { createPrismEngine } from '../src/engine/prism.js';
import { requestExampleCases, responseCases } from './support/contract-cases.js';
import { SHOP_SPEC } from './support/shop.js';

// The engine's lean acceptance (engine/prism-accept.ts) stands in for Prism's validation of a request a sandbox
// answers, or whose answer is known, when Prism would accept it. Here both judge every operation of both vendors, the
// shop fixture and a corpus document, each sent valid (every request example) and broken in every part Prism checks:
// the outcome of `validate` (and of `forcedBy`) must be the same with and without it, and on the vendors the lean
// check must take every plain request Prism accepts (else it would only cost).

const twilio = new URL('../../../spec/test/corpus/twilio_api_v2010.json.gz', import.meta.url);
const documents: Record<string, () => string> = {
  ...Object.fromEntries(apis.map((api) => [api, () => readFileSync(bundlePath(api), 'utf8')])),
  shop: () => readFileSync(SHOP_SPEC, 'utf8'),
  twilio: () => gunzipSync(readFileSync(twilio)).toString('utf8'),
};

interface ValidInput {
  pathParams: Record<string, string>;
  body?: unknown;
}

/** Credentials for one security scheme, as a client sends them. */
function credentialsFor(scheme: HttpSecurityScheme): Record<string, string> {
  if (scheme.type === 'apiKey' && scheme.in === 'header') return { [scheme.name.toLowerCase()]: 'dummy-key' };
  if (scheme.type === 'apiKey' && scheme.in === 'cookie') return { cookie: `${scheme.name}=dummy-key` };
  if (scheme.type === 'http' && scheme.scheme === 'basic') return { authorization: `Basic ${btoa('dummy-key:')}` };
  if (scheme.type === 'apiKey') return {};
  return { authorization: 'Bearer dummy-key' };
}

const BAD_CREDENTIALS: Record<string, string>[] = [
  {},
  { authorization: `Basic ${btoa('no-colon')}` },
  { authorization: 'Basic' },
  { authorization: 'Bearer' },
  { authorization: 'Token dummy-key' },
  { 'x-api-key': '' },
];

/** A value for each path parameter: its example, else one Prism makes from its schema. */
function generatedInput(operation: IHttpOperation): ValidInput {
  const pathParams: Record<string, string> = {};
  for (const param of operation.request?.path ?? []) {
    const example = param.examples?.[0] as { value?: unknown } | undefined;
    const made =
      example?.value ??
      (() => {
        const value = generateHttpParam(param);
        return isSome(value) ? value.value : 'x1';
      })();
    pathParams[param.name] = String(made);
  }
  const json = operation.request?.body?.contents?.find((content) => /json/.test(content.mediaType));
  const example = json?.examples?.[0] as { value?: unknown } | undefined;
  return { pathParams, ...(example?.value !== undefined && { body: example.value }) };
}

/** The bodies a client may send in place of a valid one. */
function brokenBodies(body: unknown): unknown[] {
  const broken: unknown[] = [{}, [], { unexpected: [1] }, 'text', 12, null];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return broken;
  for (const key of Object.keys(body)) {
    const { [key]: _left, ...without } = body as Record<string, unknown>;
    broken.push(without);
    for (const value of [12345, null, '', {}, [], 'not-a-date', 'https://x.example/', true])
      broken.push({ ...body, [key]: value });
  }
  return broken;
}

interface Shape {
  path: Record<string, string>;
  headers: Record<string, string>;
  query?: string;
  body?: unknown;
  text?: string;
  contentType?: string;
}

function mockRequest(operation: IHttpOperation, shape: Shape): MockRequest {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(shape.path[name] ?? name),
  );
  const text = shape.text ?? (shape.body === undefined ? undefined : JSON.stringify(shape.body));
  const headers: Record<string, string> = { host: '127.0.0.1', ...shape.headers };
  if (text !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(text));
    if (shape.contentType !== '') headers['content-type'] = shape.contentType ?? 'application/json';
  }
  const rawBody = Buffer.from(text ?? '');
  const parsed = rawBody.length > 0 && isJsonMediaType(headers) ? parseJsonBody(rawBody) : undefined;
  return {
    method: operation.method.toUpperCase(),
    url: new URL(`http://127.0.0.1${path}${shape.query ?? ''}`),
    headers,
    rawBody,
    body: parsed?.ok ? parsed.value : undefined,
    note: {},
  };
}

/** A valid request of `input`, then the same broken (or varied) in each part Prism checks. */
function variants(operation: IHttpOperation, input: ValidInput): MockRequest[] {
  const schemes = (operation.security ?? []).flat();
  const credentials = schemes.length > 0 ? credentialsFor(schemes[0] as HttpSecurityScheme) : {};
  const valid: Shape = { path: input.pathParams, headers: { ...credentials }, body: input.body };
  for (const param of operation.request?.headers ?? []) {
    if (param.name.toLowerCase() !== 'authorization') valid.headers[param.name.toLowerCase()] = 'a-value-1';
  }
  const shapes: Shape[] = [valid];
  for (const scheme of schemes) shapes.push({ ...valid, headers: { ...valid.headers, ...credentialsFor(scheme) } });
  for (const bad of BAD_CREDENTIALS) {
    const headers = { ...valid.headers };
    for (const name of Object.keys(credentials)) delete headers[name];
    shapes.push({ ...valid, headers: { ...headers, ...bad } });
  }
  const accepts = [
    'text/plain',
    'application/xml',
    '*/*',
    'application/json',
    'application/xml, application/json;q=0.5',
  ];
  for (const accept of accepts) shapes.push({ ...valid, headers: { ...valid.headers, accept } });
  shapes.push({ ...valid, headers: { ...valid.headers, prefer: 'code=200' } });
  shapes.push({ ...valid, headers: { ...valid.headers, prefer: 'dynamic=true' } });
  shapes.push({ ...valid, headers: { ...valid.headers, prefer: 'nothing-prism-reads' } });
  for (const query of ['?__code=200', '?__example=none', '?x=1', '?__server=http://x.example']) {
    shapes.push({ ...valid, query });
  }
  shapes.push({
    ...valid,
    headers: Object.fromEntries(Object.entries(valid.headers).map(([k, v]) => [k.toUpperCase(), v])),
  });
  for (const name of Object.keys(input.pathParams)) {
    for (const value of ['x', '1', 'a'.repeat(300), 'with space', 'ünï', 'a.b', '-', '%41']) {
      shapes.push({ ...valid, path: { ...input.pathParams, [name]: value } });
    }
  }
  for (const param of operation.request?.headers ?? []) {
    const name = param.name.toLowerCase();
    const { [name]: _left, ...without } = valid.headers;
    shapes.push({ ...valid, headers: without });
    for (const value of ['', '1', 'a'.repeat(300), 'x,y']) {
      shapes.push({ ...valid, headers: { ...valid.headers, [name]: value } });
    }
  }
  const { body: _body, ...bodiless } = valid;
  shapes.push(bodiless, { ...bodiless, text: '{}' }, { ...bodiless, text: '' });
  for (const body of brokenBodies(input.body)) shapes.push({ ...valid, body });
  if (input.body !== undefined) {
    for (const contentType of ['text/plain', 'application/json; charset=utf-8', 'application/merge-patch+json', '']) {
      shapes.push({ ...valid, contentType });
    }
    shapes.push({ ...valid, text: '{"broken":' }, { ...valid, headers: { ...valid.headers, 'content-length': '0' } });
  }
  return shapes.map((shape) => mockRequest(operation, shape));
}

/** Every operation of a document, with the valid inputs the contract cases use (vendors) or made from it. */
async function operationInputs(name: string): Promise<[IHttpOperation[], IHttpOperation, ValidInput[]][]> {
  const text = (documents[name] as () => string)();
  const bundle = JSON.parse(text) as Record<string, any>;
  const paths = Object.keys(bundle['paths'] as object);
  const conversion = convertSpec(name, text, paths);
  const cases = (apis as readonly string[]).includes(name)
    ? [...responseCases(name, bundle), ...requestExampleCases(name, bundle)]
    : [];
  const out: [IHttpOperation[], IHttpOperation, ValidInput[]][] = [];
  for (const path of paths) {
    const operations = await conversion.operationsOf(path);
    for (const operation of operations) {
      const mine = cases.filter((c) => c.path === operation.path && c.method === operation.method);
      const inputs = new Map<string, ValidInput>();
      for (const input of [generatedInput(operation), ...mine.map((c) => c.input)]) {
        const valid = { pathParams: input.pathParams, ...('body' in input && { body: input.body }) };
        inputs.set(JSON.stringify(valid), valid);
      }
      out.push([operations, operation, [...inputs.values()]]);
    }
  }
  return out;
}

describe.each(Object.keys(documents))("the lean acceptance against Prism's validation (%s)", (name) => {
  it('gives every request the outcome Prism gives it', async () => {
    const lean = createPrismEngine({ dynamic: false, seed: undefined });
    const prism = createPrismEngine({ dynamic: false, seed: undefined, leanAccept: false });
    const acceptor = createAcceptor();
    const vendor = (apis as readonly string[]).includes(name);
    let requests = 0;
    let accepted = 0;
    for (const [operations, operation, inputs] of await operationInputs(name)) {
      for (const request of inputs.flatMap((input) => variants(operation, input))) {
        const what = `${name} ${request.method} ${request.url.pathname}${request.url.search} ${JSON.stringify(request.headers)} ${request.rawBody}`;
        const asked = prismRequestOf(request, operation);
        const forced = prism.forcedBy(asked);
        expect(lean.forcedBy(asked), what).toEqual(forced);
        if ('type' in forced) continue;
        const outcome = await prism.validate(asked, operations, forced);
        expect(await lean.validate(asked, operations, forced), what).toEqual(outcome);
        const prismAccepts = outcome.ok && outcome.placeholder === true && Object.keys(forced).length === 0;
        const leanAccepts = acceptor(operation, asked);
        if (leanAccepts) expect(prismAccepts, what).toBe(true);
        // Left to Prism on purpose: a forced answer, a query, a %-escaped path (Prism's router decodes it).
        const plain = !asked.headers?.['prefer'] && request.url.search === '' && !request.url.pathname.includes('%');
        if (vendor && plain) expect(leanAccepts, what).toBe(prismAccepts);
        requests += 1;
        if (leanAccepts) accepted += 1;
      }
    }
    expect(requests).toBeGreaterThan(100);
    expect(accepted).toBeGreaterThan(vendor ? 10 : 0);
  }, 120_000);
});
