import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { freePort } from '../test/helpers.js';

/**
 * A developer's second terminal: with `pnpm dev` running, `pnpm mock -- <flags>` on other ports starts from what is
 * built (every upstream task a turbo cache hit: flags never enter the build graph), and the running app keeps
 * answering throughout; `pnpm dev` with moved ports wires the app to its own mocks.
 */

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const started: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'paykit-dev-loop-'));

afterAll(async () => {
  await Promise.all(started.map(stop));
  rmSync(dataDir, { recursive: true, force: true });
});

/** The environment of a developer's shell: none of the variables the test runner around this test set. */
function shellEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(VITEST|TURBO_|npm_|PNPM_SCRIPT|NODE_ENV$|INIT_CWD$)/.test(name)),
  );
  return { ...env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1', ...extra };
}

/** `pnpm <script> [-- args]` from the repository root, in a process group of its own; its output collected. */
function pnpm(script: string, args: string[], env: Record<string, string>) {
  const child = spawn('pnpm', [script, ...(args.length ? ['--', ...args] : [])], {
    cwd: repoRoot,
    env: shellEnv(env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => void (output += chunk));
  child.stderr?.on('data', (chunk) => void (output += chunk));
  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (pattern.test(output)) done(resolve);
        else if (child.exitCode !== null) done(() => reject(new Error(`pnpm ${script} exited:\n${output}`)));
      }, 50);
      const limit = setTimeout(
        () => done(() => reject(new Error(`no ${pattern} from pnpm ${script}:\n${output}`))),
        timeoutMs,
      );
      const done = (then: () => void) => {
        clearInterval(timer);
        clearTimeout(limit);
        then();
      };
    });
  return { child, output: () => output, waitFor };
}

/** SIGTERM to the whole group (pnpm, the script, turbo, the mock, the app), then wait for the leader. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {}
  await exited;
}

async function appAnswers(url: string): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  await response.body?.cancel();
  return response.status;
}

describe('pnpm dev and pnpm mock side by side', () => {
  test('moved ports reach the app; a second pnpm mock with flags rebuilds nothing and disturbs nothing', async () => {
    const [connectPort, ten99Port, appPort] = await Promise.all(Array.from({ length: 3 }, freePort));
    const dev = pnpm('dev', [], {
      PAYKIT_CONNECT_PORT: String(connectPort),
      PAYKIT_TEN99POLICY_PORT: String(ten99Port),
      SAMPLE_PORT: String(appPort),
      SAMPLE_DATA_DIR: dataDir,
      // pnpm dev keeps the sandboxes' state in the repository's node_modules/.cache by default: the developer's own
      // file, which a pnpm dev they run meanwhile writes too. The test's sessions go to a file of its own instead
      // (still a file, as pnpm dev runs), removed with the rest of its data.
      PAYKIT_MOCK_STATE: join(dataDir, 'mock-state.json'),
    });
    const app = `http://127.0.0.1:${appPort}`;
    await dev.waitFor(new RegExp(`paykit sample app: ${app}`), 90_000);
    await dev.waitFor(new RegExp(`http://127\\.0\\.0\\.1:${ten99Port}`), 30_000);

    // The app's own call to 1099Policy goes to the mock on the moved port (no other setting).
    const sessions = await fetch(`${app}/api/ten99policy/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        contractor: 'cn_AbCdEfGh12',
        returnUrl: 'https://app.yourplatform.com/settings/billing/return',
      }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(sessions.status, await sessions.clone().text()).toBe(201);

    let polling = true;
    const statuses: number[] = [];
    const poll = (async () => {
      while (polling) {
        statuses.push(await appAnswers(app).catch(() => 0));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    // Picked only now, a minute after the others: a port is free for the moment it is checked, no longer.
    const [otherConnect, otherTen99] = await Promise.all(Array.from({ length: 2 }, freePort));
    const mock = pnpm('mock', ['--delay', '5'], {
      PAYKIT_CONNECT_PORT: String(otherConnect),
      PAYKIT_TEN99POLICY_PORT: String(otherTen99),
    });
    await mock.waitFor(new RegExp(`http://127\\.0\\.0\\.1:${otherTen99}`), 60_000);
    polling = false;
    await poll;

    expect(mock.output()).toMatch(/>>> FULL TURBO/);
    expect(mock.output()).not.toMatch(/cache miss/);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(await appAnswers(app)).toBe(200);
    expect(dev.output()).not.toMatch(/ERR_MODULE_NOT_FOUND|cache miss/);
  }, 180_000);
});
