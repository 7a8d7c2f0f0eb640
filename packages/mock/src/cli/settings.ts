import { parseArgs } from 'node:util';
import { z } from 'zod';
import { checkAllowedHosts, checkAllowedOrigins, LOOPBACK } from '../front-door/boundary.js';
import { parseDelay, parseFaults, type DelayRange, type Rates } from '../front-door/chaos.js';
import {
  LIMIT_DEFAULTS,
  LIMIT_MAX,
  redirectOriginSchema,
  type SandboxLimits,
  webhookTargetsFromEnv,
  webhookTargetsSchema,
} from '../sandbox/settings.js';
import type { WebhookSettings } from '../sandbox/webhooks.js';
import { REQUEST_LOG_DEFAULT, REQUEST_LOG_MAX } from '../request-log/request-log.js';
import { namedCheck, parseSettings, shown, wholeNumberText } from '../settings-schema.js';

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
  state: 'PAYKIT_MOCK_STATE',
  fixtures: 'PAYKIT_MOCK_FIXTURES',
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
  /** The file the sandboxes keep their state in across restarts (undefined: memory only). */
  statePath: string | undefined;
  /** The file of sessions a fresh sandbox starts with (undefined: none). */
  fixturesPath: string | undefined;
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
  --state <file>             keep the sandboxes' state in this file across restarts (env ${ENV.state};
                             pnpm dev: node_modules/.cache/paykit-mock/state.json)
  --fixtures <file>          sessions a fresh sandbox starts with (env ${ENV.fixtures}; format: see README)

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

/** An on/off variable: `1`/`true` or `0`/`false` (any case); anything else is refused rather than read as off. */
const onOff = z.union([z.boolean(), z.string()]).transform((given, context) => {
  const value = typeof given === 'boolean' ? given : given.trim().toLowerCase();
  if (value === true || value === '1' || value === 'true') return true;
  if (value === false || value === '0' || value === 'false' || value === '') return false;
  context.addIssue({
    code: 'custom',
    message: `must be 1 or true (on), or 0 or false (off), in any case (got ${shown(given as string)})`,
  });
  return z.NEVER;
});

/*
 * One schema per group of flags, in the order of `usage`. Each takes the text given (flag, else variable; undefined
 * when neither is set); `names` holds how the user spelled each, so a problem names `--seed` or `PAYKIT_MOCK_SEED`.
 */
type Names = Record<string, string>;

const portsSchema = (apis: readonly string[]) =>
  z.object(Object.fromEntries(apis.map((api) => [api, wholeNumberText(1, 65_535).optional()])));

const chaosSchema = (names: Names) =>
  z.object({
    delay: namedCheck(names['chaos.delay']!, parseDelay).optional(),
    faults: namedCheck(names['chaos.faults']!, parseFaults),
    retryAfterSeconds: wholeNumberText(0, 86_400).optional(),
    dynamic: onOff,
    seed: wholeNumberText(0, 2 ** 32 - 1).optional(),
  });

const modeSchema = z.object({
  watch: z.boolean(),
  stateless: onOff,
  quiet: z.boolean(),
  maxRequests: wholeNumberText(1, REQUEST_LOG_MAX).default(REQUEST_LOG_DEFAULT),
});

const limitText = (name: keyof SandboxLimits) => wholeNumberText(1, LIMIT_MAX).default(LIMIT_DEFAULTS[name]);

const sandboxSchema = z.object({
  webhooks: webhookTargetsSchema,
  redirectOrigin: redirectOriginSchema.optional(),
  limits: z.object({
    sessions: limitText('sessions'),
    idempotencyKeys: limitText('idempotencyKeys'),
    events: limitText('events'),
  }),
});

const boundarySchema = (names: Names) =>
  z.object({
    allowedOrigins: namedCheck(names['boundary.allowedOrigins']!, (text, name) =>
      checkAllowedOrigins(list(text), name),
    ).default([LOOPBACK]),
    allowedHosts: namedCheck(names['boundary.allowedHosts']!, (text, name) =>
      checkAllowedHosts(list(text), name),
    ).default([]),
  });

/** Files the sandboxes read at start: a path as given (read, and its errors named, where it is opened). */
const filesSchema = z.object({
  statePath: z.string().optional(),
  fixturesPath: z.string().optional(),
});

