import type { Problem } from '../server/views.js';
import { FAULT_HEADER, FORCED_ERROR_HEADER } from '../shared/steering-headers.js';

/** How a developer steers the local mock (dev tools only; the server validates both). */
export interface SteeringChoice {
  /** A forced vendor error's key from /api/config (applies to its own operation only), or empty for none. */
  forcedError?: string;
  /** A fault preset name from /api/config, or empty for none. */
  fault?: string;
}

export class ApiFailure extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/** Calls this app's own server; every failure becomes an ApiFailure carrying readable words only. */
export async function callApi<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  steering: SteeringChoice = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (steering.forcedError) headers[FORCED_ERROR_HEADER] = steering.forcedError;
  if (steering.fault) headers[FAULT_HEADER] = steering.fault;

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiFailure({ message: 'This page could not reach its server. Is the sample app still running?' });
  }
  const payload = (await response.json().catch(() => undefined)) as { error?: Problem } | T | undefined;
  if (!response.ok) {
    const problem = (payload as { error?: Problem } | undefined)?.error;
    throw new ApiFailure(problem ?? { message: `The server answered ${response.status} without an explanation.` });
  }
  return payload as T;
}
