import { describe, expect, it } from 'vitest';
import { readCliSettings } from '../src/cli-settings.js';

describe('pnpm mock settings', () => {
  it('defaults to 4010 / 4011, no delay, no faults, watching the spec', () => {
    expect(readCliSettings([], {})).toEqual({
      ports: { connect: 4010, ten99policy: 4011 },
      delay: undefined,
      faults: { 429: 0, 503: 0 },
      retryAfterSeconds: undefined,
      dynamic: false,
      seed: undefined,
      watch: true,
    });
  });

  it('reads the environment', () => {
    const settings = readCliSettings([], {
      PAYKIT_CONNECT_PORT: '5010',
      PAYKIT_TEN99POLICY_PORT: '5011',
      PAYKIT_MOCK_DELAY: '200-900',
      PAYKIT_MOCK_FAULTS: '429=0.2,503=0.1',
      PAYKIT_MOCK_RETRY_AFTER: '3',
      PAYKIT_MOCK_DYNAMIC: '1',
      PAYKIT_MOCK_SEED: '42',
    });
    expect(settings).toEqual({
      ports: { connect: 5010, ten99policy: 5011 },
      delay: { min: 200, max: 900 },
      faults: { 429: 0.2, 503: 0.1 },
      retryAfterSeconds: 3,
      dynamic: true,
      seed: 42,
      watch: true,
    });
  });

  it('lets flags win over the environment', () => {
    const settings = readCliSettings(['--connect-port', '6010', '--delay', '50', '--no-watch'], {
      PAYKIT_CONNECT_PORT: '5010',
      PAYKIT_MOCK_DELAY: '900',
    });
    expect(settings).toMatchObject({ ports: { connect: 6010, ten99policy: 4011 }, delay: { min: 50, max: 50 }, watch: false });
  });

  it.each([
    ['1', true],
    ['true', true],
    ['TRUE', true],
    [' True ', true],
    ['0', false],
    ['false', false],
    ['FALSE', false],
    ['', false],
  ])('reads PAYKIT_MOCK_DYNAMIC=%j as %s', (value, dynamic) => {
    expect(readCliSettings([], { PAYKIT_MOCK_DYNAMIC: value })).toMatchObject({ dynamic });
  });

  it.each(['yes', 'on', 'no', 'off', '2', 'enabled'])('refuses PAYKIT_MOCK_DYNAMIC=%s rather than read it as off', (value) => {
    expect(() => readCliSettings([], { PAYKIT_MOCK_DYNAMIC: value })).toThrow(
      `PAYKIT_MOCK_DYNAMIC must be 1 or true (on), or 0 or false (off), in any case (got "${value}")`,
    );
  });

  it('names the variable or flag and the rule when a value is wrong', () => {
    expect(() => readCliSettings([], { PAYKIT_CONNECT_PORT: 'http' })).toThrow(
      'PAYKIT_CONNECT_PORT must be a whole number from 1 to 65535 (got "http")',
    );
    expect(() => readCliSettings(['--faults', '429=3'], {})).toThrow('--faults[429] must be a rate from 0 to 1 (got 3)');
    expect(() => readCliSettings(['--bogus'], {})).toThrow("Unknown option '--bogus'");
    expect(() => readCliSettings(['--seed', '1e3'], {})).toThrow('--seed must be a whole number from 0 to 4294967295 (got "1e3")');
    expect(() => readCliSettings([], { PAYKIT_MOCK_RETRY_AFTER: '90000' })).toThrow(
      'PAYKIT_MOCK_RETRY_AFTER must be a whole number from 0 to 86400 (got "90000")',
    );
  });
});
