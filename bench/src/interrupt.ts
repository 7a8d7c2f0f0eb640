import { constants } from 'node:os';

/**
 * Cleanups that must run however the bench ends: normally (the caller's `finally`), on Ctrl-C or a SIGTERM from
 * turbo, or on an exit that skips `finally` (an uncaught error). Without them an interrupted run leaves a scratch
 * worktree with its node_modules, a stale entry in the developer's .git/worktrees, or a Prism listening.
 */
export type Cleanup = () => void | Promise<void>;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** A cleanup that hangs (a child ignoring SIGTERM) must not keep an interrupted bench alive. */
const CLEANUP_DEADLINE_MS = 10_000;

const cleanups = new Set<Cleanup>();
let installed = false;
let interrupting = false;

/**
 * Registers `cleanup` until the returned release function is called. On a signal the cleanups run newest first
 * (a child writing into a worktree is stopped before the worktree is removed), then the process exits with the
 * signal's code (128 + its number). On a plain exit each runs too, but only its synchronous part can.
 */
export function onInterrupt(cleanup: Cleanup): () => void {
  install();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/**
 * Parks the caller once interrupted: the cleanups are running and end the process, so a failure they caused (a
 * killed child) must not be reported as a result, nor the next step started.
 */
export function haltIfInterrupted(): Promise<void> {
  return interrupting ? new Promise<never>(() => undefined) : Promise.resolve();
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', () => {
    for (const cleanup of takeNewestFirst()) runQuietly(cleanup);
  });
}

function takeNewestFirst(): Cleanup[] {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  return pending;
}

async function runQuietly(cleanup: Cleanup): Promise<void> {
  try {
    await cleanup();
  } catch (error) {
    console.error(`cleanup after interrupt failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  // Wrappers repeat a signal (Ctrl-C reaches the whole process group, and turbo or pnpm forward it again): the
  // cleanup already under way finishes, bounded by the deadline below.
  if (interrupting) return;
  interrupting = true;
  const code = 128 + constants.signals[signal];
  console.error(`\n${signal}: cleaning up before exit…`);
  const deadline = setTimeout(() => {
    console.error(`cleanup did not finish within ${CLEANUP_DEADLINE_MS / 1000} s; exiting anyway`);
    process.exit(code);
  }, CLEANUP_DEADLINE_MS);
  void (async () => {
    for (const cleanup of takeNewestFirst()) await runQuietly(cleanup);
    clearTimeout(deadline);
    process.exit(code);
  })();
}
