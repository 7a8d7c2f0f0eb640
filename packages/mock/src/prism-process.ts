import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { guardProcess } from './orphan-guard.js';
import { OutputTail } from './output-tail.js';

const require = createRequire(import.meta.url);
const PRISM_CLI = require.resolve('@stoplight/prism-cli/dist/index.js');
const WATCHDOG = fileURLToPath(new URL('./parent-watchdog.cjs', import.meta.url));
export const PRISM_HOST = '127.0.0.1';
const POLL_INTERVAL_MS = 25;
/** Asked until Prism answers; Prism logs it as an unmatched route, so that line is kept from `onOutput`. */
const READY_PROBE_PATH = '/__paykit_mock_ready';
/** Prism's lines that are about our own start-up, not about the user's requests. */
const NOISE = [READY_PROBE_PATH, 'Starting Prism…'];
const STOP_GRACE_MS = 5_000;

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
  const args = ['--require', WATCHDOG, PRISM_CLI, 'mock', specPath, '-h', PRISM_HOST, '-p', String(port)];
  args.push('-v', 'warn', '--cors=false');
  if (dynamic) args.push('--dynamic');
  if (seed !== undefined) args.push('--seed', String(seed));
  return args;
}

/** Spawns Prism directly on node (no pnpm/npx wrapper, whose extra processes make killing unreliable). */
export async function startPrism(options: PrismOptions): Promise<PrismProcess> {
  const child = spawn(process.execPath, prismArgs(options), {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
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
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`could not be spawned (${error.message})`));
    child.once('exit', (code, signal) => resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`));
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(force);
  };

  const failure = await waitUntilAnswering(options.port, options.readyTimeoutMs, exited);
  if (failure !== undefined) {
    await stop();
    // Let the last output chunks arrive before quoting them.
    await new Promise((resolve) => setImmediate(resolve));
    throw new PrismStartError(`Prism for ${options.specLabel ?? options.specPath} ${failure}`, output.toString());
  }
  return { pid: child.pid as number, port: options.port, stop };
}

/** Polls until Prism answers anything (an unknown path gets a 404 once it listens); a reason on failure. */
async function waitUntilAnswering(
  port: number,
  timeoutMs: number,
  exited: Promise<string>,
): Promise<string | undefined> {
  let exitReason: string | undefined;
  void exited.then((reason) => (exitReason = reason));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitReason !== undefined) return `${exitReason} before answering`;
    if (await answers(port)) return undefined;
    if (exitReason !== undefined) return `${exitReason} before answering`;
    if (Date.now() >= deadline) return `did not answer on port ${port} within ${timeoutMs} ms`;
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS))]);
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
