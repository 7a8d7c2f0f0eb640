import { readFileSync } from 'node:fs';
import { apis, bundlePath } from '@paykit/spec';
import { namedExamples } from '@paykit/spec/examples';
import { createSchemaValidator } from '@paykit/spec/validator';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { callerFor, type Caller } from './support/callers.js';
import {
  apiOperations,
  requestExampleCases,
  responseCases,
  type RequestInput,
  type ResponseCase,
} from './support/contract-cases.js';
import { withoutSecrets } from './support/secrets.js';

// Contract tests: every operation × declared status × named example of every API's bundle, called through
// @paykit/client (where it has that API) against the running mocks, each body checked by an independent JSON Schema
// 2020-12 validator (Ajv). The cases come from the bundles, so a new example is tested the moment it is added; an
// operation the spec gives no example of gets cases made from its schema, counted and printed. One API's gap never
// stops another API's tests.

/** The cases of one API, or why they could not be derived (reported by that API's own failing test). */
function derive<T>(make: () => T[]): { cases: T[]; failure?: Error } {
  try {
    return { cases: make() };
  } catch (error) {
    return { cases: [], failure: error as Error };
  }
}

describe.each(apis)('%s contract', (api) => {
  const bundle = JSON.parse(readFileSync(bundlePath(api), 'utf8'));
  const validator = createSchemaValidator(api, bundle);
  const derived = derive<ResponseCase>(() => responseCases(api, bundle));
  const cases = derived.cases;
  // The forced cases go to the sandbox (a forced answer is Prism's there too); the request examples, sent plainly,
  // to the stateless mock, whose answer to a valid request is the spec's example (the sandbox knows no example ids).
  let caller: Caller;
  let statelessCaller: Caller;
  beforeAll(async () => {
    ({ caller } = await callerFor(api, inject(`${api}MockUrl`), bundle));
    ({ caller: statelessCaller } = await callerFor(api, inject(`${api}StatelessMockUrl`), bundle));
  });
  // A form body goes with its Content-Type, from which openapi-fetch (and the fetch caller) serialize it as a form.
  const send = (method: string, path: string, input: RequestInput, headers?: Record<string, string>, via?: Caller) =>
    (via ?? caller).request(method, path, {
      params: { path: input.pathParams },
      ...(input.body !== undefined && { body: input.body }),
      ...((headers || input.mediaType) && {
        headers: { ...(input.mediaType && { 'Content-Type': input.mediaType }), ...headers },
      }),
    });

  it('derives its cases from the bundle', () => {
    if (derived.failure) throw derived.failure;
    const withoutExamples = cases.filter((c) => c.example === undefined && c.mediaType !== undefined);
    const generatedInputs = cases.filter((c) => c.input.generated);
    // Printed so that a gap in the spec's examples is seen, not silently covered.
    console.log(
      `[contract ${api}] ${cases.length} response cases; ${withoutExamples.length} with a body generated from the schema ` +
        `(no example); ${new Set(generatedInputs.map((c) => c.operationId)).size} operations sent with input made from the schema`,
    );
    expect(cases.length).toBeGreaterThan(0);
  });

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
    const { data, error, response } = await send(c.method, c.path, c.input, { Prefer: prefer });

    expect(response.status).toBe(c.status);
    for (const header of c.requiredHeaders) expect(response.headers.has(header), `${header} header`).toBe(true);
    if (c.mediaType === undefined) return;
    expect(response.headers.get('content-type')).toContain(c.mediaType);
    const body = response.ok ? data : error?.body;
    expect(validator.validate(c.schemaPointer as string, body).errors).toEqual([]);
    if (c.example) expect(withoutSecrets(body)).toEqual(withoutSecrets(c.example.value));
  });

  // The front door's injected faults are the spec's answers for those statuses where declared: first example.
  const faultCases = cases.filter(
    (c, i) =>
      (c.status === 429 || c.status === 503) &&
      cases.findIndex((d) => d.operationId === c.operationId && d.status === c.status) === i,
  );
  it.each(faultCases.map((c) => [`${c.label.split(' example=')[0]} injected by X-Mock-Fault`, c] as const))(
    '%s',
    async (_, c) => {
      const { error, response } = await send(c.method, c.path, c.input, { 'X-Mock-Fault': String(c.status) });
      expect(response.status).toBe(c.status);
      expect(response.headers.get('content-type')).toContain(c.mediaType);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(validator.validate(c.schemaPointer as string, error?.body).errors).toEqual([]);
      if (c.example) expect(error?.body).toEqual(c.example.value);
    },
  );

  const requestCases = derive(() => requestExampleCases(api, bundle)).cases;
  it.each(requestCases.map((c) => [c.label, c] as const))('%s', async (_, c) => {
    const { data, response } = await send(c.method, c.path, c.input, undefined, statelessCaller);
    expect(response.status).toBe(c.successStatus);
    const success = cases.find((r) => r.operationId === c.operationId && r.status === c.successStatus);
    expect(validator.validate(success?.schemaPointer as string, data).errors).toEqual([]);
  });
});
