import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { bundlePath } from '@paykit/spec';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';
import { describe, expect, it } from 'vitest';
import { convertSpec, SpecLoadError } from '../src/engine/conversion.js';
import { SHOP_SPEC } from './support/shop.js';

// The mock dereferences a spec once and makes each path's operations on their own (engine/conversion.ts); Prism's
// `getHttpOperationsFromSpec` converts the whole document at once. What a path is handed must not differ.
const specs = { connect: bundlePath('connect'), ten99policy: bundlePath('ten99policy'), shop: SHOP_SPEC };
/** A published document of the import corpus (spec/test/corpus), with no `$ref` beside other keys: paths separate. */
const twilio = new URL('../../../spec/test/corpus/twilio_api_v2010.json.gz', import.meta.url);

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

  const firstAsked = { ...specs, twilio: 'twilio.json' };
  for (const [name, specPath] of Object.entries(firstAsked)) {
    it(`equal Prism's whole-document conversion when made first, from the path's own part (${name})`, async () => {
      const text =
        name === 'twilio' ? gunzipSync(readFileSync(twilio)).toString('utf8') : readFileSync(specPath, 'utf8');
      const paths = Object.keys(JSON.parse(text).paths as object);
      const prism = await getHttpOperationsFromSpec(JSON.parse(text) as object);
      // Every path of the small documents; a spread of the 121 of the corpus's (each is a fresh start).
      const step = Math.ceil(paths.length / 8);
      for (const path of paths.filter((_, index) => index % step === 0)) {
        const conversion = convertSpec(specPath, text, paths);
        conversion.convertInBackground();
        const first = await conversion.operationsOf(path);
        expect(plain(first), path).toEqual(plain(prism.filter((operation) => operation.path === path)));
        // Then the whole document, once, for every path (the first one remade from it).
        await conversion.convertAll();
        expect(plain(await conversion.operationsOf(path)), path).toEqual(plain(first));
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
