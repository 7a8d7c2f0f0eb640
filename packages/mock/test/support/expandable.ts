import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

/** The resources of the spec below: every one refers to all the others. */
export const RESOURCES = ['account', 'charge', 'customer', 'dispute', 'invoice', 'payout', 'plan', 'price', 'refund'];

/**
 * A small spec with the shape of Stripe's (issue 17): every resource has an expandable field per other resource (the
 * id, or the object itself: `anyOf` a string and a `$ref`, with the `$ref` again under `x-expansionResources`), so
 * the schemas form one dense cycle. Dereferenced and written out as a tree, as Prism does, it has billions of nodes;
 * Stripe's has more.
 */
export function expandableDocument(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (const name of RESOURCES) {
    const expandable = Object.fromEntries(
      RESOURCES.filter((other) => other !== name).map((other) => [
        other,
        {
          anyOf: [{ type: 'string', maxLength: 5000 }, { $ref: `#/components/schemas/${other}` }],
          'x-expansionResources': { oneOf: [{ $ref: `#/components/schemas/${other}` }] },
        },
      ]),
    );
    schemas[name] = {
      type: 'object',
      required: ['id', 'object'],
      properties: { id: { type: 'string', maxLength: 5000 }, object: { type: 'string', enum: [name] }, ...expandable },
    };
  }
  const ok = (name: string) => ({
    description: 'OK',
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
  });
  return {
    openapi: '3.0.0',
    info: { title: 'Expandable', version: '1' },
    security: [{ bearerAuth: [] }],
    paths: {
      '/v1/customers/{customer}': {
        get: {
          operationId: 'GetCustomer',
          parameters: [{ name: 'customer', in: 'path', required: true, schema: { type: 'string', maxLength: 5000 } }],
          responses: { '200': ok('customer') },
        },
      },
      '/v1/charges': {
        post: {
          operationId: 'PostCharges',
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': {
                schema: {
                  type: 'object',
                  required: ['amount'],
                  properties: { amount: { type: 'integer' }, customer: { type: 'string', maxLength: 5000 } },
                },
              },
            },
          },
          responses: { '200': ok('charge') },
        },
      },
    },
    components: { schemas, securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  };
}

/** Writes the spec to a temp file (removed after the test); returns its path. */
export function writeExpandable(): string {
  const path = join(tempDir('paykit-expandable-'), 'expandable.json');
  writeFileSync(path, JSON.stringify(expandableDocument()));
  return path;
}
