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
 * released as soon as the attempt settles and the time source is injectable. The AbortController (costly in Node)
 * is only created when the fetch implementation reads `signal`.
 */
export function startAttempt(
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
  setTimer: SetTimer,
  timeoutReason: () => unknown,
): Attempt {
  let controller: AbortController | undefined;
  let timedOut = false;
  let ended = false;
  let timeoutError: unknown;
  let cancelTimer: (() => void) | undefined;
  const onCallerAbort = () => controller?.abort(callerSignal?.reason);
  const end = () => {
    ended = true;
    cancelTimer?.();
    if (controller) callerSignal?.removeEventListener('abort', onCallerAbort);
  };
  cancelTimer = setTimer(() => {
    timedOut = true;
    timeoutError = timeoutReason();
    controller?.abort(timeoutError);
    end();
  }, timeoutMs);
  return {
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (callerSignal?.aborted) controller.abort(callerSignal.reason);
        else if (timedOut) controller.abort(timeoutError);
        else if (!ended) callerSignal?.addEventListener('abort', onCallerAbort);
      }
      return controller.signal;
    },
    timedOut: () => timedOut && !callerSignal?.aborted,
    end,
  };
}
