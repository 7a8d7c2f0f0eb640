import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The sample's whole configuration comes from environment variables. Every default points at the local
 * mocks with dummy credentials, so `pnpm dev` works on a fresh clone with no keys at all.
 */

export interface SampleConfig {
  host: string;
  port: number;
  /** Host names this server answers for (the `Host` header): loopback names, SAMPLE_HOST and SAMPLE_ALLOWED_HOSTS. */
  allowedHosts: string[];
  /** Where the app keeps what must survive a restart (the processed webhook events). */
  dataDir: string;
  connect: { baseUrl: string; apiKey: string };
  /**
   * The Stripe.js the page loads for Connect's embedded checkout: the mock's offline stand-in when Connect is a
   * local mock, else Stripe's own (SAMPLE_STRIPE_JS_URL overrides either).
   */
  stripeJsUrl: string;
  ten99policy: { baseUrl: string; apiKey: string; webhookSecret: string };
  vendorTimeoutMs: number;
  vendorMaxRetries: number;
  /** Mock steering (scenario picker, fault toggle) and the webhook simulator. */
  devTools: boolean;
}

/** The app's own folder (src/server/.. in dev, dist/server/.. when built): the default data folder lives in it. */
const appRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Defaults are exported so tests and docs name them instead of repeating the values. */
export const defaults = {
  SAMPLE_HOST: '127.0.0.1',
  SAMPLE_PORT: '3000',
  SAMPLE_ALLOWED_HOSTS: '',
  SAMPLE_DATA_DIR: join(appRoot, 'data'),
  CONNECT_BASE_URL: 'http://127.0.0.1:4010',
  CONNECT_API_KEY: 'connect_dev_key_for_the_local_mock',
  TEN99POLICY_BASE_URL: 'http://127.0.0.1:4011',
  TEN99POLICY_API_KEY: 't9k_test_dev_key_for_the_local_mock',
  TEN99POLICY_WEBHOOK_SECRET: 'whsec_dev_secret_for_the_local_mock',
  VENDOR_TIMEOUT_MS: '5000',
  VENDOR_MAX_RETRIES: '2',
} as const;

export type Env = Record<string, string | undefined>;

/** Thrown at start-up; its message lists every bad variable with the rule it breaks, never a secret value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const loopbackHost = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function isLoopbackUrl(url: string): boolean {
  return loopbackHost.test(new URL(url).hostname);
}

export function loadConfig(env: Env = process.env): SampleConfig {
  const problems: string[] = [];
  const read = (name: keyof typeof defaults): string => {
    const value = env[name];
    return value === undefined || value === '' ? defaults[name] : value;
  };

  const port = integer('SAMPLE_PORT', read('SAMPLE_PORT'), 0, 65535, problems);
  const host = hostname('SAMPLE_HOST', read('SAMPLE_HOST'), problems);
  const extraHosts = hostList('SAMPLE_ALLOWED_HOSTS', read('SAMPLE_ALLOWED_HOSTS'), problems);
  const dataDir = resolve(read('SAMPLE_DATA_DIR'));
  const readBaseUrl = (name: keyof typeof mockPortVariables): string =>
    env[name] ? env[name] : mockUrl(mockPortVariables[name], env[mockPortVariables[name]], defaults[name], problems);
  const connectBaseUrl = baseUrl('CONNECT_BASE_URL', readBaseUrl('CONNECT_BASE_URL'), problems);
  const ten99BaseUrl = baseUrl('TEN99POLICY_BASE_URL', readBaseUrl('TEN99POLICY_BASE_URL'), problems);
  const stripeJsUrl = stripeJs(env['SAMPLE_STRIPE_JS_URL'], connectBaseUrl, problems);
  const connectKey = secret('CONNECT_API_KEY', read('CONNECT_API_KEY'), problems);
  const ten99Key = secret('TEN99POLICY_API_KEY', read('TEN99POLICY_API_KEY'), problems);
  const webhookSecret = secret('TEN99POLICY_WEBHOOK_SECRET', read('TEN99POLICY_WEBHOOK_SECRET'), problems);
  const vendorTimeoutMs = integer('VENDOR_TIMEOUT_MS', read('VENDOR_TIMEOUT_MS'), 100, 120_000, problems);
  const vendorMaxRetries = integer('VENDOR_MAX_RETRIES', read('VENDOR_MAX_RETRIES'), 0, 10, problems);

  const vendorUrls = { CONNECT_BASE_URL: connectBaseUrl, TEN99POLICY_BASE_URL: ten99BaseUrl };
  const devTools = devToolsFlag(env['SAMPLE_DEV_TOOLS'], vendorUrls, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host,
    port,
    allowedHosts: allowedHostNames(host, extraHosts),
    dataDir,
    connect: { baseUrl: connectBaseUrl, apiKey: connectKey },
    stripeJsUrl,
    ten99policy: { baseUrl: ten99BaseUrl, apiKey: ten99Key, webhookSecret },
    vendorTimeoutMs,
    vendorMaxRetries,
    devTools,
  };
}

/**
 * The mock's own port variables (`pnpm mock`, `pnpm dev`: PAYKIT_<API>_PORT). Unless a base URL is set, the app
 * follows them, so moving a mock's port moves the app with it.
 */
