import { describe, expect, it } from 'vitest';
import { decide, parseDelay, parseFaults, pickDelay, pickFault, type Chaos } from '../src/chaos.js';
import { createRandom } from '../src/random.js';

describe('delay settings', () => {
  it('reads a fixed delay and a range', () => {
    expect(parseDelay('300', 'X')).toEqual({ min: 300, max: 300 });
    expect(parseDelay(' 100 - 800 ', 'X')).toEqual({ min: 100, max: 800 });
  });

  it('draws delays inside the range, covering it', () => {
    const random = createRandom(3);
    const drawn = Array.from({ length: 500 }, () => pickDelay({ min: 10, max: 12 }, random));
    expect(new Set(drawn)).toEqual(new Set([10, 11, 12]));
    expect(pickDelay(undefined, random)).toBe(0);
  });

  it('names the setting and the rule when it is wrong', () => {
    expect(() => parseDelay('1.5', 'PAYKIT_MOCK_DELAY')).toThrow(
      'PAYKIT_MOCK_DELAY must be milliseconds as "300" or a range as "100-800" (got "1.5")',
    );
  });
});

describe('fault settings', () => {
  it('reads none, a bare status (always) and rates', () => {
    expect(parseFaults('none', 'X')).toEqual({ 429: 0, 503: 0 });
    expect(parseFaults('503', 'X')).toEqual({ 429: 0, 503: 1 });
    expect(parseFaults('429=0.1, 503=0.05', 'X')).toEqual({ 429: 0.1, 503: 0.05 });
  });

  it('injects at about the configured rates', () => {
    const random = createRandom(11);
    const counts = { 429: 0, 503: 0, none: 0 };
    for (let i = 0; i < 10_000; i++) counts[pickFault({ 429: 0.2, 503: 0.1 }, random) ?? 'none']++;
    expect(counts[429] / 10_000).toBeCloseTo(0.2, 1);
    expect(counts[503] / 10_000).toBeCloseTo(0.1, 1);
  });

  it('never injects at rate 0 and always at rate 1', () => {
    const random = createRandom(5);
    for (let i = 0; i < 100; i++) {
      expect(pickFault({ 429: 0, 503: 0 }, random)).toBeUndefined();
      expect(pickFault({ 429: 1, 503: 0 }, random)).toBe(429);
    }
  });

  it('names the setting and the rule when it is wrong', () => {
    expect(() => parseFaults('429=2', 'PAYKIT_MOCK_FAULTS')).toThrow('PAYKIT_MOCK_FAULTS[429] must be a rate from 0 to 1 (got 2)');
    expect(() => parseFaults('500', 'PAYKIT_MOCK_FAULTS')).toThrow('PAYKIT_MOCK_FAULTS must be "none", "429", "503"');
  });
});

describe('seeded randomness', () => {
  it('repeats for the same seed', () => {
    const a = createRandom(99);
    const b = createRandom(99);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });
});

describe('decide (one request)', () => {
  const started: Chaos = { delay: { min: 700, max: 700 }, faults: { 429: 1, 503: 0 }, retryAfterSeconds: 1, random: createRandom(1) };

  it('follows the settings the mock started with', () => {
    expect(decide({}, started)).toEqual({
      delayMs: 700,
      fault: 429,
      faultSource: 'the fault rates this mock was started with',
    });
  });

  it('lets the request’s headers override them', () => {
    expect(decide({ 'x-mock-delay': '0', 'x-mock-fault': 'none' }, started)).toMatchObject({ delayMs: 0, fault: undefined });
    expect(decide({ 'x-mock-fault': '503' }, started)).toEqual({
      delayMs: 700,
      fault: 503,
      faultSource: 'the X-Mock-Fault header',
    });
  });
});
