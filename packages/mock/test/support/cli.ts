import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { apis } from '@paykit/spec';
import { freePort } from '../../src/free-port.js';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface RunningCli {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves with the exit code and signal once the process has exited. */
  exited: Promise<unknown[]>;
  /** Everything printed so far, stdout and stderr interleaved. */
  output: () => string;
  ports: Record<string, number>;
  url: (api: string) => string;
}

/** The built CLI with `args`, every API on a free port (through its `PAYKIT_<API>_PORT`), `env` on top. */
export async function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningCli> {
  const ports = Object.fromEntries(await Promise.all(apis.map(async (api) => [api, await freePort()] as const)));
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      ...process.env,
      ...Object.fromEntries(apis.map((api) => [`PAYKIT_${api.toUpperCase()}_PORT`, String(ports[api])])),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  return { child, exited, output: () => output, ports, url: (api) => `http://127.0.0.1:${ports[api]}` };
}
