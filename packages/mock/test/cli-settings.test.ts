import { describe, expect, it } from 'vitest';
import { readCliSettings } from '../src/cli-settings.js';

describe('pnpm mock settings', () => {
  it('defaults to 4010 / 4011, no delay, no faults, watching the spec', () => {
    expect(readCliSettings([], {})).toEqual({
      ports: { connect: 4010, ten99policy: 4011 },
      delay: undefined,
      faults: { 429: 0, 503: 0 },
      retryAfterSeconds: 1,
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

  it('names the variable or flag and the rule when a value is wrong', () => {
    expect(() => readCliSettings([], { PAYKIT_CONNECT_PORT: 'http' })).toThrow(
      'PAYKIT_CONNECT_PORT must be a whole number from 1 to 65535 (got "http")',
    );
    expect(() => readCliSettings(['--faults', '429=3'], {})).toThrow('--faults[429] must be a rate from 0 to 1 (got 3)');
    expect(() => readCliSettings(['--bogus'], {})).toThrow("Unknown option '--bogus'");
  });
});
