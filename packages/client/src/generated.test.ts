// The generated files are committed. This check regenerates them in memory from the current spec bundles and
// compares with what git has (the index, i.e. staged or committed), not with the files on disk: turbo runs
// `generate` before `test`, so the files on disk are always fresh.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundlePath } from '@paykit/spec';
import { describe, expect, test } from 'vitest';
import { renderApi, renderGeneratedFiles } from '../scripts/generate.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

function committed(path: string): string | undefined {
  try {
    return execFileSync('git', ['show', `:./${path}`], { cwd: packageDir, encoding: 'utf8', stdio: 'pipe' });
  } catch {
    return undefined;
  }
}

async function bundle(api: 'connect' | 'ten99policy'): Promise<any> {
  return JSON.parse(await readFile(bundlePath(api), 'utf8'));
}

describe('generated files', () => {
  test('the committed generated files match a fresh generation from the spec', async () => {
    const fresh = await renderGeneratedFiles();
    const stale = Object.entries(fresh)
      .filter(([path, content]) => committed(path) !== content)
      .map(([path]) => path);
    expect(stale, `out of date with the spec: ${stale.join(', ')}; run pnpm generate and commit`).toEqual([]);
  });

  test('generation is deterministic', async () => {
    expect(await renderGeneratedFiles()).toEqual(await renderGeneratedFiles());
  });

  test('the idempotency header of every operation is read from the spec, with its name and limit', async () => {
    const spec = await bundle('connect');
    spec.components.parameters.IdempotencyKey.name = 'Idempotency-Token';
    spec.components.parameters.IdempotencyKey.schema.maxLength = 64;
    spec.paths['/payment-sessions/{paymentSessionId}'].get.parameters = [
      { $ref: '#/components/parameters/IdempotencyKey' },
    ];
    const metadata = (await renderApi('connect', spec))['src/generated/connect.metadata.ts'];
    expect(metadata).toContain('"/payment-sessions/{paymentSessionId}": {\n    "GET": ["Idempotency-Token", 64]');
    expect(metadata).not.toContain('X-Idempotency-Key');
  });

  test('without a maxLength in the spec, the idempotency key limit is 256', async () => {
    const spec = await bundle('ten99policy');
    delete spec.components.parameters.IdempotencyKey.schema.maxLength;
    const metadata = (await renderApi('ten99policy', spec))['src/generated/ten99policy.metadata.ts'];
    expect(metadata).toContain('"POST": ["Idempotency-Key", 256]');
    spec.components.parameters.IdempotencyKey.schema.maxLength = 32;
    const limited = (await renderApi('ten99policy', spec))['src/generated/ten99policy.metadata.ts'];
    expect(limited).toContain('"POST": ["Idempotency-Key", 32]');
  });

  test('a spec edit shows up in the types', async () => {
    const spec = await bundle('ten99policy');
    spec.components.schemas.PaymentSession.properties.card_brand = { type: 'string', enum: ['visa', 'amex'] };
    const types = (await renderApi('ten99policy', spec))['src/generated/ten99policy.ts'];
    expect(types).toContain('card_brand?: "visa" | "amex";');
  });

  test('the default host and the auth scheme come from the spec; a templated host gives no default', async () => {
    const spec = await bundle('ten99policy');
    spec.servers = [{ url: 'http://127.0.0.1:4011' }, { url: 'https://eu.api.example.com/' }];
    spec.security = [{ BearerAuth: [] }];
    const metadata = (await renderApi('ten99policy', spec))['src/generated/ten99policy.metadata.ts'];
    expect(metadata).toContain('export const defaultBaseUrl: string | undefined = "https://eu.api.example.com";');
    expect(metadata).toContain('"scheme": "bearer"');
    spec.servers = [{ url: 'https://{host}', variables: { host: { default: 'apiv2.example.com' } } }];
    const templated = (await renderApi('ten99policy', spec))['src/generated/ten99policy.metadata.ts'];
    expect(templated).toContain('export const defaultBaseUrl: string | undefined = undefined;');
  });
});
