import { describe, expect, it } from 'vitest';
import { namedExamples } from '../examples.js';
import { seeds } from '../seeds/index.js';
import { createSchemaValidator } from '../validator.js';

describe.each(seeds)('seed $file ($method $path)', ({ api, method, path, status, example, isDefault, body }) => {
  const validator = createSchemaValidator(api);
  const escaped = path.replaceAll('/', '~1');
  const successSchema = `#/paths/${escaped}/${method}/responses/${status}/content/application~1json/schema`;
  const served = [...namedExamples(validator.bundle)].filter(
    (e) => e.method === method && e.path === path && e.status === status,
  );

  it('validates against the operation’s success schema', () => {
    expect(validator.validate(successSchema, body).errors).toEqual([]);
  });

  it(`appears verbatim as the "${example}" example, the mock's answer when asked for it by name`, () => {
    expect(served.find((e) => e.name === example)?.value).toEqual(body);
  });

  it(
    isDefault
      ? 'is the first example, the mock’s default answer'
      : 'is not the default: a cancel answers a cancelled session',
    () => {
      expect(served[0]?.name === example).toBe(isDefault);
      if (!isDefault) expect(served[0]?.name).toBe('cancelled');
    },
  );
});
