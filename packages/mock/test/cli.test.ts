import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { join } from 'node:path';
import { apis } from '@paykit/spec';
import { describe, expect, it, vi } from 'vitest';
import { rebundle } from '../src/cli/rebundle.js';
import { CLI, type RunningCli, spawnCli } from './support/cli.js';
import { call } from './support/http.js';
import { tempDir } from './support/temp-dir.js';

/** The `curl` lines the banner prints, as fetch calls (`-H 'Name: value'`, `-u user:` and `-d 'body'`). */
function curlsIn(output: string): { url: string; init: RequestInit }[] {
  return [...output.matchAll(/^\s*curl -s(?: -X (\w+))? (\S+)((?: -H '[^']+'| -u \S+)*)(?: -d '([^']*)')?\s*$/gm)].map(
    ([, method, url, args, body]) => {
      const headers: Record<string, string> = Object.fromEntries(
        [...(args ?? '').matchAll(/-H '([^:]+): ([^']*)'/g)].map(([, name, value]) => [
          name as string,
          value as string,
        ]),
      );
      const user = / -u (\S+)/.exec(args ?? '');
      if (user) headers['Authorization'] = `Basic ${btoa(user[1] as string)}`;
      return {
        url: url as string,
        init: { method: method ?? 'GET', headers, ...(body === undefined ? {} : { body }) },
      };
    },
  );
}

