import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { onInterrupt } from '../interrupt.js';

/** The Prism that @paykit/mock runs, resolved through it so both sides of the comparison are the same build. */
const prismCli = createRequire(createRequire(import.meta.url).resolve('@paykit/mock/package.json')).resolve(
  '@stoplight/prism-cli/dist/index.js',
);

const host = '127.0.0.1';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request({ host, port, path: '/', method: 'HEAD', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    probe.once('timeout', () => probe.destroy());
    probe.once('error', () => resolve(false));
    probe.end();
  });
}

export interface DirectPrism {
  url: string;
  /** Spawn to first HTTP answer. */
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * Prism on its own, started as the toolchain notes prescribe (node + CLI path, `-v warn`, and `--cors=false` as
 * the mock runs it), polled every 10 ms until it answers anything.
 */
export async function startPrismDirect(specPath: string, deadlineMs = 15_000): Promise<DirectPrism> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [prismCli, 'mock', specPath, '-h', host, '-p', String(port), '-v', 'warn', '--cors=false'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // Marks the process as this run's, so a leftover can be told from other Prisms on a shared machine.
    env: { ...process.env, PAYKIT_BENCH_PARENT: String(process.pid) },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  // A bench stopped by Ctrl-C, SIGTERM or an uncaught error must not leave this Prism listening.
  const release = onInterrupt(kill);
  const stop = async () => {
    release();
    await kill();
  };
  while (!(await answers(port))) {
    if (child.exitCode !== null || performance.now() - started > deadlineMs) {
      await stop();
      throw new Error(`Prism on ${specPath} did not answer (exit ${child.exitCode}):\n${stderr.slice(-2000)}`);
    }
    await sleep(10);
  }
  const readyMs = performance.now() - started;
  // Another process may have taken the port between the probe and Prism's bind, and answered for it.
  await sleep(50);
  if (child.exitCode !== null) {
    release();
    throw new Error(`Prism on ${specPath} exited after the port answered:\n${stderr.slice(-2000)}`);
  }
  return { url: `http://${host}:${port}`, readyMs, stop };
}
