import { describe, expect, it } from 'vitest';
import { type CheckedSchema, schemaViolation } from './schema-check.js';

describe('schemaViolation', () => {
  const withoutSecret: CheckedSchema = {
    allOf: [
      { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      { propertyNames: { type: 'string', not: { type: 'string', const: 'url' } } },
    ],
  };

  it('accepts an object whose property names all match propertyNames', () => {
    expect(schemaViolation(withoutSecret, { id: 'ps_1', status: 'open' }, 'data.object')).toBeUndefined();
  });

  it('names a property whose name propertyNames refuses as a field that must be absent, never its value', () => {
    const problem = schemaViolation(
      withoutSecret,
      { id: 'ps_1', url: 'https://example.test/tok_secret' },
      'data.object',
    );
    expect(problem).toBe('data.object.url: must be absent');
    expect(problem).not.toContain('tok_secret');
  });

  it('refuses a value matching a `not` schema, and accepts any other', () => {
    const notOpen: CheckedSchema = { not: { const: 'open' } };
    expect(schemaViolation(notOpen, 'open', 'status')).toBe('status: must not match its excluded shape');
    expect(schemaViolation(notOpen, 'closed', 'status')).toBeUndefined();
  });
});
