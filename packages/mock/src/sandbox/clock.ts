/**
 * The sandbox's test clock: real time plus an offset that only grows (`advance`), so that time keeps flowing
 * between calls and a test can jump 31 minutes ahead to expire a session. Times are epoch milliseconds.
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
