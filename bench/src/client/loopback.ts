import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface CannedResponse {
  status: number;
  body: string;
}

export interface LoopbackServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts loopback-server.ts in a child process answering each `${method} ${path}` with its canned response. */
export async function startLoopbackServer(responses: Record<string, CannedResponse>): Promise<LoopbackServer> {
  const child = fork(fileURLToPath(new URL('./loopback-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOOPBACK_RESPONSES: JSON.stringify(responses) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const message = await Promise.race([
    once(child, 'message') as Promise<[{ port: number }]>,
    exited.then(([code]) => {
      throw new Error(`loopback server exited before listening (code ${code})`);
    }),
  ]);
  return {
    url: `http://127.0.0.1:${message[0].port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
