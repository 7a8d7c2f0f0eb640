import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import setup from '../src/vitest-global-setup.js';
import { isRunning, prismChildrenOf } from './support/processes.js';
import { tempDir } from './support/temp-dir.js';

const CHILD = fileURLToPath(new URL('./fixtures/mock-in-child.mjs', import.meta.url));
const NESTED_CONFIG = fileURLToPath(new URL('./fixtures/nested-run/vitest.config.mjs', import.meta.url));
const VITEST_CLI = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/** Runs a process that starts a mock and reports its Prism pid; ends it the way `ending` says. */
async function prismPidOfChild(
  ending: 'SIGINT' | 'SIGTERM' | 'SIGKILL' | 'throw',
  starter: 'mock' | 'bare' = 'mock',
): Promise<{ prismPid: number; snapshotDir: string; exit: string }> {
  const child = spawn(process.execPath, [CHILD, ending, starter], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit');
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const { prismPid } = JSON.parse(line) as { prismPid: number };
  expect(isRunning(prismPid)).toBe(true);
  // Prism's command line names the spec snapshot it serves.
  const args = readFileSync(`/proc/${prismPid}/cmdline`, 'utf8').split('\0');
  const snapshotDir = dirname(args.find((arg) => arg.includes('paykit-mock-spec-')) as string);
  expect(existsSync(snapshotDir)).toBe(true);
  child.kill(ending === 'throw' ? 'SIGUSR2' : ending);
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  return { prismPid, snapshotDir, exit: signal ?? `code ${code}` };
}

describe('no orphans: no Prism process outlives what started it', () => {
  it('a whole vitest run using the global setup leaves none of its Prism processes behind', async () => {
    const scratch = tempDir('paykit-run-');
    const pidFile = join(scratch, 'pids.json');
    const cacheDir = join(scratch, 'vite-cache');
    // The nested run must not think it is a worker of this one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
    const run = spawn(process.execPath, [VITEST_CLI, 'run', '--config', NESTED_CONFIG], {
      env: { ...env, PAYKIT_PID_FILE: pidFile, PAYKIT_NESTED_CACHE_DIR: cacheDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    run.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    run.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    const [code] = (await once(run, 'exit')) as [number | null];
    expect(code, output).toBe(0);
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as number[];
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(isRunning(pid)).toBe(false);
    // Its cache went to the scratch dir (removed with it), not into the source tree.
    expect(existsSync(join(cacheDir, 'vitest'))).toBe(true);
    expect(existsSync(join(dirname(NESTED_CONFIG), 'node_modules'))).toBe(false);
  });

  it('the vitest global setup stops both mocks at teardown', async () => {
    const provided: Record<string, string> = {};
    const teardown = await setup({ provide: (key: string, value: string) => (provided[key] = value) } as never);
    const pids = prismChildrenOf(process.pid);
    expect(Object.keys(provided).sort()).toEqual(['connectMockUrl', 'ten99policyMockUrl']);
    expect(pids).toHaveLength(2);
    await teardown();
    expect(prismChildrenOf(process.pid)).toEqual([]);
    for (const pid of pids) expect(isRunning(pid)).toBe(false);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('a run interrupted by %s takes its Prism (and spec copy) with it', async (signal) => {
    const { prismPid, snapshotDir, exit } = await prismPidOfChild(signal);
    expect(exit).toBe(signal);
    expect(existsSync(snapshotDir)).toBe(false);
    await vi.waitFor(() => expect(isRunning(prismPid)).toBe(false), { timeout: 10_000, interval: 25 });
  });

  it('a run that dies of an uncaught error (a failing test) takes its Prism (and spec copy) with it', async () => {
    const { prismPid, snapshotDir, exit } = await prismPidOfChild('throw');
    expect(exit).toBe('code 1');
    expect(existsSync(snapshotDir)).toBe(false);
    await vi.waitFor(() => expect(isRunning(prismPid)).toBe(false), { timeout: 10_000, interval: 25 });
  });

  it('a bare Prism (startPrism, for benchmark baselines) goes with a run interrupted by SIGTERM, spec copy included', async () => {
    const { prismPid, snapshotDir, exit } = await prismPidOfChild('SIGTERM', 'bare');
    expect(exit).toBe('SIGTERM');
    expect(existsSync(snapshotDir)).toBe(false);
    await vi.waitFor(() => expect(isRunning(prismPid)).toBe(false), { timeout: 10_000, interval: 25 });
  });

  it('a bare Prism goes even with a run killed with SIGKILL', async () => {
    const { prismPid, snapshotDir, exit } = await prismPidOfChild('SIGKILL', 'bare');
    expect(exit).toBe('SIGKILL');
    await vi.waitFor(() => expect(isRunning(prismPid)).toBe(false), { timeout: 10_000, interval: 25 });
    rmSync(snapshotDir, { recursive: true, force: true });
  });

  it('even a run killed with SIGKILL (no handler runs) takes its Prism with it', async () => {
    const { prismPid, snapshotDir, exit } = await prismPidOfChild('SIGKILL');
    expect(exit).toBe('SIGKILL');
    await vi.waitFor(() => expect(isRunning(prismPid)).toBe(false), { timeout: 10_000, interval: 25 });
    // Nothing runs in a SIGKILLed process: its spec copy stays in the temp dir.
    rmSync(snapshotDir, { recursive: true, force: true });
  });
});
