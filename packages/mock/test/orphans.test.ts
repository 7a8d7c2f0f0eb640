import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import setup from '../src/vitest-global-setup.js';
import { isRunning, prismChildrenOf } from './support/processes.js';

const CHILD = fileURLToPath(new URL('./fixtures/mock-in-child.mjs', import.meta.url));

/** Runs a process that starts a mock and reports its Prism pid; ends it the way `ending` says. */
async function prismPidOfChild(ending: 'SIGINT' | 'SIGTERM' | 'SIGKILL' | 'throw'): Promise<{ prismPid: number; exit: string }> {
  const child = spawn(process.execPath, [CHILD, ending], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit');
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const { prismPid } = JSON.parse(line) as { prismPid: number };
  expect(isRunning(prismPid)).toBe(true);
  if (ending !== 'throw') child.kill(ending);
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  return { prismPid, exit: signal ?? `code ${code}` };
}

describe('no orphans: no Prism process outlives what started it', () => {
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

  it.each(['SIGINT', 'SIGTERM'] as const)('a run interrupted by %s takes its Prism with it', async (signal) => {
    const { prismPid, exit } = await prismPidOfChild(signal);
    expect(exit).toBe(signal);
    await vi.waitFor(() => expect(isRunning(prismPid)).toBe(false), { timeout: 10_000, interval: 25 });
  });

  it('a run that dies of an uncaught error (a failing test) takes its Prism with it', async () => {
    const { prismPid, exit } = await prismPidOfChild('throw');
    expect(exit).toBe('code 1');
    await vi.waitFor(() => expect(isRunning(prismPid)).toBe(false), { timeout: 10_000, interval: 25 });
  });

  it('even a run killed with SIGKILL (no handler runs) takes its Prism with it', async () => {
    const { prismPid, exit } = await prismPidOfChild('SIGKILL');
    expect(exit).toBe('SIGKILL');
    await vi.waitFor(() => expect(isRunning(prismPid)).toBe(false), { timeout: 10_000, interval: 25 });
  });
});
