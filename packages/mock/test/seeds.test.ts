import { readFileSync } from 'node:fs';
import { createConnectClient } from '@paykit/client/connect';
import { createTen99PolicyClient } from '@paykit/client/ten99policy';
import { bundlePath } from '@paykit/spec';
import { type Seed, seeds } from '@paykit/spec/seeds';
import { describe, expect, inject, it } from 'vitest';
import { responseCases } from './support/contract-cases.js';
import { withoutSecrets } from './support/secrets.js';

// The three vendor documents the project started from (their response bodies, verbatim, are the spec package's
// `seeds`): asked plainly (or by the example's name where the seed is not the operation's default), the stateless mock
// answers each seed operation with its seed.
type Result = { data?: unknown; response: Response };
/** The clients' untyped entry point: the seeds are data, so their paths are not literal types here. */
type Caller = { request(method: string, path: string, init: Record<string, unknown>): Promise<Result> };

/** A client per vendor the seeds come from (not per API of the list: an imported API has no seeds). */
const clients: Record<Seed['api'], Caller> = {
  connect: createConnectClient({
    apiKey: 'dummy-key',
    baseUrl: inject('connectStatelessMockUrl'),
  }) as unknown as Caller,
  ten99policy: createTen99PolicyClient({
    apiKey: 't9k_test_dummy',
    baseUrl: inject('ten99policyStatelessMockUrl'),
  }) as unknown as Caller,
};

describe('the seed operations answer with their seed examples', () => {
  it('has the three seeds of the vendor documents', () => {
    expect(seeds.map((seed) => `${seed.api} ${seed.method.toUpperCase()} ${seed.path}`)).toEqual([
      'connect GET /payment-sessions/{paymentSessionId}',
      'connect POST /payment-profiles/sessions/{paymentProfileSessionId}/cancel',
      'ten99policy POST /api/v1/payment/sessions/{session}/cancel',
    ]);
  });

  it.each(seeds.map((seed) => [`${seed.api} ${seed.method.toUpperCase()} ${seed.path}`, seed] as const))(
    '%s',
    async (_, seed) => {
      // A valid request from the spec's own examples (path parameters, the first request body example).
      const bundle = JSON.parse(readFileSync(bundlePath(seed.api), 'utf8'));
      const operation = responseCases(seed.api, bundle).find((c) => c.method === seed.method && c.path === seed.path);
      if (!operation) throw new Error(`The ${seed.api} bundle has no ${seed.method} ${seed.path}`);
      const { data, response } = await clients[seed.api].request(seed.method, seed.path, {
        params: { path: operation.input.pathParams },
        ...(operation.input.body !== undefined && { body: operation.input.body }),
        // A seed that is not the operation's default example is served by name.
        ...(!seed.isDefault && { headers: { Prefer: `example=${seed.example}` } }),
      });
      expect(response.status).toBe(Number(seed.status));
      // A seed may carry a session `url`, whose token is a secret: compared by digest so it never prints.
      expect(withoutSecrets(data)).toEqual(withoutSecrets(seed.body));
    },
  );
});
