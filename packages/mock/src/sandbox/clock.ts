/**
 * The sandbox's test clock: real time plus an offset that only grows (`advance`), so that time keeps flowing
 * between calls and a test can jump 31 minutes ahead to expire a session. Times are epoch milliseconds. Each
 * account has its own (see accounts.ts).
 */
export class MockClock {
  #offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): number {
    return this.realNow() + this.#offsetMs;
  }

  /** How far ahead of real time the clock runs, in ms. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward: ms must be at least 0');
    this.#offsetMs += ms;
  }

  /**
   * Moves the clock to `ms` (epoch ms). The clock only moves forward: a time before now is refused with a
   * RangeError saying what the clock reads now.
   */
  advanceTo(ms: number): void {
    const now = this.now();
    if (!Number.isFinite(ms) || ms < now) {
      throw new RangeError(
        `the sandbox clock only moves forward: it is ${new Date(now).toISOString()} now, after the time asked for`,
      );
    }
    this.#offsetMs += ms - now;
  }

  /** Puts the offset back where a saved state had it (never below 0). */
  restoreOffset(ms: number): void {
    this.#offsetMs = Math.max(0, ms);
  }

  reset(): void {
    this.#offsetMs = 0;
  }

  toJSON(): { now: string; nowSeconds: number; offsetSeconds: number } {
    const now = this.now();
    return {
      now: new Date(now).toISOString(),
      nowSeconds: Math.floor(now / 1000),
      offsetSeconds: Math.floor(this.#offsetMs / 1000),
    };
  }
}
