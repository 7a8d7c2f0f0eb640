import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLoopbackUrl, isVisibleAscii } from '@paykit/mock/boundary';
import { parseSettings, shown, wholeNumberText } from '@paykit/mock/settings-schema';
import { z } from 'zod';

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

type Env = Record<string, string | undefined>;

/** Thrown at start-up; its message lists every bad variable with the rule it breaks, never a secret value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * The mock's own port variables (`pnpm mock`, `pnpm dev`: PAYKIT_<API>_PORT). Unless a base URL is set, the app
 * follows them, so moving a mock's port moves the app with it.
 */
export const mockPortVariables = {
  CONNECT_BASE_URL: 'PAYKIT_CONNECT_PORT',
  TEN99POLICY_BASE_URL: 'PAYKIT_TEN99POLICY_PORT',
} as const;

/** Stripe's own Stripe.js, which the page loads against a real Connect. */
export const STRIPE_JS_URL = 'https://js.stripe.com/v3/';

const hostName = z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, {
  error: (issue) => `must be a host name or IP address (got ${shown(String(issue.input))})`,
});

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$|^\[[0-9a-f:.]+\]$/;

/** Comma-separated host names (no ports, no schemes), lower-cased as a browser sends them. */
const hostList = z.string().transform((raw, context) => {
  const names = raw
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '');
  const bad = names.filter((n) => !HOST.test(n));
  if (bad.length > 0) {
    context.addIssue({
      code: 'custom',
      message: `must be a comma-separated list of host names or IP addresses, without port or scheme (got "${bad.join('", "')}")`,
    });
  }
  return names;
});

/** A vendor URL: https unless loopback, no credentials, query or fragment. Never echoed: it may carry credentials. */
const vendorUrl = z.string().superRefine((raw, context) => {
  const problem = (message: string) => context.addIssue({ code: 'custom', message });
  if (!URL.canParse(raw)) return problem('must be an absolute URL such as https://api.example.com');
  const url = new URL(raw);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(raw))) {
    problem('must use https: (http: is allowed only for localhost, 127.x.x.x or [::1])');
  } else if (url.username !== '' || url.password !== '') {
    problem('must not contain credentials; put keys in their own variables');
  } else if (url.search !== '' || url.hash !== '') {
    problem('must not have a query string or fragment');
  }
});

/** The client's own rule for keys (they go into a header); refused here so start-up names the variable. */
const secret = z
  .string()
  .refine(isVisibleAscii, 'must be visible ASCII characters only: no spaces, line breaks or accented letters');

const onOff = z.string().transform((raw, context) => {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(value)) return true;
  if (['0', 'false', 'off', 'no'].includes(value)) return false;
  context.addIssue({ code: 'custom', message: `must be on or off (got ${shown(raw)})` });
  return z.NEVER;
});

/** In the order problems are listed. */
const configSchema = z
  .object({
    SAMPLE_PORT: wholeNumberText(0, 65_535),
    SAMPLE_HOST: hostName,
    SAMPLE_ALLOWED_HOSTS: hostList,
    SAMPLE_DATA_DIR: z.string(),
    PAYKIT_CONNECT_PORT: wholeNumberText(1, 65_535).optional(),
    CONNECT_BASE_URL: vendorUrl.optional(),
    PAYKIT_TEN99POLICY_PORT: wholeNumberText(1, 65_535).optional(),
    TEN99POLICY_BASE_URL: vendorUrl.optional(),
    // The rules of a vendor URL; the path is kept as given.
    SAMPLE_STRIPE_JS_URL: vendorUrl.optional(),
    CONNECT_API_KEY: secret,
    TEN99POLICY_API_KEY: secret,
    TEN99POLICY_WEBHOOK_SECRET: secret,
    VENDOR_TIMEOUT_MS: wholeNumberText(100, 120_000),
    VENDOR_MAX_RETRIES: wholeNumberText(0, 10),
    SAMPLE_DEV_TOOLS: onOff.optional(),
  })
  .superRefine((env, context) => {
    if (env.SAMPLE_DEV_TOOLS !== true) return;
    const remote = remoteVendors(env);
    if (remote.length === 0) return;
    context.addIssue({
      code: 'custom',
      path: ['SAMPLE_DEV_TOOLS'],
      message:
        `=on is allowed only against the local mocks, but ${remote.join(' and ')} ${remote.length > 1 ? 'are' : 'is'} ` +
        'not loopback (localhost, 127.x.x.x or [::1]); unset it or set it to off',
    });
  });

