import { parseArgs } from 'node:util';
import { checkAllowedHosts, checkAllowedOrigins, LOOPBACK } from '../front-door/boundary.js';
import { parseDelay, parseFaults, type DelayRange, type Rates } from '../front-door/chaos.js';
import { checkLimits, checkRedirectOrigin, type SandboxLimits, webhookSettingsFromEnv } from '../sandbox/settings.js';
import type { WebhookSettings } from '../sandbox/webhooks.js';
import { REQUEST_LOG_DEFAULT, REQUEST_LOG_MAX } from '../request-log/request-log.js';

/** Environment variables read by `pnpm mock` (flags of the same meaning win over them). */
export const ENV = {
  delay: 'PAYKIT_MOCK_DELAY',
  faults: 'PAYKIT_MOCK_FAULTS',
  retryAfter: 'PAYKIT_MOCK_RETRY_AFTER',
  dynamic: 'PAYKIT_MOCK_DYNAMIC',
  seed: 'PAYKIT_MOCK_SEED',
  stateless: 'PAYKIT_MOCK_STATELESS',
  webhookUrl: 'PAYKIT_MOCK_WEBHOOK_URL',
  webhookSecret: 'PAYKIT_MOCK_WEBHOOK_SECRET',
  redirectOrigin: 'PAYKIT_MOCK_REDIRECT_ORIGIN',
  maxSessions: 'PAYKIT_MOCK_MAX_SESSIONS',
  maxIdempotencyKeys: 'PAYKIT_MOCK_MAX_IDEMPOTENCY_KEYS',
  maxEvents: 'PAYKIT_MOCK_MAX_EVENTS',
  maxRequests: 'PAYKIT_MOCK_MAX_REQUESTS',
  allowedOrigins: 'PAYKIT_MOCK_ALLOWED_ORIGINS',
  allowedHosts: 'PAYKIT_MOCK_ALLOWED_HOSTS',
} as const;

/** The port variable of an API: `PAYKIT_<API>_PORT`. */
export const portVariable = (api: string): string => `PAYKIT_${api.toUpperCase()}_PORT`;

export interface CliSettings {
  /** Ports given by flag or variable; the others default to the spec's mock server (see `defaultMockPort`). */
  ports: Record<string, number | undefined>;
  delay: DelayRange | undefined;
  faults: Rates;
  /** Undefined: injected faults keep the spec's `Retry-After`. */
  retryAfterSeconds: number | undefined;
  dynamic: boolean;
  seed: number | undefined;
  watch: boolean;
  /** Examples only: no sandbox (state, hosted pages, webhooks, control API). */
  stateless: boolean;
  /** The sandbox's webhook receivers and signing secret. */
  webhooks: WebhookSettings;
  /** Where the hosted pages send the browser instead of the return URL's origin (undefined: the return URL's own). */
  redirectOrigin: string | undefined;
  /** How many sessions, idempotency keys and webhook events each sandbox keeps. */
  limits: Required<SandboxLimits>;
  /** Origins whose pages may call the mocks from a browser (`loopback`: any port of a loopback name). */
  allowedOrigins: string[];
  /** Names the mocks answer to beyond the loopback ones. */
  allowedHosts: string[];
  /** No line per request (the request log and the dashboard still keep them). */
  quiet: boolean;
  /** How many requests each mock's request log keeps. */
  maxRequests: number;
}

export function usage(apis: readonly string[]): string {
  const portLines = apis.map(
    (api) =>
      `  --${`${api}-port <port>`.padEnd(25)}${api} mock port (env ${portVariable(api)}; default: its spec's mock server)`,
  );
  return `Usage: paykit-mock [options]   (pnpm mock / pnpm dev from the repo root)

${portLines.join('\n')}
  --delay <ms|min-max>       delay every answer, e.g. 300 or 200-1500 (env ${ENV.delay})
  --faults <rates>           inject faults: 429, 500, 502, 503, 504, reset, lost, e.g. 503=0.1,reset=0.02 (env ${ENV.faults})
  --retry-after <seconds>    Retry-After of injected faults (env ${ENV.retryAfter}; default: the spec's)
  --dynamic                  generate bodies from schemas instead of examples (env ${ENV.dynamic}=1|true|0|false)
  --seed <n>                 make dynamic bodies, delays and faults repeatable (env ${ENV.seed})
  --stateless                serve the spec's examples only: no sandbox state, hosted pages, webhooks or
                             control API (env ${ENV.stateless}=1|true|0|false)
  --no-watch                 do not reload when a spec file changes
  --quiet                    no line per request (the dashboard at /__paykit/ still shows them)
  --redirect-origin <origin> hosted pages send the browser to this origin (e.g. http://127.0.0.1:3000) instead of
                             the return URL's, keeping its path and query (env ${ENV.redirectOrigin})
  --allowed-origins <list>   origins whose pages may call the mocks from a browser and use /__paykit/,
                             comma-separated: ${LOOPBACK} (any port of localhost, 127.0.0.0/8, [::1]) and/or
                             http(s) origins (env ${ENV.allowedOrigins}; default ${LOOPBACK}; the redirect
                             origin is always allowed)
  --allowed-hosts <list>     host names the mocks answer to beyond the loopback ones, comma-separated
                             (env ${ENV.allowedHosts}; any other Host header gets 421)

Sandbox webhooks and caps (environment only):
  ${ENV.webhookUrl}    receivers of the signed webhook events, comma-separated
  ${ENV.webhookSecret} their signing secret (whsec_…); required with a receiver
  ${ENV.maxSessions} / ${ENV.maxIdempotencyKeys} / ${ENV.maxEvents}
                             how many sessions (100000), keys (100000), events (10000) each sandbox keeps
  ${ENV.maxRequests}  how many requests each mock's request log keeps (${REQUEST_LOG_DEFAULT})
  --help                     show this help`;
}

