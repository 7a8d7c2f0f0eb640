// A bundle of one vendor's entry point must carry none of the other vendor's code.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';

const srcDir = fileURLToPath(new URL('.', import.meta.url));

async function bundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: srcDir, loader: 'ts', sourcefile: 'app.ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    treeShaking: true,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Strings only the 1099Policy code contains. */
const TEN99_MARKERS = [
  'api.1099policy.com',
  'ten99policy-signature',
  'error_code',
  'return_url',
  '"Idempotency-Key"',
  'hmac',
];
/** Strings only the Connect code contains. */
const CONNECT_MARKERS = ['X-API-Key', 'X-Idempotency-Key'];

describe('tree-shaking', () => {
  test('an app using the Connect client bundles no 1099Policy code', async () => {
    const code = await bundle(`
      import { createConnectClient } from './generated/connect/index.js';
      const client = createConnectClient({ baseUrl: 'https://apiv2.example.com', apiKey: 'k' });
      export const session = client.GET('/payment-sessions/{paymentSessionId}', { params: { path: { paymentSessionId: 'ps_1' } } });
    `);
    for (const marker of CONNECT_MARKERS) expect(code).toContain(marker);
    for (const marker of TEN99_MARKERS) expect(code.toLowerCase()).not.toContain(marker.toLowerCase());
  });

  test('an app using the 1099Policy client and webhooks bundles no Connect code', async () => {
    const code = await bundle(`
      import { createTen99PolicyClient, verifyWebhook } from './generated/ten99policy/index.js';
      const client = createTen99PolicyClient({ apiKey: 'k' });
      export const cancel = client.POST('/api/v1/payment/sessions/{session}/cancel', { params: { path: { session: 'hps_1' } } });
      export const verify = verifyWebhook;
    `);
    for (const marker of TEN99_MARKERS) expect(code.toLowerCase()).toContain(marker.toLowerCase());
    for (const marker of CONNECT_MARKERS) expect(code).not.toContain(marker);
  });

  test('OAuth2 code only reaches bundles of APIs whose spec uses it (neither vendor does)', async () => {
    for (const entry of ['connect', 'ten99policy']) {
      const code = await bundle(`export * from './generated/${entry}/index.js';`);
      expect(code).toContain('createVendorClient');
      expect(code).not.toContain('grant_type'); // client credentials
      expect(code).not.toContain('refreshAccessToken'); // a caller's token
    }
  });

  test('an app that only verifies webhooks bundles neither client', async () => {
    const code = await bundle(`export { verifyWebhook } from './generated/ten99policy/index.js';`);
    expect(code).toContain('ten99policy-signature');
    for (const marker of ['api.1099policy.com', 'createClient', ...CONNECT_MARKERS]) expect(code).not.toContain(marker);
  });
});
