// Test doubles for time, randomness and ids, so that no test waits for a real backoff or timeout.
import type { RuntimeDeps } from '../core/runtime.js';

export interface TestClock {
  deps: RuntimeDeps;
  /** Every backoff the client asked to sleep, in milliseconds. */
  sleeps: number[];
  /** Lets time run until every pending timer is due, and fires them: as if the attempts' time ran out. */
  expireTimers(): void;
  /** Timers started and neither cancelled nor fired. */
  pendingTimers(): number;
  /** Idempotency keys handed out, in order. */
  keys: string[];
  /** The delay of every timer started, in milliseconds. */
  timerDelays: number[];
}

/** Time stands still (at `now`, default 2026-01-01) except when `expireTimers()` lets it run. */
export function testClock(options: { random?: number; now?: number } = {}): TestClock {
  const sleeps: number[] = [];
  const timers = new Set<{ fire: () => void; at: number }>();
  const keys: string[] = [];
  const timerDelays: number[] = [];
  let elapsed = 0;
  const deps: RuntimeDeps = {
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) throw signal.reason;
    },
    setTimer: (fire, ms) => {
      timerDelays.push(ms);
      const timer = { fire, at: elapsed + ms };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    now: () => (options.now ?? Date.UTC(2026, 0, 1)) + elapsed,
    monotonic: () => elapsed,
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
      for (const timer of due) elapsed = Math.max(elapsed, timer.at);
      for (const timer of due) timer.fire();
    },
    pendingTimers: () => timers.size,
  };
}
