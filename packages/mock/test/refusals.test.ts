import { readFileSync } from 'node:fs';
import { apis, bundlePath } from '@paykit/spec';
import { createSchemaValidator } from '@paykit/spec/validator';
import { describe, expect, inject, it } from 'vitest';
import { apiOperations, responseCases } from './support/contract-cases.js';
import { call, json } from './support/http.js';
import { postShop, SHOP_KEY, shopForTest, writeShop } from './support/shop.js';

// Refusals in the vendor's own words: the error response the spec declares for that status, shaped by the vendor's
// error schema, its code from `x-paykit-invalid-code`, a message naming the field and the rule actually broken.

const expandPath = (path: string, params: Record<string, string>) =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));

/** Credentials in the form the bundle's first security scheme declares (the mock checks only that they are there). */
function credentials(bundle: Record<string, any>): Record<string, string> {
  const [name] = Object.keys(bundle.security?.[0] ?? {});
  const scheme = bundle.components.securitySchemes[name as string];
  if (scheme.type === 'apiKey') return { [scheme.name]: 'dummy-key' };
  return { Authorization: scheme.scheme === 'basic' ? `Basic ${btoa('dummy-key:')}` : 'Bearer dummy-key' };
}

describe.each(apis)('%s refusals (derived from the bundle)', (api) => {
  const url = inject(`${api}StatelessMockUrl`);
  const bundle = JSON.parse(readFileSync(bundlePath(api), 'utf8'));
  const validator = createSchemaValidator(api, bundle);
  const requests = responseCases(api, bundle).filter(
    (c, i, all) => all.findIndex((d) => d.operationId === c.operationId) === i,
  );
  const declared = (operationId: string, status: number) =>
    responseCases(api, bundle).find((c) => c.operationId === operationId && c.status === status);

  const send = (c: (typeof requests)[number], headers: Record<string, string>, body?: unknown) =>
    call(`${url}${expandPath(c.path, c.input.pathParams)}`, {
      method: c.method.toUpperCase(),
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('has secured operations to check', () => {
    expect(apiOperations(bundle).every((op) => (op.operation.security ?? bundle.security)?.length > 0)).toBe(true);
  });

  it.each(requests.map((c) => [c.label.split(' → ')[0], c] as const))(
    "%s without credentials → the scheme's refusal status, in the vendor's error schema",
    async (_, c) => {
      const answer = await send(c, {}, c.input.body);
      const schemes = Object.keys((c as { security?: unknown }).security ?? bundle.security[0]);
      const status = bundle.components.securitySchemes[schemes[0] as string]['x-paykit-refusal-status'] ?? 401;
      expect(answer.status).toBe(status);
      const documented = declared(c.operationId, status);
      if (documented?.schemaPointer)
        expect(validator.validate(documented.schemaPointer, json(answer)).errors).toEqual([]);
    },
  );

  const breaking = requests
    .filter((c) => c.input.body !== undefined)
    .flatMap((c) => {
      const [field, value] = Object.entries(c.input.body as object)[0] ?? ['x', 0];
      const wrong = typeof value === 'string' ? 12345 : 'a string';
      return [
        {
          ...c,
          why: 'an array where an object belongs',
          body: [] as unknown,
          names: 'the request body must be object',
        },
        {
          ...c,
          why: `${field} of the wrong type`,
          body: { ...(c.input.body as object), [field]: wrong },
          names: `${field} must be`,
        },
      ];
    });

  it.each(breaking.map((c) => [`${c.label.split(' → ')[0]} with ${c.why}`, c] as const))(
    '%s → 400 (or the 422 the operation declares), naming the field and the rule',
    async (_, c) => {
      const answer = await send(c, credentials(bundle), c.body);
      const status = declared(c.operationId, 400) ? 400 : declared(c.operationId, 422) ? 422 : 400;
      expect(answer.status).toBe(status);
      expect(answer.text).toContain(c.names);
      const documented = declared(c.operationId, status);
      if (documented?.schemaPointer)
        expect(validator.validate(documented.schemaPointer, json(answer)).errors).toEqual([]);
    },
  );

  it.each(
    requests
      .filter((c) => c.input.body === undefined && c.method === 'post')
      .map((c) => [c.label.split(' → ')[0], c] as const),
  )('%s (no body declared) sent with a JSON body is not refused', async (_, c) => {
    const answer = await send(c, credentials(bundle), {});
    expect(answer.status).toBeLessThan(300);
  });
});

describe('refusals of the shop fixture (every extension)', () => {
  it("gives a field its own code (x-paykit-invalid-code on the property) with 400, the vendor's error schema", async () => {
    const mock = await shopForTest();
    const answer = await postShop(`${mock.url}/orders`, { name: 'n', return_url: 'http://not-https' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(json(answer)).toEqual({
      error_code: 'invalid_return_url',
      message: 'return_url must match pattern "^https://"',
    });
  });

  it('gives any other invalid input the root code, and names each broken field', async () => {
    const mock = await shopForTest();
    const answer = await postShop(`${mock.url}/orders`, { name: '' });
    expect(answer.status).toBe(400);
    expect(json(answer)).toEqual({
      error_code: 'invalid_input',
      message: 'return_url is required; name must NOT have fewer than 1 characters',
    });
    const wrongParameter = await call(`${mock.url}/orders/ord_1?limit=99`, { headers: SHOP_KEY });
    expect(wrongParameter.status).toBe(400);
    expect(json(wrongParameter)).toEqual({
      error_code: 'invalid_input',
      message: 'query parameter limit must be <= 10',
    });
  });

  it('omits the code when the spec gives none', async () => {
    const mock = await shopForTest({ specPath: writeShop((document) => delete document['x-paykit-invalid-code']) });
    expect(json(await postShop(`${mock.url}/orders`, { name: 'n' }))).toEqual({ message: 'return_url is required' });
  });

  it('answers 422 where the operation declares 422 and no 400, and a 400 problem where it declares neither', async () => {
    const mock = await shopForTest();
    const notes = await postShop(`${mock.url}/notes`, { text: 5 });
    expect(notes.status).toBe(422);
    expect(json(notes)).toEqual({ error_code: 'invalid_input', message: 'text must be string' });
    const plain = await postShop(`${mock.url}/plain`, {});
    expect(plain.status).toBe(400);
    expect(plain.headers.get('content-type')).toBe('application/problem+json');
    expect(json(plain)).toEqual({
      type: 'about:blank',
      title: 'Invalid request',
      status: 400,
      detail: 'text is required',
    });
  });

  it("answers missing or wrong credentials with the scheme's x-paykit-refusal-status and the vendor's body", async () => {
    const mock = await shopForTest();
    const answer = await postShop(
      `${mock.url}/orders`,
      { name: 'n', return_url: 'https://x.example' },
      { 'X-Key': '' },
    );
    expect(answer.status).toBe(403);
    expect(json(answer)).toEqual({ error_code: 'forbidden', message: 'The key is not valid.' });
    const withoutHeader = await call(`${mock.url}/orders/ord_1`);
    expect(withoutHeader.status).toBe(403);
  });

  it('falls back to 401 where the scheme says nothing', async () => {
    const mock = await shopForTest({
      specPath: writeShop(
        (document) => delete document['components'].securitySchemes.KeyAuth['x-paykit-refusal-status'],
      ),
    });
    expect((await call(`${mock.url}/orders/ord_1`)).status).toBe(401);
  });

  it('says so when the Content-Type is wrong (and not that a field is missing)', async () => {
    const mock = await shopForTest();
    const answer = await call(`${mock.url}/orders`, {
      method: 'POST',
      headers: { ...SHOP_KEY, 'Content-Type': 'text/plain' },
      body: 'name=n',
    });
    expect(answer.status).toBe(400);
    expect(json(answer)).toEqual({
      error_code: 'invalid_input',
      message: 'Content-Type text/plain is not accepted: send application/json.',
    });
  });

  it('never refuses a request that breaks no rule with a business error: a body where none is declared is ignored', async () => {
    const mock = await shopForTest();
    const answer = await postShop(`${mock.url}/orders/ord_1/cancel`, { reason: 'any' });
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual({ id: 'ord_1', status: 'cancelled' });
  });

  it('never quotes the credentials it refuses', async () => {
    const mock = await shopForTest();
    const answer = await call(`${mock.url}/orders/ord_1?limit=99`, {
      headers: { Authorization: 'Bearer sk_live_secret' },
    });
    expect(answer.text).not.toContain('sk_live_secret');
  });
});
