import { describe, expect, it } from 'vitest';
import {
  decide,
  parseDelay,
  parseFaults,
  pickDelay,
  pickFault,
  toRates,
  type Chaos,
  type FaultRates,
  type Rates,
} from '../src/front-door/chaos.js';
import { createRandom } from '../src/front-door/random.js';

const rates = (given: FaultRates): Rates => toRates(given, 'faults');

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
  it('reads none, a bare fault (always) and rates', () => {
    expect(parseFaults('none', 'X')).toEqual(rates({}));
    expect(parseFaults('503', 'X')).toEqual(rates({ 503: 1 }));
    expect(parseFaults('reset', 'X')).toEqual(rates({ reset: 1 }));
    expect(parseFaults('429=0.1, 503=0.05,lost=0.2, 504=0.1', 'X')).toEqual(
      rates({ 429: 0.1, 503: 0.05, lost: 0.2, 504: 0.1 }),
    );
  });

  it('injects at about the configured rates', () => {
    const random = createRandom(11);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const fault = pickFault(rates({ 429: 0.2, 503: 0.1, reset: 0.1 }), random) ?? 'none';
      counts[fault] = (counts[fault] ?? 0) + 1;
    }
    expect((counts['429'] ?? 0) / 10_000).toBeCloseTo(0.2, 1);
    expect((counts['503'] ?? 0) / 10_000).toBeCloseTo(0.1, 1);
    expect((counts['reset'] ?? 0) / 10_000).toBeCloseTo(0.1, 1);
    expect(Object.keys(counts).sort()).toEqual(['429', '503', 'none', 'reset']);
  });

  it('never injects at rate 0 and always at rate 1', () => {
    const random = createRandom(5);
    for (let i = 0; i < 100; i++) {
      expect(pickFault(rates({}), random)).toBeUndefined();
      expect(pickFault(rates({ 429: 1 }), random)).toBe('429');
      expect(pickFault(rates({ lost: 1 }), random)).toBe('lost');
    }
  });

  it('names the setting and the rule when it is wrong', () => {
    expect(() => parseFaults('429=2', 'PAYKIT_MOCK_FAULTS')).toThrow(
      'PAYKIT_MOCK_FAULTS[429] must be a rate from 0 to 1 (got 2)',
    );
    expect(() => parseFaults('418', 'PAYKIT_MOCK_FAULTS')).toThrow(
      'PAYKIT_MOCK_FAULTS must be "none", one of 429, 500, 502, 503, 504, reset, lost, or rates such as "429=0.1,reset=0.05" (got "418")',
    );
    expect(() => parseFaults('503=0.6,reset=0.6', 'PAYKIT_MOCK_FAULTS')).toThrow(
      'PAYKIT_MOCK_FAULTS: the rates must add up to at most 1 (got 1.2)',
    );
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
  const started: Chaos = {
    delay: { min: 700, max: 700 },
    faults: rates({ 429: 1 }),
    retryAfterSeconds: 1,
    random: createRandom(1),
  };

  it('follows the settings the mock started with', () => {
    expect(decide({}, started)).toEqual({
      delayMs: 700,
      fault: '429',
      faultSource: 'the fault rates this mock was started with',
    });
  });

  it('lets the request’s headers override them', () => {
    expect(decide({ 'x-mock-delay': '0', 'x-mock-fault': 'none' }, started)).toMatchObject({
      delayMs: 0,
      fault: undefined,
    });
    expect(decide({ 'x-mock-fault': '503' }, started)).toEqual({
      delayMs: 700,
      fault: '503',
      faultSource: 'the X-Mock-Fault header',
    });
  });
});
