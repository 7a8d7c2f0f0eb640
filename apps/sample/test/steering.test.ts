import { describe, expect, test } from 'vitest';
import { loadConfig } from '../src/server/config.js';
import { faultPresets, forcedErrors } from '../src/server/steering.js';

const timeoutPreset = (env: Record<string, string>) => faultPresets(loadConfig(env)).find((f) => f.name === 'timeout');

describe('the "too slow" vendor behaviour', () => {
  test('delays the mock ten seconds beyond the timeout, so the timeout is certain rather than a race', () => {
    expect(timeoutPreset({ VENDOR_TIMEOUT_MS: '400', VENDOR_MAX_RETRIES: '1' })).toEqual({
      name: 'timeout',
      label: 'too slow (each of 2 attempts outlasts the 0.4 s timeout)',
      headers: { 'x-mock-delay': '10400' },
    });
    expect(timeoutPreset({})?.headers).toEqual({ 'x-mock-delay': '15000' });
  });

  test('is not offered when the timeout is too long for the mock to outlast (its delay limit is 60 s)', () => {
    expect(timeoutPreset({ VENDOR_TIMEOUT_MS: '50000' })?.headers).toEqual({ 'x-mock-delay': '60000' });
    expect(timeoutPreset({ VENDOR_TIMEOUT_MS: '50001' })).toBeUndefined();
  });
});

describe('the "force a vendor error" choices', () => {
  test("are the spec's error examples, one key each, labelled with the vendor and the page's words", () => {
    const choices = forcedErrors();
    expect(new Set(choices.map((c) => c.key)).size).toBe(choices.length);
    expect(choices.every((c) => c.status >= 400)).toBe(true);
    expect(choices).toContainEqual(
      expect.objectContaining({
        key: 'ten99policy.cancelPaymentSession:400/sessionExpired',
        label: '1099Policy cancel session: 400 sessionExpired',
      }),
    );
    expect(choices).toContainEqual(
      expect.objectContaining({
        key: 'connect.getPaymentSession:429/rateLimited',
        label: 'Telness Connect look up: 429 rateLimited',
      }),
    );
  });
});
