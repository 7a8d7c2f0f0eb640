import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mountVite } from '../src/server/vite-middleware.js';
import { builtServer, requireBuild, staticRoot } from './build.js';
import { expectNothingSecret, startSample, type Sample } from './helpers.js';

describe('production mode: the built page and the API on one port', () => {
  let sample: Sample;
  beforeAll(async () => {
    requireBuild();
    sample = await startSample({}, { staticRoot });
  });
  afterAll(() => sample?.close());

  test('serves the page, its assets, and the page again for any other page path', async () => {
    const page = await sample.call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Billing settings · paykit sample</title>');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const asset = await sample.call('GET', script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await sample.call('GET', '/settings/billing/return?hps_id=x')).text).toBe(page.text);
    expect((await sample.call('GET', '/assets/missing.js')).status).toBe(404);
  });

  test('every answer, page, asset, API or error, carries the strict policy and the security headers', async () => {
    const page = await sample.call('GET', '/');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)![1]!;
    const answers = await Promise.all(
      ['/', script, '/settings/billing', '/api/config', '/api/webhooks/events', '/api/nope', '/assets/missing.js'].map(
        (path) => sample.call('GET', path),
      ),
    );
    answers.push(await sample.call('POST', '/api/ten99policy/sessions', { body: {} }));
    for (const answer of answers) expect(securityHeadersOf(answer.headers)).toEqual(productionHeaders(sample));
    // No inline script or style in the built page: the policy allows none.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/);
  });

  test('API answers are never cached (they carry sessions and the single-use link)', async () => {
    expect((await sample.call('GET', '/api/config')).headers.get('cache-control')).toBe('no-store');
    expect((await sample.call('POST', '/api/ten99policy/sessions', { body: {} })).headers.get('cache-control')).toBe(
      'no-store',
    );
  });

  test('an unknown API path is a JSON 404, not the page', async () => {
    const answer = await sample.call('GET', '/api/nope');
    expect(answer.status).toBe(404);
    expect(answer.json.error.message).toBe('There is no GET /api/nope here.');
  });

  test('/api/config tells the page where the vendors are, never with which keys', async () => {
    const answer = await sample.call('GET', '/api/config');
    expect(answer.json.vendors).toEqual({
      connect: sample.config.connect.baseUrl,
      ten99policy: sample.config.ten99policy.baseUrl,
    });
    // Connect is a local mock: the embedded checkout loads its offline Stripe.js stand-in.
    expect(answer.json.stripeJsUrl).toBe(`${sample.config.connect.baseUrl}/__paykit/stripe.js`);
    expect(answer.json.devTools.faults.map((f: { name: string }) => f.name)).toEqual([
      'slow',
      'flaky',
      'rate-limited',
      'down',
      'timeout',
    ]);
    expectNothingSecret(answer.text, sample.config);
  });
});

describe('dev mode: Vite as middleware on the same port', () => {
  let sample: Sample;
  beforeAll(async () => {
    sample = await startSample({}, { mountWeb: mountVite });
  });
  afterAll(() => sample?.close());

  test('serves the page with hot reload and compiles its modules, while the API answers as usual', async () => {
    const page = await sample.call('GET', '/');
    expect(page.text).toContain('/@vite/client');
    const entry = await sample.call('GET', '/src/web/main.tsx');
    expect(entry.status).toBe(200);
    expect(entry.text).toContain('createRoot');
    expect((await sample.call('GET', '/api/config')).json.devTools).not.toBeNull();
  });

  test("the dev page's policy adds only the dev server's nonce and its HMR WebSocket, and every script carries the nonce", async () => {
    const page = await sample.call('GET', '/');
    const csp = page.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    const host = new URL(sample.url).host;
    expect(csp).toBe(
      productionHeaders(sample)
        ['content-security-policy'].replace(
          `script-src 'self' ${stripeOrigin(sample)}`,
          `script-src 'self' ${stripeOrigin(sample)} 'nonce-${nonce}'`,
        )
        .replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`)
        .replace(
          `connect-src 'self' ${stripeOrigin(sample)}`,
          `connect-src 'self' ${stripeOrigin(sample)} ws://${host}`,
        ),
    );
    const scripts = page.text.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const { 'content-security-policy': _, ...rest } = productionHeaders(sample);
    expect(securityHeadersOf(page.headers)).toMatchObject(rest);
  });
});

