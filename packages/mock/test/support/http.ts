import type {} from '../../src/vitest-global-setup.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Hang guard of every call: not a timing assertion, only so that a Prism regression cannot stall the run. A first
 * request to a Stripe-sized spec converts its path on the spot, which took 11 s with the whole suite on 2 cores.
 */
const HANG_GUARD_MS = 25_000;

/**
 * A plain HTTP call with a deadline, for what the typed client cannot send (malformed JSON, preflights, no
 * credentials).
 */
export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const guard = AbortSignal.timeout(HANG_GUARD_MS);
  const signal = init.signal ? AbortSignal.any([init.signal, guard]) : guard;
  const response = await fetch(url, { ...init, signal });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export function json(answer: Answer): Record<string, unknown> {
  return JSON.parse(answer.text) as Record<string, unknown>;
}

/** A call that is meant to stay unanswered for now (a long delay): whether it has settled, and a way to give up. */
export interface HeldCall {
  /** True once the call was answered or failed. */
  readonly settled: boolean;
  /** Gives up on the call; resolves with how it ended (an AbortError when it was still pending). */
  abort(): Promise<unknown>;
}

export function holdCall(url: string, init: RequestInit = {}): HeldCall {
  const controller = new AbortController();
  let settled = false;
  const ended = call(url, { ...init, signal: controller.signal }).then(
    (answer) => answer,
    (error: unknown) => error,
  );
  void ended.then(() => (settled = true));
  return {
    get settled() {
      return settled;
    },
    abort() {
      controller.abort();
      return ended;
    },
  };
}
