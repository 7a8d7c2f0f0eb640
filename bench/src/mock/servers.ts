import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { freePort } from '@paykit/mock/free-port';
import { onInterrupt } from '../interrupt.js';

// The servers the mock section compares, each in a process of its own and judged by the same readiness rule (the
// first HTTP answer on its port), so start-to-ready includes every one's process start:
// - the mock: @paykit/mock's startMock on the spec file (mock-process.mjs), as `pnpm mock` runs it: stateless
//   (`mock`, as steady and Prism's CLI are), or with the vendor's sandbox (`sandbox`, the mock's default);
// - steady (@stdy/cli), the compiled mock openai-node moved to;
// - Prism's CLI, the baseline the mock replaced (today's comparison).

export type ServerKind = 'mock' | 'sandbox' | 'steady' | 'prism';

export const SERVER_LABELS: Record<ServerKind, string> = {
  mock: '@paykit/mock',
  sandbox: '@paykit/mock (sandbox)',
  steady: 'steady',
  prism: 'Prism CLI',
};

const HOST = '127.0.0.1';
const READY_DEADLINE_MS = 120_000;
const mockProcess = fileURLToPath(new URL('./mock-process.mjs', import.meta.url));
const steadyBin = fileURLToPath(new URL('../../node_modules/.bin/steady', import.meta.url));
const prismCli = fileURLToPath(new URL('../../node_modules/@stoplight/prism-cli/dist/index.js', import.meta.url));

export interface RunningServer {
  kind: ServerKind;
  url: string;
  pid: number;
  /** From spawning the process until its port first answered. */
  startToReadyMs: number;
  stop(): Promise<void>;
}

/** The API the mock serves the spec as: a vendor's name gives its sandbox; any other spec is served stateless. */
function command(kind: ServerKind, specPath: string, port: number, api: string): [string, string[]] {
  if (kind === 'mock' || kind === 'sandbox') {
    return [
      process.execPath,
      [mockProcess, specPath, String(port), api, kind === 'sandbox' ? 'stateful' : 'stateless'],
    ];
  }
  if (kind === 'steady') return [steadyBin, ['--host', HOST, '-p', String(port), '-q', '--no-color', specPath]];
  return [process.execPath, [prismCli, 'mock', specPath, '-h', HOST, '-p', String(port), '-v', 'warn']];
}

/** Starts one server on a free port; resolves once the port answers any HTTP request. */
export async function launch(kind: ServerKind, specPath: string, api = 'connect'): Promise<RunningServer> {
  const port = await freePort();
  const [file, args] = command(kind, specPath, port, api);
  const started = performance.now();
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (!exited) child.kill('SIGTERM');
    await gone;
  };
  const release = onInterrupt(stop);
  const url = `http://${HOST}:${port}`;
  for (;;) {
    if (exited) {
      release();
      throw new Error(`${SERVER_LABELS[kind]} exited before answering on ${url}:\n${stderr}`);
    }
    if (performance.now() - started > READY_DEADLINE_MS) {
      await stop();
      release();
      throw new Error(`${SERVER_LABELS[kind]} did not answer on ${url} within ${READY_DEADLINE_MS} ms:\n${stderr}`);
    }
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000) });
      break;
    } catch {
      await new Promise((resume) => setTimeout(resume, 5));
    }
  }
  const startToReadyMs = performance.now() - started;
  return {
    kind,
    url,
    pid: child.pid as number,
    startToReadyMs,
    stop: async () => {
      await stop();
      release();
    },
  };
}
