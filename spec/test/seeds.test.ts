import { describe, expect, it } from 'vitest';
import { namedExamples } from '../examples.js';
import { seeds } from '../seeds/index.js';
import { createSchemaValidator } from '../validator.js';

describe.each(seeds)('seed $file ($method $path)', ({ api, method, path, status, example, body }) => {
  const validator = createSchemaValidator(api);
  const escaped = path.replaceAll('/', '~1');
  const successSchema = `#/paths/${escaped}/${method}/responses/${status}/content/application~1json/schema`;

  it('validates against the operation’s success schema', () => {
    expect(validator.validate(successSchema, body).errors).toEqual([]);
  });

  it(`appears verbatim as the "${example}" example, the first one the mock serves`, () => {
    const served = [...namedExamples(validator.bundle)].filter(
      (e) => e.method === method && e.path === path && e.status === status,
    );
    expect(served[0]?.name).toBe(example);
    expect(served[0]?.value).toEqual(body);
  });
});
