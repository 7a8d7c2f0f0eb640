import { readFileSync } from 'node:fs';
import { createConnectClient } from '@paykit/client/connect';
import { createTen99PolicyClient } from '@paykit/client/ten99policy';
import { apis, bundlePath, type ApiName } from '@paykit/spec';
import { namedExamples } from '@paykit/spec/examples';
import { createSchemaValidator } from '@paykit/spec/validator';
import { describe, expect, inject, it } from 'vitest';
import { apiOperations, requestExampleCases, responseCases, type RequestInput } from './support/contract-cases.js';
import { withoutSecrets } from './support/secrets.js';

// Contract tests: every operation × declared status × named example of both bundles, called through @paykit/client
// against the running mocks, each body checked by an independent JSON Schema 2020-12 validator (Ajv). The cases
// come from the bundles, so a new example is tested the moment it is added.

interface Result {
  data?: unknown;
  error?: { status: number; body: unknown };
  response: Response;
}
/** The clients' untyped entry point: the cases are data, so their paths are not literal types here. */
type Caller = { request(method: string, path: string, init: Record<string, unknown>): Promise<Result> };

// maxRetries 0: the 429 and 5xx cases must see the answer, not a retry. A dummy key: the mock accepts any.
// The forced cases go to the sandbox (a forced answer is Prism's there too); the request examples, sent plainly, to
// the stateless mock, whose answer to a valid request is the spec's example (the sandbox knows no example ids).
function clientsFor(mock: 'MockUrl' | 'StatelessMockUrl'): Record<ApiName, Caller> {
  return {
    connect: createConnectClient({ apiKey: 'dummy-key', baseUrl: inject(`connect${mock}`), maxRetries: 0 }) as unknown as Caller,
    ten99policy: createTen99PolicyClient({
      apiKey: 't9k_test_dummy',
      baseUrl: inject(`ten99policy${mock}`),
      maxRetries: 0,
    }) as unknown as Caller,
  };
}
const clients = clientsFor('MockUrl');
const statelessClients = clientsFor('StatelessMockUrl');

function send(
  api: ApiName,
  method: string,
  path: string,
  input: RequestInput,
  headers?: Record<string, string>,
  to: Record<ApiName, Caller> = clients,
): Promise<Result> {
  return to[api].request(method, path, {
    params: { path: input.pathParams },
    ...(input.body !== undefined && { body: input.body }),
    ...(headers && { headers }),
  });
}

describe.each(apis)('%s contract', (api) => {
  const bundle = JSON.parse(readFileSync(bundlePath(api), 'utf8'));
  const validator = createSchemaValidator(api, bundle);
  const cases = responseCases(api, bundle);

  it('covers every operation, every declared status and every named response example of the bundle', () => {
    const covered = new Set(cases.map((c) => `${c.method} ${c.path} ${c.status} ${c.example?.name ?? ''}`));
    for (const example of namedExamples(bundle)) {
      if (example.kind === 'path' && example.in === 'response') {
        expect(covered).toContain(`${example.method} ${example.path} ${example.status} ${example.name}`);
      }
    }
    for (const op of apiOperations(bundle)) {
      for (const status of Object.keys(op.operation.responses).filter((s) => /^\d{3}$/.test(s))) {
        expect(cases.some((c) => c.operationId === op.operation.operationId && String(c.status) === status)).toBe(true);
      }
    }
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s', async (_, c) => {
    const prefer = c.example ? `code=${c.status}, example=${c.example.name}` : `code=${c.status}`;
    const { data, error, response } = await send(api, c.method, c.path, c.input, { Prefer: prefer });

    expect(response.status).toBe(c.status);
    for (const header of c.requiredHeaders) expect(response.headers.has(header), `${header} header`).toBe(true);
    if (c.mediaType === undefined) return;
    expect(response.headers.get('content-type')).toContain(c.mediaType);
    const body = response.ok ? data : error?.body;
    expect(validator.validate(c.schemaPointer as string, body).errors).toEqual([]);
    if (c.example) expect(withoutSecrets(body)).toEqual(withoutSecrets(c.example.value));
  });

  // The front door's injected faults are Prism's answers for those statuses: what the spec declares, first example.
  const faultCases = cases.filter(
    (c, i) =>
      (c.status === 429 || c.status === 503) &&
      cases.findIndex((d) => d.operationId === c.operationId && d.status === c.status) === i,
  );
  it('has an injectable 429 and 503 on every operation', () => {
    expect(faultCases).toHaveLength(apiOperations(bundle).length * 2);
  });
  it.each(faultCases.map((c) => [`${c.label.split(' example=')[0]} injected by X-Mock-Fault`, c] as const))(
    '%s',
    async (_, c) => {
      const { error, response } = await send(api, c.method, c.path, c.input, { 'X-Mock-Fault': String(c.status) });
      expect(response.status).toBe(c.status);
      expect(response.headers.get('content-type')).toContain(c.mediaType);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(validator.validate(c.schemaPointer as string, error?.body).errors).toEqual([]);
      expect(error?.body).toEqual(c.example?.value);
    },
  );

  const requestCases = requestExampleCases(api, bundle);
  it.each(requestCases.map((c) => [c.label, c] as const))('%s', async (_, c) => {
    const { data, response } = await send(api, c.method, c.path, c.input, undefined, statelessClients);
    expect(response.status).toBe(c.successStatus);
    const success = cases.find((r) => r.operationId === c.operationId && r.status === c.successStatus);
    expect(validator.validate(success?.schemaPointer as string, data).errors).toEqual([]);
  });
});