type CheckedEnv = z.output<typeof configSchema>;

/** The vendor base URLs: as set, else the local mock on its PAYKIT_<API>_PORT, else the default. */
function vendorUrls(env: CheckedEnv): Record<keyof typeof mockPortVariables, string> {
  const mock = (port: number | undefined, fallback: string) => (port ? `http://127.0.0.1:${port}` : fallback);
  return {
    CONNECT_BASE_URL: env.CONNECT_BASE_URL ?? mock(env.PAYKIT_CONNECT_PORT, defaults.CONNECT_BASE_URL),
    TEN99POLICY_BASE_URL: env.TEN99POLICY_BASE_URL ?? mock(env.PAYKIT_TEN99POLICY_PORT, defaults.TEN99POLICY_BASE_URL),
  };
}

/** The vendor URLs that are not loopback (a malformed one is reported on its own: whether it is cannot be told). */
function remoteVendors(env: CheckedEnv): string[] {
  return Object.entries(vendorUrls(env))
    .filter(([, url]) => URL.canParse(url) && !isLoopbackUrl(url))
    .map(([variable]) => variable);
}

/** The variables as read: an unset or empty one takes its default; a base URL set turns its port variable off. */
function readEnv(env: Env): Record<string, string | undefined> {
  const given = (name: string) => (env[name] === '' ? undefined : env[name]);
  const input: Record<string, string | undefined> = {};
  for (const name of Object.keys(configSchema.shape)) {
    input[name] = given(name) ?? (defaults as Record<string, string>)[name];
  }
  for (const [urlVariable, portVariable] of Object.entries(mockPortVariables)) {
    input[urlVariable] = given(urlVariable);
    if (input[urlVariable] !== undefined) input[portVariable] = undefined;
  }
  return input;
}

export function loadConfig(env: Env = process.env): SampleConfig {
  const checked = parseSettings(configSchema, readEnv(env), (problems) => new ConfigError(problems));
  const urls = vendorUrls(checked);
  const connectBaseUrl = urls.CONNECT_BASE_URL.replace(/\/+$/, '');
  return {
    host: checked.SAMPLE_HOST,
    port: checked.SAMPLE_PORT,
    allowedHosts: allowedHostNames(checked.SAMPLE_HOST, checked.SAMPLE_ALLOWED_HOSTS),
    dataDir: resolve(checked.SAMPLE_DATA_DIR),
    connect: { baseUrl: connectBaseUrl, apiKey: checked.CONNECT_API_KEY },
    stripeJsUrl: stripeJs(checked.SAMPLE_STRIPE_JS_URL, connectBaseUrl),
    ten99policy: {
      baseUrl: urls.TEN99POLICY_BASE_URL.replace(/\/+$/, ''),
      apiKey: checked.TEN99POLICY_API_KEY,
      webhookSecret: checked.TEN99POLICY_WEBHOOK_SECRET,
    },
    vendorTimeoutMs: checked.VENDOR_TIMEOUT_MS,
    vendorMaxRetries: checked.VENDOR_MAX_RETRIES,
    // Dev tools steer the mock and sign test webhooks with the configured secret, so they are on by default
    // exactly when both vendors are local mocks, and can never be turned on against a real vendor: they would
    // send mock-only headers to it and post "verified" test events signed with the real webhook secret.
    devTools: checked.SAMPLE_DEV_TOOLS ?? remoteVendors(checked).length === 0,
  };
}

/** Loopback names always; the listening host unless it is a wildcard address (it names no host). */
function allowedHostNames(host: string, extra: string[]): string[] {
  const own = host.toLowerCase();
  const listening = ['0.0.0.0', '::', '[::]'].includes(own)
    ? []
    : [own.includes(':') && !own.startsWith('[') ? `[${own}]` : own];
  return [...new Set(['localhost', '127.0.0.1', '[::1]', ...listening, ...extra])];
}

/**
 * SAMPLE_STRIPE_JS_URL, else the Connect mock's offline stand-in (`/__paykit/stripe.js`) when Connect is a local
 * mock, else Stripe's own. The page's Content-Security-Policy allows exactly this script's origin.
 */
function stripeJs(given: string | undefined, connectBaseUrl: string): string {
  if (given !== undefined) return given;
  return isLoopbackUrl(connectBaseUrl) ? `${connectBaseUrl}/__paykit/stripe.js` : STRIPE_JS_URL;
}
