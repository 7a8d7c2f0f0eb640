// The bundle step (scripts/bundle-api.js) on small fixtures: relative and remote `$ref`s resolved offline from the
// API folder's mapped copies, overlays applied, and any `$ref` left dangling refused with its pointer.
import { relative } from 'node:path';
import { loadConfig } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { BundleError, bundleApi, danglingRefs } from '../scripts/bundle-api.js';
import { configPath, specDir } from '../scripts/config.js';

const fixture = new URL('fixtures/multi-file/', import.meta.url).pathname;
const rel = relative(specDir, fixture);
const entry = (overrides = {}) => ({
  name: 'multi-file',
  key: 'multi-file',
  root: `${rel}/openapi.yaml`,
  output: '',
  overlays: [] as string[],
  dir: fixture,
  ...overrides,
});

describe('bundleApi', () => {
  it('resolves relative files and mapped remote documents offline, and applies every overlay action', async () => {
    const config = await loadConfig({ configPath });
    const bundle = await bundleApi(config, entry({ overlays: [`${rel}/two.overlay.yaml`] }));
    expect(bundle.info['x-paykit-test']).toBe('first');
    expect(bundle.paths['/money'].get.operationId).toBe('getMoney');
    expect(danglingRefs(bundle)).toEqual([]);
    expect(JSON.stringify(bundle)).not.toContain('https://schemas.example');
    expect(bundle.components.schemas.Money).toEqual({ type: 'object', properties: { amount: { type: 'integer' } } });
  });

  it('refuses an unmapped remote document, naming the --ref flag to add, and never fetches it', async () => {
    const config = await loadConfig({ configPath });
    const bundling = bundleApi(config, entry({ dir: `${fixture}refs/` }));
    await expect(bundling).rejects.toThrow(BundleError);
    await expect(bundling).rejects.toThrow('add --ref https://schemas.example/common.json=<local file>');
  });
});

describe('danglingRefs', () => {
  it('names every $ref that resolves nowhere in the bundle, x- extensions included', () => {
    const bundle = {
      components: {
        schemas: {
          Charge: { type: 'object', 'x-expansionResources': { oneOf: [{ $ref: './customer.yaml' }] } },
          Refund: { $ref: '#/components/schemas/Charge' },
          Payout: { $ref: '#/components/schemas/Missing' },
        },
      },
    };
    expect(danglingRefs(bundle)).toEqual([
      { pointer: '#/components/schemas/Charge/x-expansionResources/oneOf/0/$ref', ref: './customer.yaml' },
      { pointer: '#/components/schemas/Payout/$ref', ref: '#/components/schemas/Missing' },
    ]);
  });
});
