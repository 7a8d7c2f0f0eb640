import { readFileSync } from 'node:fs';
import { bundlePath } from '@paykit/spec';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';
import { describe, expect, it } from 'vitest';
import { convertSpec, SpecLoadError } from '../src/engine/conversion.js';
import { SHOP_SPEC } from './support/shop.js';

// The mock dereferences a spec once and makes each path's operations on their own (engine/conversion.ts); Prism's
// `getHttpOperationsFromSpec` converts the whole document at once. What a path is handed must not differ.
const specs = { connect: bundlePath('connect'), ten99policy: bundlePath('ten99policy'), shop: SHOP_SPEC };

/**
 * Plain JSON, without Prism's per-schema stamps (`x-stoplight.id`, which Prism never reads): the mock hands schemas
 * equal but for their stamp to several operations as one object (the first one's).
 */
const plain = (operations: IHttpOperation[]): unknown =>
  JSON.parse(JSON.stringify(operations, (key, value) => (key === 'x-stoplight' ? undefined : value)));

describe("each path's operations, made on their own", () => {
  for (const [name, specPath] of Object.entries(specs)) {
    it(`equal Prism's whole-document conversion (${name})`, async () => {
      const text = readFileSync(specPath, 'utf8');
      const paths = Object.keys(JSON.parse(text).paths as object);
      const prism = await getHttpOperationsFromSpec(JSON.parse(text) as object);
      const conversion = convertSpec(specPath, text, paths);
      // Out of document order, as requests arrive: the shared dereferencing must not depend on which path is first.
      const made = await Promise.all([...paths].reverse().map((path) => conversion.operationsOf(path)));
      expect(made.flat().length).toBe(prism.length);
      for (const [index, path] of [...paths].reverse().entries()) {
        expect(plain(made[index] as IHttpOperation[]), path).toEqual(
          plain(prism.filter((operation) => operation.path === path)),
        );
      }
    });
  }

  it('shares equal schemas between paths, so Prism compiles one validator for them', async () => {
    const text = readFileSync(specs.shop, 'utf8');
    const paths = Object.keys(JSON.parse(text).paths as object);
    const conversion = convertSpec(specs.shop, text, paths);
    await conversion.convertAll();
    const schemas = new Map<string, Set<unknown>>();
    for (const path of paths) {
      for (const operation of await conversion.operationsOf(path)) {
        for (const response of operation.responses) {
          for (const content of response.contents ?? []) {
            if (!content.schema) continue;
            const key = JSON.stringify(content.schema, (name, value) => (name === 'x-stoplight' ? undefined : value));
            schemas.set(key, (schemas.get(key) ?? new Set()).add(content.schema));
          }
        }
      }
    }
    expect(schemas.size).toBeGreaterThan(0);
    for (const objects of schemas.values()) expect(objects.size).toBe(1);
  });

  it('fails the whole conversion on a broken spec, yet serves the paths that do not need the broken part', async () => {
    const document = JSON.parse(readFileSync(specs.shop, 'utf8')) as Record<string, any>;
    const [first, second] = Object.keys(document['paths']) as [string, string];
    document['paths'][first] = { get: { responses: { 200: { $ref: '#/components/responses/Missing' } } } };
    const conversion = convertSpec('broken.json', JSON.stringify(document), Object.keys(document['paths']));
    const failed = (await conversion.convertAll().catch((error: unknown) => error)) as Error;
    expect(failed).toBeInstanceOf(SpecLoadError);
    expect(failed.message).toMatch(/^broken\.json: Prism cannot read its operations \(.*Missing/);
    await expect(conversion.operationsOf(first)).rejects.toThrow(
      `broken.json: Prism cannot read the operations of ${first} (`,
    );
    expect((await conversion.operationsOf(second)).length).toBeGreaterThan(0);
  });
});
