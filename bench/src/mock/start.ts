import { performance } from 'node:perf_hooks';
import { median } from '../stats.js';
import type { LoadRequest } from './load.js';
import type { LoadVendor } from './requests.js';
import { launch, SERVER_LABELS, type ServerKind } from './servers.js';

const readySamples = 3;

/** Samples per server, in milliseconds. */
export type Samples = Partial<Record<ServerKind, number[]>>;

export const med = (samples: Samples, kind: ServerKind): number => median(samples[kind] ?? []);

const withId = (text: string, id: string): string => text.replaceAll('[<id>]', id);

/**
 * Start-to-ready (the port's first answer) and start-to-first-answer (the request answered 2xx right after: what a
 * test suite starting the mock feels, the engine's first-use costs included), per server, alternated so the
 * machine's drift spreads over all of them.
 */
export async function readyTimes(
  kinds: readonly ServerKind[],
  specPath: string,
  request: LoadRequest,
  api?: LoadVendor,
): Promise<{ ready: Samples; firstAnswer: Samples }> {
  const ready: Samples = {};
  const firstAnswer: Samples = {};
  for (let i = 0; i < readySamples; i++) {
    for (const kind of kinds) {
      const server = await launch(kind, specPath, api);
      try {
        const asked = performance.now();
        const response = await fetch(`${server.url}${withId(request.path, `first${i}`)}`, {
          method: request.method,
          headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, withId(v, `first${i}`)])),
          ...(request.body !== undefined && { body: withId(request.body, `first${i}`) }),
        });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${SERVER_LABELS[kind]} answered ${response.status} to ${request.path}`);
        (ready[kind] ??= []).push(server.startToReadyMs);
        (firstAnswer[kind] ??= []).push(server.startToReadyMs + performance.now() - asked);
      } finally {
        await server.stop();
      }
    }
  }
  return { ready, firstAnswer };
}
