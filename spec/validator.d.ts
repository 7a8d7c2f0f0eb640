import type { ApiName } from './index.js';

export interface SchemaValidator {
  /** The parsed bundle the validator reads. */
  readonly bundle: Record<string, any>;
  /** Validates `value` against the schema at `pointer` (a JSON pointer into the bundle, e.g. `#/components/schemas/X`). */
  validate(pointer: string, value: unknown): { valid: boolean; errors: string[] };
}

export declare function createSchemaValidator(api: ApiName, bundle?: Record<string, any>): SchemaValidator;