/** A webhook receiver that is down (503): an event sent to it stays pending, to be retried. */
async function downReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const receiver = createHttpServer((req, res) => {
    req.resume().on('end', () => res.writeHead(503).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`,
    close: () => new Promise<void>((resolve) => receiver.close(() => resolve())),
  };
}

/** Env of a CLI whose sandboxes send webhooks to `receiverUrl`. */
const webhooksTo = (receiverUrl: string) => ({
  PAYKIT_MOCK_WEBHOOK_URL: receiverUrl,
  PAYKIT_MOCK_WEBHOOK_SECRET: 'whsec_stop_test',
});

/**
 * With the banner out: a cancelled session leaves a webhook delivery pending and a slow request is in flight; `signal`
 * then refuses new connections, answers the request in flight, exits 0 and says how many deliveries it drops.
 */
async function stopsGracefully(cli: RunningCli, signal: 'SIGTERM' | 'SIGINT'): Promise<void> {
  const { child, exited, ports } = cli;
  expect(cli.output()).toContain('a failed delivery is retried for 4 h 34 min of mock time');
  const ten99 = `http://127.0.0.1:${ports.ten99policy}`;
  const auth = { authorization: `Basic ${btoa('t9k_test_dummy:')}`, 'content-type': 'application/json' };
  const created = await call(`${ten99}/api/v1/payment/sessions`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/return' }),
  });
  const { id } = JSON.parse(created.text) as { id: string };
  expect((await call(`${ten99}/api/v1/payment/sessions/${id}/cancel`, { method: 'POST', headers: auth })).status).toBe(
    200,
  );
  // A slow request, then a quick one: once the quick one is answered the slow one is in flight.
  const connect = `http://127.0.0.1:${ports.connect}/payment-sessions`;
  let slowAnswered = false;
  const slow = call(`${connect}/slow`, { headers: { 'x-api-key': 'k', 'x-mock-delay': '1500' } }).finally(
    () => (slowAnswered = true),
  );
  expect((await call(`${connect}/quick`, { headers: { 'x-api-key': 'k' } })).status).toBe(404);
  child.kill(signal);
  await vi.waitFor(() => expect(cli.output()).toContain(`${signal}: no new requests`), {
    timeout: 5_000,
    interval: 10,
  });
  expect(slowAnswered).toBe(false);
  await expect(call(`${ten99}/__paykit/clock`)).rejects.toThrow();
  expect((await slow).status).toBe(404);
  const [code] = (await exited) as [number | null];
  expect(code).toBe(0);
  expect(cli.output()).toContain(
    '[ten99policy] 1 webhook delivery still pending: dropped (no pending delivery is kept across a restart)',
  );
  expect(cli.output()).toMatch(/Stopped\.\n/);
  expect(cli.output()).not.toContain('whsec_stop_test');
}

describe('pnpm mock (the paykit-mock CLI)', () => {
  // Ctrl-C's stop is checked on this process (a CLI start is about a second of CPU); SIGTERM's on one of its own.
  it('starts every API in one process on the chosen ports, prints working curls and how to steer them, and stops on Ctrl-C as on SIGTERM', async () => {
    const receiver = await downReceiver();
    const cli = await spawnCli(['--no-watch'], {
      PAYKIT_MOCK_REDIRECT_ORIGIN: 'http://127.0.0.1:3000/',
      ...webhooksTo(receiver.url),
    });
    const { child, ports } = cli;
    try {
      await vi.waitFor(() => expect(cli.output()).toContain('Ctrl-C stops them.'), { timeout: 20_000, interval: 25 });
      for (const api of apis) expect(cli.output()).toContain(`http://127.0.0.1:${ports[api]}`);
      for (const usage of [
        "'Prefer: example=<name>'",
        "'Prefer: code=404'",
        "'X-Mock-Delay: 800'",
        "'X-Mock-Fault: 503'",
      ]) {
        expect(cli.output()).toContain(usage);
      }
      for (const fault of ['429, 500, 502, 503, 504', 'reset', 'lost']) expect(cli.output()).toContain(fault);
      // Each API's sandbox: its control API and hosted pages on its own port.
      for (const api of apis) expect(cli.output()).toContain(`control API   http://127.0.0.1:${ports[api]}/__paykit/`);
      // The redirect origin, once per sandbox.
      expect(cli.output().match(/redirects to {2}http:\/\/127\.0\.0\.1:3000 {2}/g)).toHaveLength(apis.length);
      // The printed curls work as pasted: one per API, each answered 2xx.
      const curls = curlsIn(cli.output());
      expect(curls.map((c) => Number(new URL(c.url).port))).toEqual(apis.map((api) => ports[api]));
      for (const curl of curls) expect((await call(curl.url, curl.init)).status).toBeLessThan(300);
      await stopsGracefully(cli, 'SIGINT');
    } finally {
      child.kill('SIGKILL');
      await receiver.close();
    }
  });

  it('refuses bad settings before starting anything, naming each, with exit code 2 and the usage', async () => {
    // One process for all five: the CLI reports every wrong setting of a run (cli-settings.test.ts), so each
    // message below still comes from a real process's stderr, at a fifth of the processes started.
    const bad = [
      [
        'PAYKIT_MOCK_FAULTS',
        '429=lots',
        'PAYKIT_MOCK_FAULTS must be "none", one of 429, 500, 502, 503, 504, reset, lost, or rates such as "429=0.1,reset=0.05" (got "429=lots")',
      ],
      [
        'PAYKIT_MOCK_DYNAMIC',
        'yes',
        'PAYKIT_MOCK_DYNAMIC must be 1 or true (on), or 0 or false (off), in any case (got "yes")',
      ],
      [
        'PAYKIT_MOCK_REDIRECT_ORIGIN',
        'http://127.0.0.1:3000/return',
        'PAYKIT_MOCK_REDIRECT_ORIGIN must be an http:// or https:// origin',
      ],
      ['PAYKIT_MOCK_ALLOWED_ORIGINS', 'loopback,*', 'PAYKIT_MOCK_ALLOWED_ORIGINS: each entry must be loopback'],
      ['PAYKIT_MOCK_ALLOWED_HOSTS', 'evil.example:80', 'PAYKIT_MOCK_ALLOWED_HOSTS: each entry must be a host name'],
    ] as const;
    const child = spawn(process.execPath, [CLI], {
      env: { ...process.env, ...Object.fromEntries(bad.map(([variable, value]) => [variable, value])) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    for (const [, , message] of bad) expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: paykit-mock');
  });
});

describe('pnpm mock stopping (SIGTERM; Ctrl-C above)', () => {
  it('SIGTERM: refuses new connections, answers the request in flight, and says how many webhook deliveries it drops', async () => {
    const receiver = await downReceiver();
    const cli = await spawnCli(['--no-watch'], webhooksTo(receiver.url));
    try {
      await vi.waitFor(() => expect(cli.output()).toContain('Ctrl-C stops them.'), { timeout: 20_000, interval: 25 });
      await stopsGracefully(cli, 'SIGTERM');
    } finally {
      cli.child.kill('SIGKILL');
      await receiver.close();
    }
  });
});

describe('rebundle (after a spec edit)', () => {
  function fakeSpecPackage(scripts: Record<string, string>): string {
    const dir = tempDir('paykit-fake-spec-');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fake-spec', private: true, scripts }));
    return dir;
  }
  const write = (file: string) => `node -e "require('fs').appendFileSync('ran.txt', '${file} ')"`;

  it('runs the spec package’s own lint, then bundle scripts', async () => {
    const dir = fakeSpecPackage({ lint: write('lint'), bundle: write('bundle') });
    expect(await rebundle(dir)).toBeUndefined();
    expect(readFileSync(join(dir, 'ran.txt'), 'utf8')).toBe('lint bundle ');
  });

  it('does not bundle a spec that does not validate, and hands back the file and line the linter names', async () => {
    const dir = fakeSpecPackage({
      lint: `node -e "console.error('alpha/paths/orders.yaml:12:5 error: no-invalid-media-type-examples'); process.exit(1)"`,
      bundle: write('bundle'),
    });
    expect(await rebundle(dir)).toContain('alpha/paths/orders.yaml:12:5');
    expect(existsSync(join(dir, 'ran.txt'))).toBe(false);
  });
});

describe('pnpm mock --state and --fixtures', () => {
  /** Runs the CLI with `args` on free ports until `until` shows in its output, then stops it with SIGTERM. */
  async function runCli(args: string[], until: string): Promise<{ output: string; code: number | null }> {
    const cli = await spawnCli(['--no-watch', ...args]);
    const { child, exited, ports } = cli;
    let cancelled = '';
    await vi.waitFor(() => expect(cli.output()).toMatch(new RegExp(`${until}|did not start|not valid JSON`)), {
      timeout: 20_000,
      interval: 25,
    });
    if (cli.output().includes('Ctrl-C stops them.')) {
      const base = `http://127.0.0.1:${ports.ten99policy}`;
      const key = { authorization: `Basic ${Buffer.from('t9k_test_cli_state:').toString('base64')}` };
      const cancel = await call(`${base}/api/v1/payment/sessions/hps_CliFixture01/cancel`, {
        method: 'POST',
        headers: key,
      });
      cancelled = `\ncancel: ${cancel.status}\n`;
      child.kill('SIGTERM');
    }
    const [code] = (await exited) as [number | null];
    return { output: cli.output() + cancelled, code };
  }

  it('starts from fixtures, keeps the change across a restart with the same --state, and refuses a cut-short file', async () => {
    const dir = tempDir('paykit-cli-state-');
    const state = join(dir, 'state.json');
    const fixtures = join(dir, 'fixtures.json');
    const session = { apiKey: 't9k_test_cli_state', id: 'hps_CliFixture01' };
    writeFileSync(fixtures, JSON.stringify({ ten99policy: { sessions: [session] } }));

    const first = await runCli(['--state', state, '--fixtures', fixtures], 'Ctrl-C stops them.');
    expect(first.output).toContain('cancel: 200');
    expect(first.code).toBe(0);
    // The fixture is not seeded again over the saved state: the session stays cancelled.
    const second = await runCli(['--state', state, '--fixtures', fixtures], 'Ctrl-C stops them.');
    expect(second.output).toContain('cancel: 400');
    expect(first.output + second.output).not.toContain('t9k_test_cli_state');

    writeFileSync(state, readFileSync(state, 'utf8').slice(0, 40));
    const refused = await runCli(['--state', state], 'never');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`state file ${state} is not valid JSON`);
    expect(readFileSync(state, 'utf8')).toHaveLength(40);
  });
});
