import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * Last-resort cleanup for what a mock's `stop()` would have removed, when it never ran: a test that threw, Ctrl-C,
 * a turbo shutdown. Prism processes get SIGTERM and spec snapshots are deleted. (A parent killed outright with
 * SIGKILL runs nothing; the watchdog preloaded into Prism covers its processes.)
 */
const running = new Set<ChildProcess>();
const directories = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;
let cleaningUp = false;

export function guardProcess(child: ChildProcess): void {
  install();
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** Removes `dir` at exit unless `release` says it is gone already. */
export function guardDirectory(dir: string): () => void {
  install();
  directories.add(dir);
  return () => directories.delete(dir);
}

/** Whether the process is on its way out and ending its Prisms itself (their exit is then expected). */
export function isCleaningUp(): boolean {
  return cleaningUp;
}

function cleanUp(): void {
  cleaningUp = true;
  for (const child of running) child.kill('SIGTERM');
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
}

function onSignal(signal: NodeJS.Signals): void {
  cleanUp();
  // Listening for a signal cancels Node's default of exiting; when nobody else handles it, restore that default.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', cleanUp);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