/**
 * What every answer of this server carries (the built page's policy: this origin only, nothing inline, and the
 * Stripe.js stand-in's origin, the Connect mock's, for its script and the requests it makes).
 */
const productionHeaders = (sample: Sample) => ({
  'content-security-policy':
    `default-src 'none'; script-src 'self' ${stripeOrigin(sample)}; style-src 'self'; img-src 'self' data:; ` +
    `connect-src 'self' ${stripeOrigin(sample)}; font-src 'self'; manifest-src 'self'; base-uri 'none'; ` +
    "form-action 'self'; frame-ancestors 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'x-dns-prefetch-control': 'off',
  'origin-agent-cluster': '?1',
});
const stripeOrigin = (sample: Sample) => new URL(sample.config.connect.baseUrl).origin;

function securityHeadersOf(headers: Headers): Record<string, string | null> {
  const names = Object.keys(productionHeaders({ config: { connect: { baseUrl: 'http://127.0.0.1' } } } as Sample));
  return Object.fromEntries(names.map((name) => [name, headers.get(name)]));
}

describe('start-up', () => {
  test('a malformed setting stops `pnpm start` with the variable and the rule, and no stack trace', async () => {
    requireBuild();
    const { code, stderr, stdout } = await runBuiltServer({
      SAMPLE_PORT: 'eighty',
      TEN99POLICY_BASE_URL: 'http://api.1099policy.com',
      CONNECT_API_KEY: 'clé_live_1234567890',
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'Invalid configuration:\n' +
        '  - SAMPLE_PORT must be a whole number from 0 to 65535 (got "eighty")\n' +
        '  - TEN99POLICY_BASE_URL must use https: (http: is allowed only for localhost, 127.x.x.x or [::1])\n' +
        '  - CONNECT_API_KEY must be visible ASCII characters only: no spaces, line breaks or accented letters\n',
    );
  });

  test('a SAMPLE_HOST that does not resolve stops `pnpm start` with one line naming it, and no stack trace', async () => {
    requireBuild();
    // A 64-character label is longer than DNS allows, so the lookup fails on this machine without any query.
    const host = `${'a'.repeat(64)}.invalid`;
    const { code, stderr, stdout } = await runBuiltServer({ SAMPLE_HOST: host, SAMPLE_PORT: '0' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `SAMPLE_HOST "${host}" cannot be resolved to an address; set it to a host name this machine resolves or an IP address such as 127.0.0.1.\n`,
    );
  });

  test('`pnpm start` prints the URL it serves on, and stops cleanly on SIGTERM', async () => {
    requireBuild();
    const child = spawn(process.execPath, [builtServer], {
      env: { PATH: process.env['PATH'], SAMPLE_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (text: string) => resolve(text));
        void exited.then((code) => reject(new Error(`the server exited with ${code}`)));
      });
      expect(line).toMatch(/^paykit sample app: http:\/\/127\.0\.0\.1:\d+\n$/);
      const url = line.trim().split(': ')[1]!;
      const page = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      expect(await page.text()).toContain('Billing settings');
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      // One that ignores SIGTERM fails the check below instead of outliving the run.
      const deadline = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(deadline);
    }
    expect(await exited).toBe(0);
  });
});

function runBuiltServer(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Only the variables under test: a developer's own settings must not change the outcome.
    const child = spawn(process.execPath, [builtServer], {
      env: { PATH: process.env['PATH'], ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
