import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { namedExamples } from '../examples.js';
import { createSchemaValidator } from '../validator.js';

// The response bodies of the three vendor documents the project started from (../shared/seeds), copied verbatim.
const seed = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/seeds/${name}.json`, import.meta.url), 'utf8'));

const seeds = [
  { api: 'connect', file: 'connect-get-payment-session', method: 'get', path: '/payment-sessions/{paymentSessionId}', status: '200', example: 'pendingEmbedded' },
  { api: 'connect', file: 'connect-cancel-payment-profile-session', method: 'post', path: '/payment-profiles/sessions/{paymentProfileSessionId}/cancel', status: '200', example: 'vendorDocsExample' },
  { api: 'ten99policy', file: 'ten99policy-cancel-payment-session', method: 'post', path: '/api/v1/payment/sessions/{session}/cancel', status: '200', example: 'vendorDocsExample' },
] as const;

describe.each(seeds)('seed $file ($method $path)', ({ api, file, method, path, status, example }) => {
  const validator = createSchemaValidator(api);
  const escaped = path.replaceAll('/', '~1');
  const successSchema = `#/paths/${escaped}/${method}/responses/${status}/content/application~1json/schema`;

  it('validates against the operation’s success schema', () => {
    expect(validator.validate(successSchema, seed(file)).errors).toEqual([]);
  });

  it(`appears verbatim as the "${example}" example, the first one the mock serves`, () => {
    const served = [...namedExamples(validator.bundle)].filter(
      (e) => e.method === method && e.path === path && e.status === status,
    );
    expect(served[0]?.name).toBe(example);
    expect(served[0]?.value).toEqual(seed(file));
  });
});
