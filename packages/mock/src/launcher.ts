import { existsSync } from 'node:fs';
import { freePort } from './free-port.js';
import { PRISM_HOST, PrismStartError, spawnPrism, type PrismOptions, type PrismProcess } from './prism-process.js';
import { SpecSnapshots } from './spec-snapshot.js';

const PORT_RACE_ATTEMPTS = 3;

export type LaunchSettings = Omit<PrismOptions, 'specPath' | 'specLabel' | 'port'>;

export interface Launcher {
  /** A new Prism on (a snapshot of) the spec as it is now, on a free port, answering. */
  launch(): Promise<PrismProcess>;
  /** Removes what the launches left on disk; call after the last Prism stopped. */
  dispose(): void;
}

/** Starts Prism processes for one mock: each on a fresh snapshot of `specPath` and a free loopback port. */
export function createLauncher(specPath: string, settings: LaunchSettings): Launcher {
  const snapshots = new SpecSnapshots();

  const onFreePort = async (snapshot: string): Promise<PrismProcess> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const port = await freePort(PRISM_HOST);
        return await spawnPrism({ ...settings, specPath: snapshot, specLabel: specPath, port });
      } catch (error) {
        // Another process may take the free port between our probe and Prism's bind.
        const portTaken = error instanceof PrismStartError && error.output.includes('EADDRINUSE');
        if (!portTaken || attempt === PORT_RACE_ATTEMPTS) throw error;
      }
    }
  };

  return {
    async launch() {
      if (!existsSync(specPath)) {
        throw new Error(`No spec at ${specPath}: bundle it first with \`pnpm --filter @paykit/spec bundle\`.`);
      }
      const snapshot = snapshots.take(specPath);
      try {
        const prism = await onFreePort(snapshot);
        return {
          ...prism,
          stop: async () => {
            await prism.stop();
            snapshots.discard(snapshot);
          },
        };
      } catch (error) {
        snapshots.discard(snapshot);
        throw error;
      }
    },
    dispose: () => snapshots.discardAll(),
  };
}
