// Test doubles for time, randomness and ids, so that no test waits for a real backoff or timeout.
import type { RuntimeDeps } from '../core/transport.js';

export interface TestClock {
  deps: RuntimeDeps;
  /** Every backoff the client asked to sleep, in milliseconds. */
  sleeps: number[];
  /** Fires every pending attempt timer, as if its time ran out. */
  expireTimers(): void;
  /** Attempt timers started and not yet cancelled or fired. */
  pendingTimers(): number;
  /** Idempotency keys handed out, in order. */
  keys: string[];
  /** The time limit of every attempt timer started, in milliseconds. */
  timerDelays: number[];
}

export function testClock(options: { random?: number; now?: number } = {}): TestClock {
  const sleeps: number[] = [];
  const timers = new Set<() => void>();
  const keys: string[] = [];
  const timerDelays: number[] = [];
  const deps: RuntimeDeps = {
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) throw signal.reason;
    },
    setTimer: (callback, ms) => {
      timerDelays.push(ms);
      timers.add(callback);
      return () => timers.delete(callback);
    },
    now: () => options.now ?? Date.UTC(2026, 0, 1),
    random: () => options.random ?? 0.5,
    randomUUID: () => {
      const key = `00000000-0000-4000-8000-${String(keys.length + 1).padStart(12, '0')}`;
      keys.push(key);
      return key;
    },
  };
  return {
    deps,
    sleeps,
    keys,
    timerDelays,
    expireTimers() {
      const due = [...timers];
      timers.clear();
      for (const fire of due) fire();
    },
    pendingTimers: () => timers.size,
  };
}
