import { performance } from 'node:perf_hooks';
import type { LoadRequest } from './load.js';

export interface Touches {
  /** Milliseconds of each request after the first, in order: each the first request its path ever got. */
  firstTouchMs: number[];
  /** The process's very first request (the server's own first-use costs besides the path's). */
  firstRequestMs: number;
  /** Wall time of touching every operation once, one after another. */
  totalMs: number;
  /** Set when the deadline stopped the walk: `totalMs` is then extrapolated from the operations touched. */
  extrapolatedFrom?: number;
}

/**
 * Sends each request once, one after another, as a test suite or a developer clicking through an API does on a
 * freshly started server: every one is the first its path gets. Every answer must be a 2xx. A walk that passes
 * `deadlineMs` stops there and its total is extrapolated (labelled as such), so a slow server cannot stall the run.
 */
export async function touchEach(
  origin: string,
  requests: readonly LoadRequest[],
  deadlineMs: number,
): Promise<Touches> {
  const times: number[] = [];
  const started = performance.now();
  for (const request of requests) {
    const id = `t${times.length}x${Math.random().toString(36).slice(2, 10)}`;
    const at = performance.now();
    const response = await fetch(`${origin}${request.path.replaceAll('[<id>]', id)}`, {
      method: request.method,
      headers: Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, value.replaceAll('[<id>]', id)]),
      ),
      ...(request.body !== undefined && { body: request.body.replaceAll('[<id>]', id) }),
    });
    await response.arrayBuffer();
    times.push(performance.now() - at);
    if (!response.ok) throw new Error(`${request.method} ${request.path} answered ${response.status} on first touch`);
    if (performance.now() - started > deadlineMs) break;
  }
  const elapsed = performance.now() - started;
  const done = times.length;
  return {
    firstRequestMs: times[0] as number,
    firstTouchMs: times.slice(1),
    totalMs: done === requests.length ? elapsed : (elapsed / done) * requests.length,
    ...(done < requests.length && { extrapolatedFrom: done }),
  };
}