const cliSchema = (apis: readonly string[], names: Names) =>
  z.object({
    ports: portsSchema(apis),
    chaos: chaosSchema(names),
    mode: modeSchema,
    sandbox: sandboxSchema,
    boundary: boundarySchema(names),
    files: filesSchema,
  });

function parseFlags(argv: string[], apis: readonly string[]): Record<string, string | boolean | undefined> {
  const portFlags = Object.fromEntries(apis.map((api) => [`${api}-port`, { type: 'string' as const }]));
  return parseArgs({
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
      state: { type: 'string' },
      fixtures: { type: 'string' },
      help: { type: 'boolean' },
    },
  }).values;
}

/** What the flags and variables say, grouped as `cliSchema` reads it, and the name each was given under. */
function settingsInput(flags: ReturnType<typeof parseFlags>, env: NodeJS.ProcessEnv, apis: readonly string[]) {
  const names: Names = { 'sandbox.webhooks.urls': ENV.webhookUrl, 'sandbox.webhooks.secret': ENV.webhookSecret };
  // The flag wins over the variable; an empty variable counts as unset.
  const pick = (path: string, flag: string | undefined, variable: string) => {
    const fromFlag = flag === undefined ? undefined : flags[flag];
    names[path] = fromFlag === undefined ? variable : `--${flag}`;
    return fromFlag ?? (env[variable] || undefined);
  };
  const input = {
    ports: Object.fromEntries(apis.map((api) => [api, pick(`ports.${api}`, `${api}-port`, portVariable(api))])),
    chaos: {
      delay: pick('chaos.delay', 'delay', ENV.delay),
      faults: pick('chaos.faults', 'faults', ENV.faults) ?? 'none',
      retryAfterSeconds: pick('chaos.retryAfterSeconds', 'retry-after', ENV.retryAfter),
      dynamic: pick('chaos.dynamic', 'dynamic', ENV.dynamic) ?? false,
      seed: pick('chaos.seed', 'seed', ENV.seed),
    },
    mode: {
      watch: flags['no-watch'] !== true,
      stateless: pick('mode.stateless', 'stateless', ENV.stateless) ?? false,
      quiet: flags['quiet'] === true,
      maxRequests: pick('mode.maxRequests', undefined, ENV.maxRequests),
    },
    sandbox: {
      webhooks: webhookTargetsFromEnv(env),
      redirectOrigin: pick('sandbox.redirectOrigin', 'redirect-origin', ENV.redirectOrigin),
      limits: {
        sessions: pick('sandbox.limits.sessions', undefined, ENV.maxSessions),
        idempotencyKeys: pick('sandbox.limits.idempotencyKeys', undefined, ENV.maxIdempotencyKeys),
        events: pick('sandbox.limits.events', undefined, ENV.maxEvents),
      },
    },
    boundary: {
      allowedOrigins: pick('boundary.allowedOrigins', 'allowed-origins', ENV.allowedOrigins),
      allowedHosts: pick('boundary.allowedHosts', 'allowed-hosts', ENV.allowedHosts),
    },
    files: {
      statePath: pick('files.statePath', 'state', ENV.state),
      fixturesPath: pick('files.fixturesPath', 'fixtures', ENV.fixtures),
    },
  };
  return { input, names };
}

/** Reads the settings from flags and environment; throws one error naming every flag or variable that is wrong. */
export function readCliSettings(argv: string[], env: NodeJS.ProcessEnv, apis: readonly string[]): CliSettings | 'help' {
  const flags = parseFlags(argv, apis);
  if (flags['help']) return 'help';
  const { input, names } = settingsInput(flags, env, apis);
  const fail = (problems: string[]) => new RangeError(problems.join('\n'));
  const { ports, chaos, mode, sandbox, boundary, files } = parseSettings(cliSchema(apis, names), input, fail, names);
  // The settings the schema leaves out when unset are spelled out: CliSettings has every key, undefined when unset.
  return {
    ports,
    ...chaos,
    delay: chaos.delay,
    retryAfterSeconds: chaos.retryAfterSeconds,
    seed: chaos.seed,
    ...mode,
    ...sandbox,
    redirectOrigin: sandbox.redirectOrigin,
    ...boundary,
    statePath: files.statePath,
    fixturesPath: files.fixturesPath,
  };
}
