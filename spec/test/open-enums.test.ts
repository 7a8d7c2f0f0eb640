import { describe, expect, it } from 'vitest';
import { apis } from '../index.js';
import { createSchemaValidator } from '../validator.js';

// Open enums (spec/README.md): `anyOf: [{ type: string, enum: [...known] }, { type: string }]`, for values the
// vendor may add. A client must keep working on the vendor's next value, so an unknown string validates, a known
// one still does, and a value of another type is still refused.
const policy = createSchemaValidator('ten99policy');
const session = () => structuredClone(policy.bundle.components.examples.PaymentSessionCancelled.value);

/** Every component schema written in the open-enum form, as `api/Name`. */
function openEnums(api: (typeof apis)[number]): string[] {
  const { schemas } = createSchemaValidator(api).bundle.components;
  return Object.entries<Record<string, any>>(schemas)
    .filter(([, s]) => s.anyOf?.length === 2 && s.anyOf[0].enum && s.anyOf[1].type === 'string' && !s.anyOf[1].enum)
    .map(([name]) => `${api}/${name}`);
}

describe('open enums', () => {
  it('are the 1099Policy processor and error code (each has its cases below)', () => {
    expect(apis.flatMap(openEnums).sort()).toEqual(['ten99policy/ErrorCode', 'ten99policy/Processor']);
  });

  describe('1099Policy processor (the vendor keeps the field so future providers are not a breaking change)', () => {
    const validate = (processor: unknown) =>
      policy.validate('#/components/schemas/PaymentSession', { ...session(), processor });

    it('accepts the known value', () => {
      expect(validate('checkout').errors).toEqual([]);
    });

    it('accepts a processor the vendor adds later', () => {
      expect(validate('adyen_hosted').errors).toEqual([]);
    });

    it('still refuses a processor that is not a string', () => {
      expect(validate(null).valid).toBe(false);
    });
  });

  describe('1099Policy error code (the catalogue grows with the API)', () => {
    const validate = (error_code: unknown) =>
      policy.validate('#/components/schemas/ApiError', { error_code, message: 'The session is not pending.' });

    it.each(['invalid_return_url', 'session_not_pending', 'general_error'])('accepts the known code %s', (code) => {
      expect(validate(code).errors).toEqual([]);
    });

    it('accepts a code the vendor adds later', () => {
      expect(validate('session_locked').errors).toEqual([]);
    });

    it('still refuses a code that is not a string', () => {
      expect(validate(['session_not_pending']).valid).toBe(false);
    });
  });
});
