import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { bundlePath } from './index.js';

/**
 * An independent JSON Schema 2020-12 validator (Ajv) over one bundled spec, so that a schema which Prism or
 * Redocly reads differently from the standard is caught. `strict: false` because the bundle carries OpenAPI
 * keywords (`discriminator`, `x-…`) that are not JSON Schema.
 */
export function createSchemaValidator(api, bundle = JSON.parse(readFileSync(bundlePath(api), 'utf8'))) {
  const id = `https://paykit.invalid/spec/${api}.json`;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(bundle, id);

  return {
    bundle,
    /** Validates `value` against the schema at `pointer` (a JSON pointer into the bundle, e.g. `#/components/schemas/X`). */
    validate(pointer, value) {
      const check = ajv.getSchema(id + pointer);
      if (!check) throw new Error(`No schema at ${pointer} in the ${api} bundle`);
      const valid = check(value);
      return { valid, errors: valid ? [] : check.errors.map((e) => `${e.instancePath || '(root)'} ${e.message}`) };
    },
  };
}
