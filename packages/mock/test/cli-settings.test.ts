import { describe, expect, it } from 'vitest';
import { readCliSettings as readFor } from '../src/cli/settings.js';
import { defaultMockPort } from '../src/engine/ports.js';
import { toRates, type FaultRates } from '../src/front-door/chaos.js';

// Two made-up APIs: the settings come from the list of APIs, whatever their names.
const APIS = ['alpha', 'beta'];
const readCliSettings = (argv: string[], env: NodeJS.ProcessEnv) => readFor(argv, env, APIS);
const rates = (given: FaultRates) => toRates(given, 'faults');

describe('default ports', () => {
  it("come from the spec's mock server, else 4010 plus the API's place in the list", () => {
    const servers = [
      { url: 'https://api.example.com', 'x-paykit-environment': 'production' },
      { url: 'http://127.0.0.1:4711', 'x-paykit-environment': 'mock' },
    ];
    expect(defaultMockPort({ servers }, 0)).toBe(4711);
    expect(defaultMockPort({ servers: [servers[0]] }, 0)).toBe(4010);
    expect(defaultMockPort({}, 2)).toBe(4012);
  });
});

describe('pnpm mock settings', () => {
  it('leaves ports to the spec, no delay, no faults, watching the spec', () => {
    expect(readCliSettings([], {})).toEqual({
      ports: { alpha: undefined, beta: undefined },
      delay: undefined,
      faults: rates({}),
      retryAfterSeconds: undefined,
      dynamic: false,
      seed: undefined,
      watch: true,
      stateless: false,
      webhooks: { urls: [] },
      redirectOrigin: undefined,
      limits: { sessions: 100_000, idempotencyKeys: 100_000, events: 10_000 },
      allowedOrigins: ['loopback'],
      allowedHosts: [],
      quiet: false,
      maxRequests: 1000,
    });
  });

  it('reads the environment', () => {
    const settings = readCliSettings([], {
      PAYKIT_ALPHA_PORT: '5010',
      PAYKIT_BETA_PORT: '5011',
      PAYKIT_MOCK_DELAY: '200-900',
      PAYKIT_MOCK_FAULTS: '429=0.2,503=0.1,lost=0.05',
      PAYKIT_MOCK_RETRY_AFTER: '3',
      PAYKIT_MOCK_DYNAMIC: '1',
      PAYKIT_MOCK_SEED: '42',
      PAYKIT_MOCK_STATELESS: 'true',
      PAYKIT_MOCK_WEBHOOK_URL: 'http://127.0.0.1:5173/api/webhooks,http://127.0.0.1:9000/in',
      PAYKIT_MOCK_WEBHOOK_SECRET: 'whsec_abc',
      PAYKIT_MOCK_REDIRECT_ORIGIN: 'http://127.0.0.1:3000/',
      PAYKIT_MOCK_MAX_SESSIONS: '2000000',
      PAYKIT_MOCK_MAX_IDEMPOTENCY_KEYS: '50',
      PAYKIT_MOCK_MAX_EVENTS: '1',
      PAYKIT_MOCK_ALLOWED_ORIGINS: 'loopback, https://Dashboard.example.com:8443/,',
      PAYKIT_MOCK_ALLOWED_HOSTS: 'paykit.test,::1',
      PAYKIT_MOCK_MAX_REQUESTS: '20',
    });
    expect(settings).toEqual({
      ports: { alpha: 5010, beta: 5011 },
      delay: { min: 200, max: 900 },
      faults: rates({ 429: 0.2, 503: 0.1, lost: 0.05 }),
      retryAfterSeconds: 3,
      dynamic: true,
      seed: 42,
      watch: true,
      stateless: true,
      webhooks: { urls: ['http://127.0.0.1:5173/api/webhooks', 'http://127.0.0.1:9000/in'], secret: 'whsec_abc' },
      redirectOrigin: 'http://127.0.0.1:3000',
      limits: { sessions: 2_000_000, idempotencyKeys: 50, events: 1 },
      allowedOrigins: ['loopback', 'https://dashboard.example.com:8443'],
      allowedHosts: ['paykit.test', '[::1]'],
      quiet: false,
      maxRequests: 20,
    });
  });

  it('refuses a cap that is not a whole number in range, naming the variable', () => {
    for (const value of ['0', 'lots', '1.5', '10000001']) {
      expect(() => readCliSettings([], { PAYKIT_MOCK_MAX_EVENTS: value })).toThrow(
        'PAYKIT_MOCK_MAX_EVENTS must be a whole number from 1 to 10000000',
      );
    }
  });

  it('stops the line per request with --quiet, and refuses a request log cap out of range by name', () => {
    expect((readCliSettings(['--quiet'], {}) as { quiet: boolean }).quiet).toBe(true);
    expect(() => readCliSettings([], { PAYKIT_MOCK_MAX_REQUESTS: '0' })).toThrow(
      'PAYKIT_MOCK_MAX_REQUESTS must be a whole number from 1 to 100000 (got "0")',
    );
  });

  it('turns the sandbox off with --stateless, and refuses webhooks without a secret by name', () => {
    expect((readCliSettings(['--stateless'], {}) as { stateless: boolean }).stateless).toBe(true);
    expect(() => readCliSettings([], { PAYKIT_MOCK_STATELESS: 'off' })).toThrow(
      'PAYKIT_MOCK_STATELESS must be 1 or true (on), or 0 or false (off), in any case (got "off")',
    );
    expect(() => readCliSettings([], { PAYKIT_MOCK_WEBHOOK_URL: 'http://127.0.0.1:1/in' })).toThrow(
      'PAYKIT_MOCK_WEBHOOK_SECRET is required when PAYKIT_MOCK_WEBHOOK_URL is set',
    );
  });

  it('lets flags win over the environment', () => {
    const settings = readCliSettings(
      ['--alpha-port', '6010', '--delay', '50', '--no-watch', '--redirect-origin', 'http://localhost:5173'],
      { PAYKIT_ALPHA_PORT: '5010', PAYKIT_MOCK_DELAY: '900', PAYKIT_MOCK_REDIRECT_ORIGIN: 'http://127.0.0.1:3000' },
    );
    expect(settings).toMatchObject({
      ports: { alpha: 6010, beta: undefined },
      delay: { min: 50, max: 50 },
      watch: false,
      redirectOrigin: 'http://localhost:5173',
    });
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

  it.each(['yes', 'on', 'no', 'off', '2', 'enabled'])(
    'refuses PAYKIT_MOCK_DYNAMIC=%s rather than read it as off',
    (value) => {
      expect(() => readCliSettings([], { PAYKIT_MOCK_DYNAMIC: value })).toThrow(
        `PAYKIT_MOCK_DYNAMIC must be 1 or true (on), or 0 or false (off), in any case (got "${value}")`,
      );
    },
  );

  it('names the variable or flag and the rule when a value is wrong', () => {
    expect(() => readCliSettings([], { PAYKIT_ALPHA_PORT: 'http' })).toThrow(
      'PAYKIT_ALPHA_PORT must be a whole number from 1 to 65535 (got "http")',
    );
    expect(() => readCliSettings(['--faults', '429=3'], {})).toThrow(
      '--faults[429] must be a rate from 0 to 1 (got 3)',
    );
    expect(() => readCliSettings(['--bogus'], {})).toThrow("Unknown option '--bogus'");
    expect(() => readCliSettings(['--seed', '1e3'], {})).toThrow(
      '--seed must be a whole number from 0 to 4294967295 (got "1e3")',
    );
    expect(() => readCliSettings([], { PAYKIT_MOCK_RETRY_AFTER: '90000' })).toThrow(
      'PAYKIT_MOCK_RETRY_AFTER must be a whole number from 0 to 86400 (got "90000")',
    );
    expect(() => readCliSettings([], { PAYKIT_MOCK_REDIRECT_ORIGIN: 'http://127.0.0.1:3000/settings' })).toThrow(
      'PAYKIT_MOCK_REDIRECT_ORIGIN must be an http:// or https:// origin: a scheme, a host and an optional port, e.g. http://127.0.0.1:3000 (it has a path',
    );
    expect(() => readCliSettings(['--redirect-origin', '127.0.0.1:3000'], {})).toThrow(
      '--redirect-origin must be an http:// or https:// origin',
    );
  });

  it('refuses allowed origins and hosts that break their rule, naming the setting and the entry', () => {
    const originRule =
      'must be loopback (any port of localhost, 127.0.0.0/8 and [::1]) or an http:// or https:// origin (a scheme, a host and an optional port, e.g. http://127.0.0.1:3000)';
    expect(() => readCliSettings([], { PAYKIT_MOCK_ALLOWED_ORIGINS: 'loopback,null' })).toThrow(
      `PAYKIT_MOCK_ALLOWED_ORIGINS: each entry ${originRule}; entry 2 is null, the origin of every sandboxed frame`,
    );
    expect(() => readCliSettings(['--allowed-origins', '*'], {})).toThrow(
      '--allowed-origins: each entry must be loopback',
    );
    expect(() => readCliSettings(['--allowed-origins', '*'], {})).toThrow(
      'entry 1 is *, which would let every web page you visit drive the sandbox',
    );
    expect(() => readCliSettings(['--allowed-origins', 'http://127.0.0.1:3000/app'], {})).toThrow('entry 1 has a path');
    expect(() => readCliSettings(['--allowed-origins', 'ftp://files.example'], {})).toThrow(
      'entry 1: the scheme is ftp',
    );
    expect(() => readCliSettings([], { PAYKIT_MOCK_ALLOWED_HOSTS: 'paykit.test,http://evil.example' })).toThrow(
      'PAYKIT_MOCK_ALLOWED_HOSTS: each entry must be a host name or IP address, without a scheme, port, path or wildcard (e.g. paykit.test); entry 2 is not one',
    );
    for (const bad of ['paykit.test:4010', '*.example', 'a/b', 'user@host'])
      expect(() => readCliSettings(['--allowed-hosts', bad], {})).toThrow('--allowed-hosts: each entry');
  });

  it('reports every wrong flag and variable in one run, each with its name and rule', () => {
    const refusal = (() => {
      try {
        readCliSettings(['--seed', 'x1', '--beta-port', '0'], {
          PAYKIT_ALPHA_PORT: '70000',
          PAYKIT_MOCK_SEED: '7',
          PAYKIT_MOCK_STATELESS: 'maybe',
          PAYKIT_MOCK_MAX_SESSIONS: '0',
          PAYKIT_MOCK_WEBHOOK_URL: 'http://127.0.0.1:1/in',
          PAYKIT_MOCK_ALLOWED_HOSTS: 'a/b',
        });
      } catch (error) {
        return error as Error;
      }
    })();
    expect(refusal?.message.split('\n')).toEqual([
      'PAYKIT_ALPHA_PORT must be a whole number from 1 to 65535 (got "70000")',
      '--beta-port must be a whole number from 1 to 65535 (got "0")',
      '--seed must be a whole number from 0 to 4294967295 (got "x1")',
      'PAYKIT_MOCK_STATELESS must be 1 or true (on), or 0 or false (off), in any case (got "maybe")',
      'PAYKIT_MOCK_WEBHOOK_SECRET is required when PAYKIT_MOCK_WEBHOOK_URL is set: the sandbox signs every event with it',
      'PAYKIT_MOCK_MAX_SESSIONS must be a whole number from 1 to 10000000 (got "0")',
      'PAYKIT_MOCK_ALLOWED_HOSTS: each entry must be a host name or IP address, without a scheme, port, path or wildcard (e.g. paykit.test); entry 1 is not one',
    ]);
  });

  it('names the delay flag or variable and cuts a long wrong value short', () => {
    expect(() => readCliSettings(['--delay', 'soon'], {})).toThrow('--delay');
    expect(() => readCliSettings([], { PAYKIT_MOCK_DELAY: '900-100' })).toThrow('PAYKIT_MOCK_DELAY');
    expect(() => readCliSettings([], { PAYKIT_MOCK_DYNAMIC: `on${'x'.repeat(60)}` })).toThrow(
      `PAYKIT_MOCK_DYNAMIC must be 1 or true (on), or 0 or false (off), in any case (got "on${'x'.repeat(38)}…")`,
    );
  });
});
