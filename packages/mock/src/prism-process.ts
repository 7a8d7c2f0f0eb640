import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { guardProcess, isCleaningUp } from './orphan-guard.js';
import { OutputTail } from './output-tail.js';

const require = createRequire(import.meta.url);
const PRISM_CLI = require.resolve('@stoplight/prism-cli/dist/index.js');
const WATCHDOG = fileURLToPath(new URL('./parent-watchdog.cjs', import.meta.url));
const REPORT_LISTENING = fileURLToPath(new URL('./report-listening.cjs', import.meta.url));
/** The child's file descriptor on which `report-listening.cjs` says where Prism's server is bound. */
const REPORT_FD = 3;
export const PRISM_HOST = '127.0.0.1';
const POLL_INTERVAL_MS = 25;
/** Asked until Prism answers; Prism logs it as an unmatched route, so that line is kept from `onOutput`. */
const READY_PROBE_PATH = '/__paykit_mock_ready';
/** Prism's lines that are about our own start-up, not about the user's requests. */
const NOISE = [READY_PROBE_PATH, 'Starting Prism…'];
const STOP_GRACE_MS = 5_000;

/** A Prism that stopped on its own after it was ready: how it ended and what it printed last. */
export interface PrismExit {
  pid: number;
  /** e.g. `exited with code 1`, `was killed by SIGKILL`. */
  reason: string;
  output: string;
}

export interface PrismOptions {
  /** The file Prism loads. */
  specPath: string;
  /** How messages name the spec (the file the user knows, when Prism loads a copy of it). */
  specLabel?: string;
  port: number;
  dynamic?: boolean;
  seed?: number;
  readyTimeoutMs: number;
  /** Prism's warnings as they come (request validation problems); they are always kept for error messages too. */
  onOutput?: (text: string) => void;
  /** Called when Prism ends after it was ready without `stop()` having been asked (a crash, a kill from outside). */
  onUnexpectedExit?: (exit: PrismExit) => void;
}

export interface PrismProcess {
  readonly pid: number;
  readonly port: number;
  /** Resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Prism failed to start; `output` is what Prism itself printed, which says why. */
export class PrismStartError extends Error {
  override name = 'PrismStartError';
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}\n--- Prism output ---\n${output.trim() || '(none)'}`);
  }
}

function prismArgs({ specPath, port, dynamic, seed }: PrismOptions): string[] {
  // --cors=false: the front door owns CORS, so a browser sees one consistent set of headers.
  const args = ['--require', WATCHDOG, '--require', REPORT_LISTENING, PRISM_CLI, 'mock', specPath];
  args.push('-h', PRISM_HOST, '-p', String(port), '-v', 'warn', '--cors=false');
  if (dynamic) args.push('--dynamic');
  if (seed !== undefined) args.push('--seed', String(seed));
  return args;
}

/** Resolves once the child reports that its own server listens on `port`. */
function reportsListening(report: Readable, port: number): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: report });
    lines.on('line', (line) => {
      if (line === `listening ${port}`) resolve();
    });
  });
}

/**
 * Spawns Prism directly on node (no pnpm/npx wrapper, whose extra processes make killing unreliable) and resolves
 * once it answers on `port`.
 */
export async function spawnPrism(options: PrismOptions): Promise<PrismProcess> {
  const child = spawn(process.execPath, prismArgs(options), {
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', PAYKIT_PRISM_REPORT_FD: String(REPORT_FD) },
  });
  guardProcess(child);
  const output = new OutputTail();
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => {
      output.push(text);
      if (!options.onOutput) return;
      const lines = text.split('\n').filter((line) => line.trim() !== '' && !NOISE.some((n) => line.includes(n)));
      if (lines.length > 0) options.onOutput(`${lines.join('\n')}\n`);
    });
  }
  const listening = reportsListening(child.stdio[REPORT_FD] as Readable, options.port);
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`could not be spawned (${error.message})`));
    child.once('exit', (code, signal) => resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`));
  });
  // Let the last output chunks arrive before quoting them.
  const settledOutput = async (): Promise<string> => {
    await new Promise((resolve) => setImmediate(resolve));
    return output.toString();
  };

  let stopAsked = false;
  const stop = async (): Promise<void> => {
    stopAsked = true;
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(force);
  };

  const failure = await waitUntilReady(options.port, options.readyTimeoutMs, listening, exited);
  if (failure !== undefined) {
    await stop();
    const label = options.specLabel ?? options.specPath;
    throw new PrismStartError(`Prism for ${label} ${failure}`, await settledOutput());
  }
  const pid = child.pid as number;
  void exited.then(async (reason) => {
    if (stopAsked || isCleaningUp()) return;
    options.onUnexpectedExit?.({ pid, reason, output: await settledOutput() });
  });
  return { pid, port: options.port, stop };
}

/**
 * Waits until this Prism reports its server bound to `port` and then answers there (an unknown path gets a 404);
 * a reason on failure. An answer alone is not enough: it may come from another process that took the port first.
 */
async function waitUntilReady(
  port: number,
  timeoutMs: number,
  listening: Promise<void>,
  exited: Promise<string>,
): Promise<string | undefined> {
  let exitReason: string | undefined;
  let bound = false;
  void exited.then((reason) => (exitReason = reason));
  void listening.then(() => (bound = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitReason !== undefined) return `${exitReason} before answering`;
    if (bound && (await answers(port))) return undefined;
    if (exitReason !== undefined) return `${exitReason} before answering`;
    if (Date.now() >= deadline) return `did not answer on port ${port} within ${timeoutMs} ms`;
    const pause = new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    await Promise.race(bound ? [exited, pause] : [exited, listening, pause]);
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request(
      { host: PRISM_HOST, port, path: READY_PROBE_PATH, method: 'HEAD', agent: false, timeout: 1_000 },
      (res) => {
        res.resume();
        resolve(true);
      },
    );
    probe.once('timeout', () => probe.destroy());
    probe.once('error', () => resolve(false));
    probe.end();
  });
}
