import type { Problem } from '../server/views.js';
import { FAULT_HEADER, SCENARIO_HEADER } from '../shared/steering-headers.js';

/** How a developer steers the local mock for one request (dev tools only; the server validates both). */
export interface SteeringChoice {
  /** `<status>/<example name>` from the spec, or empty for the mock's default answer. */
  scenario?: string;
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
  if (steering.scenario) headers[SCENARIO_HEADER] = steering.scenario;
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