export const mockPortVariables = {
  CONNECT_BASE_URL: 'PAYKIT_CONNECT_PORT',
  TEN99POLICY_BASE_URL: 'PAYKIT_TEN99POLICY_PORT',
} as const;

/** The local mock's URL on the port a PAYKIT_<API>_PORT variable gives, else the default base URL. */
function mockUrl(name: string, raw: string | undefined, fallback: string, problems: string[]): string {
  if (raw === undefined || raw === '') return fallback;
  const port = integer(name, raw, 1, 65535, problems);
  return `http://127.0.0.1:${port}`;
}

function integer(name: string, raw: string, min: number, max: number, problems: string[]): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function hostname(name: string, raw: string, problems: string[]): string {
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(raw)) problems.push(`${name} must be a host name or IP address (got "${raw}")`);
  return raw;
}

/** Comma-separated host names (no ports, no schemes), lower-cased as a browser sends them. */
function hostList(name: string, raw: string, problems: string[]): string[] {
  const names = raw
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '');
  const bad = names.filter(
    (n) => !/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$|^\[[0-9a-f:.]+\]$/.test(n),
  );
  if (bad.length > 0) {
    problems.push(
      `${name} must be a comma-separated list of host names or IP addresses, without port or scheme (got "${bad.join('", "')}")`,
    );
  }
  return names;
}

/** Loopback names always; the listening host unless it is a wildcard address (it names no host). */
function allowedHostNames(host: string, extra: string[]): string[] {
  const own = host.toLowerCase();
  const listening = ['0.0.0.0', '::', '[::]'].includes(own)
    ? []
    : [own.includes(':') && !own.startsWith('[') ? `[${own}]` : own];
  return [...new Set(['localhost', '127.0.0.1', '[::1]', ...listening, ...extra])];
}

/** URL values are never echoed: a mistyped one may carry credentials. */
function baseUrl(name: string, raw: string, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${name} must be an absolute URL such as https://api.example.com`);
    return raw;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopbackHost.test(url.hostname))) {
    problems.push(`${name} must use https: (http: is allowed only for localhost, 127.x.x.x or [::1])`);
  } else if (url.username !== '' || url.password !== '') {
    problems.push(`${name} must not contain credentials; put keys in their own variables`);
  } else if (url.search !== '' || url.hash !== '') {
    problems.push(`${name} must not have a query string or fragment`);
  }
  return raw.replace(/\/+$/, '');
}

/** Stripe's own Stripe.js, which the page loads against a real Connect. */
export const STRIPE_JS_URL = 'https://js.stripe.com/v3/';

/**
 * SAMPLE_STRIPE_JS_URL, else the Connect mock's offline stand-in (`/__paykit/stripe.js`) when Connect is a local
 * mock, else Stripe's own. The page's Content-Security-Policy allows exactly this script's origin.
 */
function stripeJs(raw: string | undefined, connectBaseUrl: string, problems: string[]): string {
  const name = 'SAMPLE_STRIPE_JS_URL';
  if (raw === undefined || raw === '') {
    try {
      return isLoopbackUrl(connectBaseUrl) ? `${connectBaseUrl}/__paykit/stripe.js` : STRIPE_JS_URL;
    } catch {
      return STRIPE_JS_URL; // A malformed CONNECT_BASE_URL is reported on its own.
    }
  }
  // The rules of a vendor URL (https unless loopback, no credentials, query or fragment); the path is kept as given.
  baseUrl(name, raw, problems);
  return raw;
}

/** The client's own rule for keys (they go into a header); refused here so start-up names the variable. */
const visibleAscii = /^[\x21-\x7e]+$/;

function secret(name: string, raw: string, problems: string[]): string {
  if (!visibleAscii.test(raw)) {
    problems.push(`${name} must be visible ASCII characters only: no spaces, line breaks or accented letters`);
  }
  return raw;
}

/**
 * Dev tools steer the mock and sign test webhooks with the configured secret, so they are on by default exactly
 * when both vendors are local mocks, and can never be turned on against a real vendor: they would send mock-only
 * headers to it and post "verified" test events signed with the real webhook secret.
 */
function devToolsFlag(raw: string | undefined, vendorUrls: Record<string, string>, problems: string[]): boolean {
  const name = 'SAMPLE_DEV_TOOLS';
  // A malformed vendor URL is reported on its own; whether it is loopback cannot be told.
  const remote = Object.entries(vendorUrls).flatMap(([variable, url]) => {
    try {
      return isLoopbackUrl(url) ? [] : [variable];
    } catch {
      return [];
    }
  });
  const local = remote.length === 0;
  if (raw === undefined || raw === '') return local;
  const value = raw.trim().toLowerCase();
  if (['0', 'false', 'off', 'no'].includes(value)) return false;
  if (!['1', 'true', 'on', 'yes'].includes(value)) {
    problems.push(`${name} must be on or off (got "${raw}")`);
    return false;
  }
  if (remote.length > 0) {
    problems.push(
      `${name}=on is allowed only against the local mocks, but ${remote.join(' and ')} ${remote.length > 1 ? 'are' : 'is'} ` +
        'not loopback (localhost, 127.x.x.x or [::1]); unset it or set it to off',
    );
  }
  return local;
}
