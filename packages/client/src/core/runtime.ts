import { PaykitError } from './errors.js';
import { realSleep, type Sleep } from './sleep.js';
import { realTimer, type SetTimer } from './timeouts.js';

/** Sources of time, randomness and ids; tests replace them so that no test waits for a real backoff or timeout. */
export interface RuntimeDeps {
  sleep: Sleep;
  setTimer: SetTimer;
  /** Wall-clock time in ms, to read `Retry-After` dates. */
  now: () => number;
  /** Monotonic time in ms, for attempt deadlines (immune to wall-clock adjustments). */
  monotonic: () => number;
  random: () => number;
  randomUUID: () => string;
}

/**
 * The Web Crypto API, or a PaykitError naming what is missing: browsers expose `crypto.subtle` and
 * `crypto.randomUUID` only in a secure context (https:, or http://localhost).
 */
export function webCrypto(need: 'randomUUID' | 'subtle'): Crypto {
  const crypto = globalThis.crypto as Partial<Crypto> | undefined;
  if (!crypto?.[need]) {
    throw new PaykitError(
      `crypto.${need} is not available: paykit needs the Web Crypto API, which browsers offer only in a secure ` +
        'context (a page served over https: or from localhost)',
    );
  }
  return crypto as Crypto;
}

export const realDeps: RuntimeDeps = {
  sleep: realSleep,
  setTimer: realTimer,
  now: Date.now,
  monotonic: () => performance.now(),
  random: Math.random,
  randomUUID: () => webCrypto('randomUUID').randomUUID(),
};
