/** Starts a timer and returns the function that cancels it. Injectable so tests control time. */
export type SetTimer = (callback: () => void, ms: number) => () => void;

export const realTimer: SetTimer = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  // A pending attempt timer alone must not keep a Node process alive; the request's socket does that.
  (timer as { unref?: () => void }).unref?.();
  return () => clearTimeout(timer);
};

export interface Attempt {
  /** Aborts when the caller's signal aborts or the attempt's time runs out, whichever comes first. */
  readonly signal: AbortSignal;
  /** True when the attempt's own time ran out (and the caller had not aborted). */
  timedOut(): boolean;
  /** Stops the timer and detaches from the caller's signal. Safe to call more than once. */
  end(): void;
}

/**
 * One attempt's signal: the caller's signal combined with a per-attempt timeout, which aborts the signal with
 * `timeoutReason()`. Built by hand rather than with AbortSignal.any/timeout so that the listener and the timer are
 * released as soon as the attempt settles and the time source is injectable.
 */
export function startAttempt(
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
  setTimer: SetTimer,
  timeoutReason: () => unknown,
): Attempt {
  return new TimedAttempt(callerSignal, timeoutMs, setTimer, timeoutReason);
}

// A class rather than an object literal: an accessor on the prototype is far cheaper to create per call.
class TimedAttempt implements Attempt {
  #controller: AbortController | undefined;
  #timedOut = false;
  #ended = false;
  #timeoutError: unknown;
  readonly #callerSignal: AbortSignal | undefined;
  #cancelTimer: (() => void) | undefined;
  readonly #onCallerAbort = () => this.#controller?.abort(this.#callerSignal?.reason);

  constructor(
    callerSignal: AbortSignal | undefined,
    timeoutMs: number,
    setTimer: SetTimer,
    timeoutReason: () => unknown,
  ) {
    this.#callerSignal = callerSignal;
    this.#cancelTimer = setTimer(() => {
      this.#timedOut = true;
      this.#timeoutError = timeoutReason();
      this.#controller?.abort(this.#timeoutError);
      this.end();
    }, timeoutMs);
  }

  // The AbortSignal is created on first read (creating one costs microseconds in Node), so a fetch that never
  // looks at it never pays for it.
  get signal(): AbortSignal {
    if (!this.#controller) {
      const controller = new AbortController();
      this.#controller = controller;
      if (this.#callerSignal?.aborted) controller.abort(this.#callerSignal.reason);
      else if (this.#timedOut) controller.abort(this.#timeoutError);
      else if (!this.#ended) this.#callerSignal?.addEventListener('abort', this.#onCallerAbort);
    }
    return this.#controller.signal;
  }

  timedOut(): boolean {
    return this.#timedOut && !this.#callerSignal?.aborted;
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#cancelTimer?.();
    if (this.#controller) this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }
}