/** A comma-separated list; empty items (a trailing comma) are dropped. */
const list = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Reads a whole number written as text (a flag or an environment variable): digits only. */
export function parseWholeNumber(text: string, name: string, min: number, max: number): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (value >= min && value <= max) return value;
  throw new RangeError(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(text)})`);
}

/** A variable holding a whole number, read as one (the range is the caller's to check); undefined when unset. */
function wholeNumberFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** An on/off variable: `1`/`true` or `0`/`false` (any case); anything else is refused rather than read as off. */
function parseSwitch(text: string, name: string): boolean {
  const value = text.trim().toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  throw new RangeError(`${name} must be 1 or true (on), or 0 or false (off), in any case (got ${shown})`);
}

/** Reads the settings from flags and environment; throws an error naming the flag or variable that is wrong. */
export function readCliSettings(argv: string[], env: NodeJS.ProcessEnv, apis: readonly string[]): CliSettings | 'help' {
  const portFlags = Object.fromEntries(apis.map((api) => [`${api}-port`, { type: 'string' as const }]));
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...portFlags,
      delay: { type: 'string' },
      faults: { type: 'string' },
      'retry-after': { type: 'string' },
      dynamic: { type: 'boolean' },
      seed: { type: 'string' },
      'no-watch': { type: 'boolean' },
      quiet: { type: 'boolean' },
      stateless: { type: 'boolean' },
      'redirect-origin': { type: 'string' },
      'allowed-origins': { type: 'string' },
      'allowed-hosts': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values['help']) return 'help';
  const pick = (flag: string, variable: string): [string, string] | undefined => {
    const fromFlag = (values as Record<string, unknown>)[flag];
    if (typeof fromFlag === 'string') return [fromFlag, `--${flag}`];
    const fromEnv = env[variable];
    return fromEnv === undefined || fromEnv === '' ? undefined : [fromEnv, variable];
  };
  const ports: Record<string, number | undefined> = {};
  for (const api of apis) {
    const given = pick(`${api}-port`, portVariable(api));
    ports[api] = given ? parseWholeNumber(given[0], given[1], 1, 65_535) : undefined;
  }
  const delay = pick('delay', ENV.delay);
  const faults = pick('faults', ENV.faults);
  const retryAfter = pick('retry-after', ENV.retryAfter);
  const seed = pick('seed', ENV.seed);
  const redirectOrigin = pick('redirect-origin', ENV.redirectOrigin);
  const allowedOrigins = pick('allowed-origins', ENV.allowedOrigins);
  const allowedHosts = pick('allowed-hosts', ENV.allowedHosts);
  const dynamicEnv = env[ENV.dynamic];
  const dynamic = values['dynamic'] === true || (dynamicEnv ? parseSwitch(dynamicEnv, ENV.dynamic) : false);
  const statelessEnv = env[ENV.stateless];
  const stateless = values['stateless'] === true || (statelessEnv ? parseSwitch(statelessEnv, ENV.stateless) : false);
  return {
    ports,
    delay: delay ? parseDelay(delay[0], delay[1]) : undefined,
    faults: parseFaults(faults ? faults[0] : 'none', faults ? faults[1] : ENV.faults),
    retryAfterSeconds: retryAfter ? parseWholeNumber(retryAfter[0], retryAfter[1], 0, 86_400) : undefined,
    dynamic,
    seed: seed ? parseWholeNumber(seed[0], seed[1], 0, 2 ** 32 - 1) : undefined,
    watch: values['no-watch'] !== true,
    stateless,
    webhooks: webhookSettingsFromEnv(env),
    redirectOrigin: redirectOrigin ? checkRedirectOrigin(redirectOrigin[0], redirectOrigin[1]) : undefined,
    limits: checkLimits(
      {
        sessions: wholeNumberFromEnv(env, ENV.maxSessions),
        idempotencyKeys: wholeNumberFromEnv(env, ENV.maxIdempotencyKeys),
        events: wholeNumberFromEnv(env, ENV.maxEvents),
      },
      { sessions: ENV.maxSessions, idempotencyKeys: ENV.maxIdempotencyKeys, events: ENV.maxEvents },
    ),
    allowedOrigins: allowedOrigins ? checkAllowedOrigins(list(allowedOrigins[0]), allowedOrigins[1]) : [LOOPBACK],
    allowedHosts: allowedHosts ? checkAllowedHosts(list(allowedHosts[0]), allowedHosts[1]) : [],
    quiet: values['quiet'] === true,
    maxRequests: env[ENV.maxRequests]
      ? parseWholeNumber(env[ENV.maxRequests] ?? '', ENV.maxRequests, 1, REQUEST_LOG_MAX)
      : REQUEST_LOG_DEFAULT,
  };
}
