import type { ServerResponse } from 'node:http';
import type { PrismProblem } from './prism.js';

// The answers the mock writes itself (refusals, problems, the control API's JSON), built and written one way.

/** What the engine answers; the front door writes it (or, for a `lost` fault, cuts the connection instead). */
export interface EngineAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | undefined;
  /** Why the mock refused or failed the request, in its own words, for the request log (never sent). */
  reason?: string;
}

export function problemAnswer(
  problem: Pick<PrismProblem, 'type' | 'title' | 'status' | 'detail'> & { headers?: Record<string, string> },
): EngineAnswer {
  const { type, title, status, detail } = problem;
  return {
    status,
    headers: { ...problem.headers, 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type, title, status, detail }),
    // The title, not the detail: a detail may quote a short part of what was sent.
    reason: title,
  };
}

export function jsonAnswer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  mediaType = 'application/json',
): EngineAnswer {
  return {
    status,
    headers: { 'content-type': mediaType, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}

/** A problem document of the plain kind (`about:blank`): the mock's own refusals and failures. */
export function plainProblem(
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): EngineAnswer {
  return problemAnswer({ type: 'about:blank', title, status, detail, headers });
}

const reasons = new WeakMap<ServerResponse, string>();

/** The reason of the answer written to `res`, if it was a refusal (read by the request log). */
export const answerReason = (res: ServerResponse): string | undefined => reasons.get(res);

/** Writes an answer with its length (nothing, once the connection is gone). */
export function writeAnswer(res: ServerResponse, answer: EngineAnswer): void {
  if (res.destroyed) return;
  if (answer.reason !== undefined) reasons.set(res, answer.reason);
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-length': answer.body === undefined ? 0 : Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}
