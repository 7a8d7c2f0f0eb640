import type {} from '../../src/vitest-global-setup.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * A plain HTTP call with a deadline, for what the typed client cannot send (malformed JSON, preflights, no
 * credentials). The deadline is a hang guard, not a timing assertion: without it a Prism regression would stall the run.
 */
export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export function json(answer: Answer): Record<string, unknown> {
  return JSON.parse(answer.text) as Record<string, unknown>;
}
