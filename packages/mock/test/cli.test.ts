import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seeds } from '@paykit/spec/seeds';
import { describe, expect, it, vi } from 'vitest';
import { bundleSpec } from '../src/bundle-spec.js';
import { freePort } from '../src/free-port.js';
import { call } from './support/http.js';
import { isRunning, prismChildrenOf } from './support/processes.js';
import { withoutSecrets } from './support/secrets.js';
import { tempDir } from './support/temp-dir.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
/** The body of the vendor document the spec package keeps under that file name. */
const seed = (file: string): unknown => seeds.find((candidate) => candidate.file === file)?.body;

/** The `curl` lines the banner prints, as fetch calls. */
function curlsIn(output: string): { url: string; init: RequestInit }[] {
  return [...output.matchAll(/^\s*curl -s(?: -X (\w+))? (\S+)((?: -H '[^']+')*)\s*$/gm)].map(([, method, url, headerArgs]) => ({
    url: url as string,
    init: {
      method: method ?? 'GET',
      headers: Object.fromEntries(
        [...(headerArgs ?? '').matchAll(/-H '([^:]+): ([^']*)'/g)].map(([, name, value]) => [name as string, value as string]),
      ),
    },
  }));
}

describe('pnpm mock (the paykit-mock CLI)', () => {
  it('starts both mocks on the chosen ports, prints working curls and how to steer them, and stops on Ctrl-C', async () => {
    const ports = { connect: await freePort(), ten99policy: await freePort() };
    const child = spawn(process.execPath, [CLI, '--no-watch'], {
      env: {
        ...process.env,
        PAYKIT_CONNECT_PORT: String(ports.connect),
        PAYKIT_TEN99POLICY_PORT: String(ports.ten99policy),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit');
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    try {
      await vi.waitFor(() => expect(output).toContain('Ctrl-C stops both.'), { timeout: 20_000, interval: 25 });
      expect(output).toContain(`http://127.0.0.1:${ports.connect}`);
      expect(output).toContain(`http://127.0.0.1:${ports.ten99policy}`);
      for (const usage of ["'Prefer: example=<name>'", "'Prefer: code=404'", "'X-Mock-Delay: 800'", "'X-Mock-Fault: 429'"]) {
        expect(output).toContain(usage);
      }
      expect(output).toContain('Telness Connect examples: ');
      expect(output).toContain('pendingEmbedded');

      // The printed curls are the seed calls: pasting them gives the vendors' documented answers.
      const curls = curlsIn(output);
      expect(curls.map((c) => new URL(c.url).port)).toEqual([String(ports.connect), String(ports.ten99policy)]);
      const [connectCall, ten99Call] = curls as [{ url: string; init: RequestInit }, { url: string; init: RequestInit }];
      expect(JSON.parse((await call(connectCall.url, connectCall.init)).text)).toEqual(seed('connect-get-payment-session.json'));
      const ten99 = await call(ten99Call.url, ten99Call.init);
      expect(ten99.status).toBe(200);
      expect(withoutSecrets(JSON.parse(ten99.text))).toEqual(withoutSecrets(seed('ten99policy-cancel-payment-session.json')));
    } finally {
      const prisms = prismChildrenOf(child.pid as number);
      child.kill('SIGINT');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      for (const pid of prisms) expect(isRunning(pid)).toBe(false);
      // Prisms ended by Ctrl-C are not reported as having died.
      expect(output).not.toContain('unexpectedly');
    }
  });

  it.each([
    ['PAYKIT_MOCK_FAULTS', '429=lots', 'PAYKIT_MOCK_FAULTS must be "none", "429", "503" or rates such as "429=0.1,503=0.05" (got "429=lots")'],
    ['PAYKIT_MOCK_DYNAMIC', 'yes', 'PAYKIT_MOCK_DYNAMIC must be 1 or true (on), or 0 or false (off), in any case (got "yes")'],
  ])('refuses a bad setting before starting anything, naming it: %s=%s', async (variable, value, message) => {
    const child = spawn(process.execPath, [CLI], {
      env: { ...process.env, [variable]: value },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: paykit-mock');
  });
});

describe('bundleSpec (re-bundling after a spec edit)', () => {
  function fakeSpecPackage(script: string): string {
    const dir = tempDir('paykit-fake-spec-');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fake-spec', private: true, scripts: { bundle: script } }));
    return dir;
  }

  it('runs the spec package’s own bundle script', async () => {
    const dir = fakeSpecPackage(`node -e "require('fs').writeFileSync('bundled.txt', 'yes')"`);
    expect(await bundleSpec(dir)).toBeUndefined();
    expect(readFileSync(join(dir, 'bundled.txt'), 'utf8')).toBe('yes');
  });

  it('hands back the bundler’s output when it fails, so the reason can be shown', async () => {
    const dir = fakeSpecPackage(`node -e "console.error('connect/openapi.yaml: lint error'); process.exit(1)"`);
    expect(await bundleSpec(dir)).toContain('connect/openapi.yaml: lint error');
  });
});
