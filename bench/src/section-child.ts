import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { onInterrupt } from './interrupt.js';
import type { Figure } from './report/figure.js';
import type { SectionMessage } from './section-process.js';
import type { SectionName } from './sections.js';

const entry = fileURLToPath(new URL('./section-process.ts', import.meta.url));

/** Runs one section in a fresh Node process (see section-process.ts); rejects with its error when it cannot measure. */
export async function runSectionInChild(name: SectionName): Promise<Figure[]> {
  const child = fork(entry, [name], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  // Ctrl-C reaches the child too; a SIGTERM sent to this process alone must still let the child clean up first.
  const release = onInterrupt(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  try {
    let message: SectionMessage | undefined;
    child.on('message', (m: SectionMessage) => (message = m));
    const [code, signal] = await exited;
    if (message && 'figures' in message) return message.figures;
    throw new Error(
      message?.error ?? `the section's process ended (${signal ?? `exit code ${code}`}) without a result`,
    );
  } finally {
    release();
  }
}
