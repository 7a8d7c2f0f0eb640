import { describe, expect, it } from 'vitest';
import { apis } from '../index.js';
import { namedExamples } from '../examples.js';
import { createSchemaValidator } from '../validator.js';

describe.each(apis)('%s: every named example validates against its schema (Ajv, JSON Schema 2020-12)', (api) => {
  const validator = createSchemaValidator(api);
  const cases = [...namedExamples(validator.bundle)].map((example) => ({
    ...example,
    label: `${example.method.toUpperCase()} ${example.path} ${example.in === 'response' ? example.status : 'request'} ${example.name}`,
  }));

  it('has examples to check', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  it.each(cases)('$label', ({ schemaPointer, value }) => {
    expect(validator.validate(schemaPointer, value).errors).toEqual([]);
  });
});

describe('examples cover every state a user meets', () => {
  const names = (api: 'connect' | 'ten99policy', path: string, status: string) =>
    [...namedExamples(createSchemaValidator(api).bundle)]
      .filter((e) => e.path === path && e.status === status)
      .map((e) => e.name);

  it('Connect payment session: pending embedded, pending hosted, requires action, completed, failed', () => {
    expect(names('connect', '/payment-sessions/{paymentSessionId}', '200')).toEqual([
      'pendingEmbedded',
      'pendingHosted',
      'requiresAction',
      'completed',
      'failed',
    ]);
  });

  it('1099Policy session: pending with url, cancelled, and completed/cancelled/expired webhook events', () => {
    expect(names('ten99policy', '/api/v1/payment/sessions', '201')).toContain('pendingWithUrl');
    expect(names('ten99policy', '/api/v1/payment/sessions/{session}/cancel', '200')).toContain('cancelled');
    const events = [...namedExamples(createSchemaValidator('ten99policy').bundle)].filter((e) => e.kind === 'webhook');
    expect(events.map((e) => e.name).sort()).toEqual(['cancelled', 'completed', 'expired']);
  });

  it('1099Policy: each documented error code has its own example', () => {
    const codes = [...namedExamples(createSchemaValidator('ten99policy').bundle)]
      .filter((e) => e.in === 'response' && /^[45]/.test(e.status ?? ''))
      .map((e) => (e.value as { error_code?: string }).error_code);
    expect(new Set(codes)).toEqual(
      new Set([
        'invalid_return_url',
        'invalid_input',
        'session_not_pending',
        'session_expired',
        'invalid_api_key',
        'insufficient_permissions',
        'resource_not_found',
        'general_error',
        undefined, // 429: no rate-limit code is documented
      ]),
    );
  });
});
