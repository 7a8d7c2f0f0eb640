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

export const realDeps: RuntimeDeps = {
  sleep: realSleep,
  setTimer: realTimer,
  now: Date.now,
  monotonic: () => performance.now(),
  random: Math.random,
  randomUUID: () => crypto.randomUUID(),
};
