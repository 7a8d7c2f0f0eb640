import { readFileSync } from 'node:fs';
import { apis, bundlePath, type ApiName } from '@paykit/spec';
import { createSchemaValidator } from '@paykit/spec/validator';
import { describe, expect, inject, it } from 'vitest';
import { apiOperations, responseCases } from './support/contract-cases.js';
import { call } from './support/http.js';

// What Prism refuses, per operation, derived from the bundles: calls without credentials, and bodies that break the
// schema. Sent with plain fetch: the typed client would refuse to send most of them.
const urls: Record<ApiName, string> = { connect: inject('connectMockUrl'), ten99policy: inject('ten99policyMockUrl') };
const CREDENTIALS: Record<ApiName, Record<string, string>> = {
  connect: { 'X-API-Key': 'dummy-key' },
  ten99policy: { Authorization: 'Bearer t9k_test_dummy' },
};

const expandPath = (path: string, params: Record<string, string>) =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));

describe.each(apis)('%s refusals', (api) => {
  const bundle = JSON.parse(readFileSync(bundlePath(api), 'utf8'));
  const validator = createSchemaValidator(api, bundle);
  const requests = responseCases(api, bundle).filter(
    (c, i, all) => all.findIndex((d) => d.operationId === c.operationId) === i,
  );
  const declared = (operationId: string, status: number) =>
    responseCases(api, bundle).find((c) => c.operationId === operationId && c.status === status);

  const send = (c: (typeof requests)[number], headers: Record<string, string>, body?: unknown) =>
    call(`${urls[api]}${expandPath(c.path, c.input.pathParams)}`, {
      method: c.method.toUpperCase(),
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('has secured operations to check', () => {
    expect(apiOperations(bundle).every((op) => (op.operation.security ?? bundle.security)?.length > 0)).toBe(true);
  });

  it.each(requests.map((c) => [c.label.split(' → ')[0], c] as const))('%s without credentials → 401/403', async (_, c) => {
    const answer = await send(c, {}, c.input.body);
    expect([401, 403]).toContain(answer.status);
    const documented = declared(c.operationId, answer.status);
    if (documented?.schemaPointer) {
      expect(validator.validate(documented.schemaPointer, JSON.parse(answer.text)).errors).toEqual([]);
    }
  });

  const withBodies = requests.filter((c) => c.input.body !== undefined);
  const breaking = withBodies.flatMap((c) => {
    const [field, value] = Object.entries(c.input.body as object)[0] ?? ['x', 0];
    const wrong = typeof value === 'string' ? 12345 : 'a string';
    return [
      { ...c, why: 'an array where an object belongs', body: [] as unknown },
      { ...c, why: `${field} of the wrong type`, body: { ...(c.input.body as object), [field]: wrong } },
    ];
  });

  it.each(breaking.map((c) => [`${c.label.split(' → ')[0]} with ${c.why}`, c] as const))('%s → 422', async (_, c) => {
    const answer = await send(c, CREDENTIALS[api], c.body);
    expect(answer.status).toBe(422);
    const documented = declared(c.operationId, 422);
    if (documented?.schemaPointer) {
      expect(validator.validate(documented.schemaPointer, JSON.parse(answer.text)).errors).toEqual([]);
    }
  });
});
