import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ConfigError, defaults, loadConfig } from '../src/server/config.js';
import { WEBHOOK_PATH } from '../src/server/http/request-rules.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration from environment variables', () => {
  test('with nothing set, it talks to the local mocks with dummy keys and turns the dev tools on', () => {
    const config = loadConfig({});
    expect(config.connect.baseUrl).toBe('http://127.0.0.1:4010');
    expect(config.ten99policy.baseUrl).toBe('http://127.0.0.1:4011');
    expect(config.connect.apiKey).toBe(defaults.CONNECT_API_KEY);
    expect(config.ten99policy.webhookSecret).toBe(defaults.TEN99POLICY_WEBHOOK_SECRET);
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.devTools).toBe(true);
  });

  test("the mocks' port variables move the vendor URLs with them, unless a base URL is set", () => {
    const config = loadConfig({ PAYKIT_CONNECT_PORT: '6110', PAYKIT_TEN99POLICY_PORT: '6111' });
    expect(config.connect.baseUrl).toBe('http://127.0.0.1:6110');
    expect(config.ten99policy.baseUrl).toBe('http://127.0.0.1:6111');
    expect(config.devTools).toBe(true);
    const pinned = loadConfig({ PAYKIT_CONNECT_PORT: '6110', CONNECT_BASE_URL: 'http://127.0.0.1:7000' });
    expect(pinned.connect.baseUrl).toBe('http://127.0.0.1:7000');
    expect(problemsOf({ PAYKIT_TEN99POLICY_PORT: '0' })).toEqual([
      'PAYKIT_TEN99POLICY_PORT must be a whole number from 1 to 65535 (got "0")',
    ]);
  });

  test('the hosts served are the loopback names, SAMPLE_HOST (unless it is a wildcard address) and SAMPLE_ALLOWED_HOSTS', () => {
    expect(loadConfig({}).allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(loadConfig({ SAMPLE_HOST: '0.0.0.0' }).allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(
      loadConfig({ SAMPLE_HOST: 'Billing.Internal', SAMPLE_ALLOWED_HOSTS: 'pay.example.com,10.0.0.7' }).allowedHosts,
    ).toEqual(['localhost', '127.0.0.1', '[::1]', 'billing.internal', 'pay.example.com', '10.0.0.7']);
    expect(loadConfig({ SAMPLE_HOST: '::1' }).allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
  });

  test('dev tools are off when a vendor is not a local mock, and can be turned off against the mocks', () => {
    expect(loadConfig({ TEN99POLICY_BASE_URL: 'https://api.1099policy.com' }).devTools).toBe(false);
    expect(loadConfig({ CONNECT_BASE_URL: 'https://apiv2.example.com', SAMPLE_DEV_TOOLS: 'off' }).devTools).toBe(false);
    expect(loadConfig({ SAMPLE_DEV_TOOLS: 'off' }).devTools).toBe(false);
    expect(loadConfig({ SAMPLE_DEV_TOOLS: 'on' }).devTools).toBe(true);
  });

  test("SAMPLE_STRIPE_JS_URL: the Connect mock's stand-in when Connect is local, Stripe's own otherwise, or as set", () => {
    expect(loadConfig({}).stripeJsUrl).toBe('http://127.0.0.1:4010/__paykit/stripe.js');
    expect(loadConfig({ PAYKIT_CONNECT_PORT: '6110' }).stripeJsUrl).toBe('http://127.0.0.1:6110/__paykit/stripe.js');
    expect(loadConfig({ CONNECT_BASE_URL: 'https://apiv2.example.com' }).stripeJsUrl).toBe('https://js.stripe.com/v3/');
    expect(loadConfig({ SAMPLE_STRIPE_JS_URL: 'https://js.stripe.com/v3/' }).stripeJsUrl).toBe(
      'https://js.stripe.com/v3/',
    );
    expect(problemsOf({ SAMPLE_STRIPE_JS_URL: 'http://cdn.example.com/stripe.js' })).toEqual([
      'SAMPLE_STRIPE_JS_URL must use https: (http: is allowed only for localhost, 127.x.x.x or [::1])',
    ]);
  });

  test('SAMPLE_DEV_TOOLS=on against a real vendor stops the start-up, naming every vendor URL that is not loopback', () => {
    expect(problemsOf({ TEN99POLICY_BASE_URL: 'https://api.1099policy.com', SAMPLE_DEV_TOOLS: 'on' })).toEqual([
      'SAMPLE_DEV_TOOLS=on is allowed only against the local mocks, but TEN99POLICY_BASE_URL is not loopback ' +
        '(localhost, 127.x.x.x or [::1]); unset it or set it to off',
    ]);
    expect(
      problemsOf({
        CONNECT_BASE_URL: 'https://apiv2.example.com',
        TEN99POLICY_BASE_URL: 'https://api.1099policy.com',
        SAMPLE_DEV_TOOLS: 'true',
      }),
    ).toEqual([
      'SAMPLE_DEV_TOOLS=on is allowed only against the local mocks, but CONNECT_BASE_URL and TEN99POLICY_BASE_URL ' +
        'are not loopback (localhost, 127.x.x.x or [::1]); unset it or set it to off',
    ]);
  });

  test.each([
    [{ SAMPLE_PORT: 'eighty' }, 'SAMPLE_PORT must be a whole number from 0 to 65535 (got "eighty")'],
    [{ SAMPLE_PORT: '70000' }, 'SAMPLE_PORT must be a whole number from 0 to 65535 (got "70000")'],
    [{ SAMPLE_HOST: 'not a host' }, 'SAMPLE_HOST must be a host name or IP address'],
    [
      { SAMPLE_ALLOWED_HOSTS: 'billing.example.com, https://admin.example.com, app.example.com:8443' },
      'SAMPLE_ALLOWED_HOSTS must be a comma-separated list of host names or IP addresses, without port or scheme ' +
        '(got "https://admin.example.com", "app.example.com:8443")',
    ],
    [
      { CONNECT_BASE_URL: '127.0.0.1:4010' },
      'CONNECT_BASE_URL must be an absolute URL such as https://api.example.com',
    ],
    [{ CONNECT_BASE_URL: 'http://api.example.com' }, 'CONNECT_BASE_URL must use https:'],
    [{ TEN99POLICY_BASE_URL: 'https://api.1099policy.com/?x=1' }, 'TEN99POLICY_BASE_URL must not have a query string'],
    [{ VENDOR_TIMEOUT_MS: '0' }, 'VENDOR_TIMEOUT_MS must be a whole number from 100 to 120000 (got "0")'],
    [{ VENDOR_MAX_RETRIES: '-1' }, 'VENDOR_MAX_RETRIES must be a whole number from 0 to 10 (got "-1")'],
    [{ SAMPLE_DEV_TOOLS: 'maybe' }, 'SAMPLE_DEV_TOOLS must be on or off (got "maybe")'],
    [{ TEN99POLICY_API_KEY: 't9k test' }, 'TEN99POLICY_API_KEY must be visible ASCII characters only: no spaces'],
    [
      { CONNECT_API_KEY: 'clé_live_123' },
      'CONNECT_API_KEY must be visible ASCII characters only: no spaces, line breaks or accented letters',
    ],
    [
      { TEN99POLICY_WEBHOOK_SECRET: 'whsec_\u00a0x' },
      'TEN99POLICY_WEBHOOK_SECRET must be visible ASCII characters only',
    ],
  ])('a malformed value is refused, naming the variable and the rule: %j', (env, expected) => {
    expect(problemsOf(env).join('\n')).toContain(expected);
  });

  test('http is allowed only for a vendor URL whose host is loopback, not one that only starts or ends like it', () => {
    expect(loadConfig({ CONNECT_BASE_URL: 'http://LOCALHOST:6110/' }).connect.baseUrl).toBe('http://LOCALHOST:6110');
    expect(loadConfig({ TEN99POLICY_BASE_URL: 'http://127.0.0.1.:6111' }).devTools).toBe(true);
    for (const url of ['http://127.0.0.1.evil.com:4010', 'http://localhost.evil.com', 'http://localhost@evil.com/']) {
      expect(problemsOf({ CONNECT_BASE_URL: url })).toEqual([
        'CONNECT_BASE_URL must use https: (http: is allowed only for localhost, 127.x.x.x or [::1])',
      ]);
    }
    expect(loadConfig({ CONNECT_BASE_URL: 'https://127.0.0.1.evil.com' }).devTools).toBe(false);
  });

  test("a mock's port variable is not read, nor checked, once its base URL is set", () => {
    expect(loadConfig({ CONNECT_BASE_URL: 'https://api.example.com', PAYKIT_CONNECT_PORT: 'x' }).connect.baseUrl).toBe(
      'https://api.example.com',
    );
  });

  test('every problem is reported at once, and neither secrets nor URLs with credentials are echoed', () => {
    const problems = problemsOf({
      SAMPLE_PORT: 'x',
      CONNECT_BASE_URL: 'https://user:hunter2@api.example.com',
      TEN99POLICY_WEBHOOK_SECRET: 'whsec_with space',
    });
    expect(problems).toEqual([
      'SAMPLE_PORT must be a whole number from 0 to 65535 (got "x")',
      'CONNECT_BASE_URL must not contain credentials; put keys in their own variables',
      'TEN99POLICY_WEBHOOK_SECRET must be visible ASCII characters only: no spaces, line breaks or accented letters',
    ]);
    const message = new ConfigError(problems).message;
    expect(message).toContain('CONNECT_BASE_URL must not contain credentials');
    expect(message).toContain('TEN99POLICY_WEBHOOK_SECRET must be visible ASCII characters only');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('whsec_with');
  });
});

/** The environment `pnpm dev` (scripts/dev.sh) hands the mock and the app: its scripts/dev-env.sh, run by sh. */
function devScriptEnv(given: Record<string, string>): Record<string, string> {
  const printed = execFileSync('sh', ['-c', '. scripts/dev-env.sh && env'], {
    cwd: fileURLToPath(new URL('../../../', import.meta.url)),
    env: { PATH: process.env['PATH'] ?? '', ...given },
    encoding: 'utf8',
  });
  return Object.fromEntries(
    printed
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('pnpm dev', () => {
  test("wires the 1099Policy sandbox's webhooks to this app's endpoint, signed with this app's default secret", () => {
    const env = devScriptEnv({});
    expect(env['PAYKIT_MOCK_WEBHOOK_URL']).toBe(`http://127.0.0.1:${defaults.SAMPLE_PORT}${WEBHOOK_PATH}`);
    expect(env['PAYKIT_MOCK_WEBHOOK_SECRET']).toBe(defaults.TEN99POLICY_WEBHOOK_SECRET);
    expect(devScriptEnv({ SAMPLE_PORT: '4321' })['PAYKIT_MOCK_WEBHOOK_URL']).toBe(
      `http://127.0.0.1:4321${WEBHOOK_PATH}`,
    );
    expect(devScriptEnv({ TEN99POLICY_WEBHOOK_SECRET: 'whsec_mine' })['PAYKIT_MOCK_WEBHOOK_SECRET']).toBe('whsec_mine');
  });

  test("sends the browser back from the sandbox's hosted pages to this app, not to the https return URL's host", () => {
    // This app's own address: the page's https return URL comes back here, path and query kept.
    expect(devScriptEnv({})['PAYKIT_MOCK_REDIRECT_ORIGIN']).toBe(
      `http://${defaults.SAMPLE_HOST}:${defaults.SAMPLE_PORT}`,
    );
    expect(devScriptEnv({ SAMPLE_PORT: '4321' })['PAYKIT_MOCK_REDIRECT_ORIGIN']).toBe(
      `http://${defaults.SAMPLE_HOST}:4321`,
    );
    // A value of the developer's own wins (e.g. the app behind another port or a tunnel).
    expect(devScriptEnv({ PAYKIT_MOCK_REDIRECT_ORIGIN: 'http://localhost:8080' })['PAYKIT_MOCK_REDIRECT_ORIGIN']).toBe(
      'http://localhost:8080',
    );
  });
});
