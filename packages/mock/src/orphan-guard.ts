import type { ChildProcess } from 'node:child_process';

/**
 * Last-resort cleanup for Prism processes whose `stop()` never ran: a test that threw, Ctrl-C, a turbo shutdown.
 * (A parent killed outright with SIGKILL is covered by the watchdog preloaded into Prism.)
 */
const running = new Set<ChildProcess>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

export function guard(child: ChildProcess): void {
  install();
  running.add(child);
  child.once('exit', () => running.delete(child));
}

function killAll(): void {
  for (const child of running) child.kill('SIGTERM');
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  // Listening for a signal cancels Node's default of exiting; when nobody else handles it, restore that default.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
