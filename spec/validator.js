import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { bundlePath } from './index.js';

/**
 * An independent JSON Schema 2020-12 validator (Ajv) over one bundled spec, so that a schema which Prism or
 * Redocly reads differently from the standard is caught. `strict: false` because the bundle carries OpenAPI
 * keywords (`discriminator`, `x-…`) that are not JSON Schema.
 */
/** @param {import('./index.js').ApiName} api @param {Record<string, any>} [bundle] */
export function createSchemaValidator(api, bundle = JSON.parse(readFileSync(bundlePath(api), 'utf8'))) {
  const id = `https://paykit.invalid/spec/${api}.json`;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: Node's default import is the function, TypeScript's NodeNext view is its namespace.
  /** @type {typeof addFormats.default} */ (/** @type {unknown} */ (addFormats))(ajv);
  ajv.addSchema(bundle, id);

  return {
    bundle,
    /** Validates `value` against the schema at `pointer` (a JSON pointer into the bundle, e.g. `#/components/schemas/X`). */
    /** @param {string} pointer @param {unknown} value */
    validate(pointer, value) {
      const check = ajv.getSchema(id + pointer);
      if (!check) throw new Error(`No schema at ${pointer} in the ${api} bundle`);
      const valid = check(value);
      return {
        valid,
        errors: valid ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`),
      };
    },
  };
}
