// `tsx src/import/mock-check.ts <api>…`: each named API's mock answers one GET and one POST of that API with 2xx
// bodies that validate against the response schemas (@paykit/spec/validator). Run in a scratch copy after an import
// by the import test (spec/test/import.test.ts) and by `pnpm bench`'s import section (Stripe). It picks the first GET
// without required parameters that has a JSON 2xx response and the POST with the fewest required body fields, and
// samples the body from the request schema. The mock serves seeded bodies generated from the response schemas: the
// vendors' own examples do not always match them (Twilio's list examples give relative URIs where it says format: uri).
// Prints one JSON line: [{ api, get: { status, valid } | null, post: … | null }] (null: the API has no such call).
// `--static`: the mock serves bodies sampled from the schemas (Prism's static mode) instead: Prism's dynamic generator
// (json-schema-faker) follows at most three `$ref`s and writes `{}` past them, which breaks required fields in a
// document whose schemas all refer to each other (Stripe's).
import { startMock } from '@paykit/mock';
import type { ApiName } from '@paykit/spec';
import { createSchemaValidator, type SchemaValidator } from '@paykit/spec/validator';

type Schema = Record<string, any>;
type Method = 'get' | 'post';

function deref(bundle: Schema, node: Schema | undefined): Schema | undefined {
  let current = node;
  while (current?.$ref) {
    current = String(current.$ref)
      .slice(2)
      .split('/')
      .reduce((at: any, key) => at?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], bundle);
  }
  return current;
}

function sample(bundle: Schema, raw: Schema | undefined): unknown {
  const schema = deref(bundle, raw) ?? {};
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const branch = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (branch) return sample(bundle, branch);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part: Schema) => sample(bundle, part)));
  const type = [schema.type].flat()[0];
  if (type === 'object' || schema.properties) {
    const required: string[] = schema.required ?? [];
    return Object.fromEntries(required.map((key) => [key, sample(bundle, schema.properties?.[key])]));
  }
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [];
  if (schema.format === 'uri') return 'https://example.com/';
  return 'x';
}

const escapeToken = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

function pick(bundle: Schema, method: Method) {
  const candidates = Object.entries(bundle.paths ?? {}).flatMap(([path, item]: [string, any]) => {
    const operation = item?.[method];
    if (!operation || path.includes('{')) return [];
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref(bundle, p));
    if (parameters.some((p) => p?.required)) return [];
    const hasJson2xx = Object.entries(operation.responses ?? {}).some(
      ([status, response]) => /^2/.test(status) && (method === 'post' || deref(bundle, response as Schema)?.content),
    );
    if (!hasJson2xx) return [];
    const body = deref(bundle, operation.requestBody);
    const [type, media] = Object.entries(body?.content ?? {})[0] ?? [];
    const schema = deref(bundle, (media as Schema | undefined)?.schema);
    return [{ path, operation, type, schema, weight: (schema?.required ?? []).length }];
  });
  return candidates.sort((a, b) => a.weight - b.weight)[0];
}

async function call(url: string, bundle: Schema, schemas: SchemaValidator, method: Method) {
  const chosen = pick(bundle, method);
  if (!chosen) return null;
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Basic ${btoa('AC123:authtoken')}`,
  };
  let body: string | undefined;
  if (method === 'post' && chosen.type) {
    const value = sample(bundle, chosen.schema) as Record<string, unknown>;
    headers['content-type'] = chosen.type;
    body = chosen.type.includes('json')
      ? JSON.stringify(value)
      : new URLSearchParams(Object.entries(value).map(([k, v]) => [k, String(v)])).toString();
  }
  const response = await fetch(url + chosen.path, {
    method: method.toUpperCase(),
    headers,
    body: body ?? null,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  const status = response.status;
  const content = deref(bundle, chosen.operation.responses?.[String(status)])?.content ?? {};
  const mediaType = Object.keys(content).find((type) => type.includes('json'));
  if (!mediaType) return { status, valid: status < 300 && text === '' };
  const pointer = `#/paths/${escapeToken(chosen.path)}/${method}/responses/${status}/content/${escapeToken(mediaType)}/schema`;
  const result = schemas.validate(pointer, JSON.parse(text));
  if (!result.valid) console.error(method.toUpperCase(), chosen.path, status, result.errors.slice(0, 5));
  return { status, valid: status < 300 && result.valid };
}

/**
 * OpenAPI 3.0's `nullable: true` in JSON Schema terms (`null` allowed too), which Ajv 2020 otherwise reads as its own
 * keyword and refuses beside no `type` (Stripe's `anyOf` fields).
 */
function withNullAllowed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullAllowed);
  if (typeof node !== 'object' || node === null) return node;
  const { nullable, ...rest } = node as Schema;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, withNullAllowed(value)]));
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

const dynamic = !process.argv.includes('--static');
const results = [];
for (const api of process.argv.slice(2).filter((arg) => !arg.startsWith('--')) as ApiName[]) {
  const bundle = (await import(`@paykit/spec/${api}.json`, { with: { type: 'json' } })).default as Schema;
  if (Object.keys(bundle.paths ?? {}).length === 0) {
    // A webhooks-only document: no path to call, so no mock to start (the mock refuses a spec without operations).
    results.push({ api, get: null, post: null });
    continue;
  }
  // One validator per API: compiling Stripe's schema graph takes Ajv tens of seconds on a loaded machine.
  const schemas = createSchemaValidator(api, withNullAllowed(bundle) as Schema);
  const mock = await startMock({ api, dynamic, seed: 1 });
  try {
    results.push({
      api,
      get: await call(mock.url, bundle, schemas, 'get'),
      post: await call(mock.url, bundle, schemas, 'post'),
    });
  } finally {
    await mock.stop();
  }
}
console.log(JSON.stringify(results));
