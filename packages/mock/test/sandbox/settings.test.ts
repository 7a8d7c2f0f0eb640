import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/sandbox.js';
import { readCliSettings } from '../../src/cli/settings.js';
import { SandboxSettingError } from '../../src/sandbox/settings.js';

/** The webhook settings `pnpm mock` reads from the environment (no API: no port flags). */
const webhookSettingsFromEnv = (env: NodeJS.ProcessEnv) => {
  const settings = readCliSettings([], env, []);
  return settings === 'help' ? undefined : settings.webhooks;
};

describe('sandbox webhook settings', () => {
  it('reads one or more comma-separated receivers and the secret from the environment', () => {
    expect(
      webhookSettingsFromEnv({
        PAYKIT_MOCK_WEBHOOK_URL: 'http://127.0.0.1:5173/hooks, https://hooks.example.com/in',
        PAYKIT_MOCK_WEBHOOK_SECRET: 'whsec_x',
      }),
    ).toEqual({ urls: ['http://127.0.0.1:5173/hooks', 'https://hooks.example.com/in'], secret: 'whsec_x' });
    expect(webhookSettingsFromEnv({})).toEqual({ urls: [] });
  });

  it('refuses a receiver without a secret, naming both variables, and never prints the secret', () => {
    expect(() => webhookSettingsFromEnv({ PAYKIT_MOCK_WEBHOOK_URL: 'http://127.0.0.1:1/h' })).toThrow(
      new RangeError(
        'PAYKIT_MOCK_WEBHOOK_SECRET is required when PAYKIT_MOCK_WEBHOOK_URL is set: the sandbox signs every event with it',
      ),
    );
    const refusal = (() => {
      try {
        webhookSettingsFromEnv({
          PAYKIT_MOCK_WEBHOOK_URL: 'ftp://x',
          PAYKIT_MOCK_WEBHOOK_SECRET: 'whsec_do_not_print',
        });
      } catch (error) {
        return error as Error;
      }
    })();
    expect(refusal?.message).toBe('PAYKIT_MOCK_WEBHOOK_URL: each receiver must be an absolute http:// or https:// URL');
  });

  it('refuses a receiver URL with a user name or password, naming the variable and never quoting the password', () => {
    const refuse = () =>
      webhookSettingsFromEnv({
        PAYKIT_MOCK_WEBHOOK_URL: 'http://hooks:pw_do_not_print@127.0.0.1:5173/hooks',
        PAYKIT_MOCK_WEBHOOK_SECRET: 'whsec_x',
      });
    expect(refuse).toThrow(
      new RangeError(
        'PAYKIT_MOCK_WEBHOOK_URL: a receiver URL must not carry a user name or password (a token in its query works)',
      ),
    );
    expect(() =>
      createSandbox('ten99policy', { webhooks: { urls: ['https://u:p@hooks.example.com/'], secret: 's' } }),
    ).toThrow('sandbox.webhooks.urls: a receiver URL must not carry a user name or password');
  });

  it('refuses bad retry settings by name', () => {
    expect(() => createSandbox('ten99policy', { webhooks: { urls: [], attempts: 0 } })).toThrow(
      'sandbox.webhooks.attempts must be a whole number from 1 to 100',
    );
    expect(() => createSandbox('ten99policy', { webhooks: { urls: [], maxBackoffMs: 1.5 } })).toThrow(
      'sandbox.webhooks.maxBackoffMs must be a whole number from 0 to 86400000',
    );
    expect(() => createSandbox('ten99policy', { webhooks: { urls: [], backoffMs: 5000, maxBackoffMs: 1000 } })).toThrow(
      'sandbox.webhooks.maxBackoffMs (1000) must be at least sandbox.webhooks.backoffMs (5000): it caps the growing wait between attempts',
    );
  });

  it('refuses a bad expiry job interval by name', () => {
    expect(() => createSandbox('connect', { expiryIntervalMs: 0 })).toThrow(
      new SandboxSettingError('sandbox.expiryIntervalMs must be a whole number from 10 to 3600000 (got 0)'),
    );
  });

  it('refuses bad caps by name', () => {
    expect(() => createSandbox('connect', { limits: { sessions: 0 } })).toThrow(
      new SandboxSettingError('sandbox.limits.sessions must be a whole number from 1 to 10000000 (got 0)'),
    );
    expect(() => createSandbox('connect', { limits: { events: 2.5 } })).toThrow(
      'sandbox.limits.events must be a whole number from 1 to 10000000',
    );
  });

  it('reports every wrong option in one run, each named as startMock spells it', () => {
    expect(() =>
      createSandbox('ten99policy', {
        webhooks: { urls: ['ftp://x', 'https://u:p_do_not_print@hooks.example.com/'], attempts: 101, timeoutMs: 0 },
        expiryIntervalMs: 5.5,
        limits: { sessions: 0, events: 10_000_001 },
        redirectOrigin: 'http://127.0.0.1:3000/app',
      }),
    ).toThrow(
      new SandboxSettingError(
        [
          'sandbox.webhooks.urls: each receiver must be an absolute http:// or https:// URL',
          'sandbox.webhooks.urls: a receiver URL must not carry a user name or password (a token in its query works)',
          'sandbox.webhooks.attempts must be a whole number from 1 to 100 (got 101)',
          'sandbox.webhooks.timeoutMs must be a whole number from 1 to 600000 (got 0)',
          'sandbox.webhooks.secret is required when sandbox.webhooks.urls is set: the sandbox signs every event with it',
          'sandbox.expiryIntervalMs must be a whole number from 10 to 3600000 (got 5.5)',
          "sandbox.redirectOrigin must be an http:// or https:// origin: a scheme, a host and an optional port, e.g. http://127.0.0.1:3000 (it has a path: the return URL's own path and query are kept)",
          'sandbox.limits.sessions must be a whole number from 1 to 10000000 (got 0)',
          'sandbox.limits.events must be a whole number from 1 to 10000000 (got 10000001)',
        ].join('\n'),
      ),
    );
  });

  it('refuses an option of the wrong type by name, with the same rule', () => {
    expect(() => createSandbox('connect', { limits: { sessions: '5' as unknown as number } })).toThrow(
      new SandboxSettingError('sandbox.limits.sessions must be a whole number from 1 to 10000000 (got "5")'),
    );
  });

  it('names an option of the wrong shape and the shape it takes', () => {
    const webhooks = { urls: 'https://hooks.example.com/in', secret: 7 } as unknown as { urls: string[] };
    expect(() => createSandbox('ten99policy', { webhooks })).toThrow(
      new SandboxSettingError(
        ['sandbox.webhooks.urls must be an array', 'sandbox.webhooks.secret must be a string'].join('\n'),
      ),
    );
  });

  it('has no sandbox for an API without a vendor table (Prism alone serves it)', () => {
    expect(createSandbox('someOtherApi')).toBeUndefined();
  });
});
