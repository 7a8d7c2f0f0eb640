import { describe, expect, it, vi } from 'vitest';
import { type RunningCli, spawnCli } from './support/cli.js';
import { call } from './support/http.js';

// `pnpm mock` prints one line per request (method, path, status, latency, idempotency key, replay, session, refusal)
// and `--quiet` stops it; neither an API key nor a hosted page's token is ever printed.

const KEY = 't9k_test_cli_line_secret_key';
const AUTH = `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;

/** The CLI on free ports; resolves once its banner is out, with its output so far (and later) and its ports. */
async function startCli(flags: string[]): Promise<RunningCli> {
  const cli = await spawnCli(['--no-watch', ...flags]);
  await vi.waitFor(() => expect(cli.output()).toContain('Ctrl-C stops them.'), { timeout: 20_000, interval: 25 });
  return cli;
}

async function stop({ child, exited }: RunningCli): Promise<void> {
  child.kill('SIGINT');
  await exited;
}

/** A 1099Policy create with a key and an idempotency key, its replay, its hosted page, and a refused create. */
async function traffic(base: string): Promise<{ id: string; url: string }> {
  const create = (body: unknown) =>
    call(`${base}/api/v1/payment/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTH, 'idempotency-key': 'cli-line-1' },
      body: JSON.stringify(body),
    });
  const body = { contractor: 'cn_AbCdEfGh12', return_url: 'https://app.example.com/billing/return' };
  const session = JSON.parse((await create(body)).text) as { id: string; url: string };
  await create(body);
  await call(session.url);
  await call(`${base}/api/v1/payment/sessions?api_key=${KEY}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: AUTH },
    body: '{}',
  });
  return session;
}

describe('pnpm mock: a line per request', () => {
  it('prints method, path, status, latency, idempotency key, replay, session and refusal; no key, no token', async () => {
    const cli = await startCli([]);
    const { output, url } = cli;
    try {
      const session = await traffic(url('ten99policy'));
      await vi.waitFor(() => expect(output()).toContain('/api/v1/payment/sessions 400'), { timeout: 10_000 });
      const lines = output()
        .split('\n')
        .filter((line) => /^\[ten99policy\] (GET|POST) /.test(line));
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(
        new RegExp(
          `^\\[ten99policy\\] POST /api/v1/payment/sessions 201 \\d+ms idem=cli-line-1 session=${session.id} account=acct_[0-9a-f]{12}$`,
        ),
      );
      expect(lines[1]).toMatch(/ 201 \d+ms idem=cli-line-1 replay session=hps_/);
      expect(lines[2]).toMatch(/^\[ten99policy\] GET \/__paykit\/pages\/\[token\] 200 \d+ms$/);
      expect(lines[3]).toMatch(
        /^\[ten99policy\] POST \/api\/v1\/payment\/sessions 400 \d+ms account=acct_[0-9a-f]{12} \(contractor is required/,
      );
      const token = new URL(session.url).pathname.split('/').pop() as string;
      for (const secret of [KEY, AUTH, token]) expect(output()).not.toContain(secret);
    } finally {
      await stop(cli);
    }
  });

  it('--quiet prints none (the request log still keeps them)', async () => {
    const cli = await startCli(['--quiet']);
    const { output, url } = cli;
    try {
      await traffic(url('ten99policy'));
      const log = JSON.parse((await call(`${url('ten99policy')}/__paykit/requests`)).text) as { total: number };
      expect(log.total).toBe(4);
    } finally {
      await stop(cli);
    }
    // Read once the process has exited: everything it printed is in.
    expect(output()).toContain('Stopped.');
    expect(output()).not.toMatch(/^\[\w+\] (GET|POST|HEAD|PUT|PATCH|DELETE) \//m);
  });
});
