import { parseArgs } from 'node:util';
import { parseDelay, parseFaults, type DelayRange, type Rates } from './chaos.js';
import { parseWholeNumber } from './whole-number.js';

/** Environment variables read by `pnpm mock` (flags of the same meaning win over them). */
export const ENV = {
  connectPort: 'PAYKIT_CONNECT_PORT',
  ten99policyPort: 'PAYKIT_TEN99POLICY_PORT',
  delay: 'PAYKIT_MOCK_DELAY',
  faults: 'PAYKIT_MOCK_FAULTS',
  retryAfter: 'PAYKIT_MOCK_RETRY_AFTER',
  dynamic: 'PAYKIT_MOCK_DYNAMIC',
  seed: 'PAYKIT_MOCK_SEED',
} as const;

export interface CliSettings {
  ports: { connect: number; ten99policy: number };
  delay: DelayRange | undefined;
  faults: Rates;
  /** Undefined: injected faults keep the spec's `Retry-After`. */
  retryAfterSeconds: number | undefined;
  dynamic: boolean;
  seed: number | undefined;
  watch: boolean;
}

export const USAGE = `Usage: paykit-mock [options]   (pnpm mock / pnpm dev from the repo root)

  --connect-port <port>      Telness Connect mock port (env ${ENV.connectPort}, default 4010)
  --ten99policy-port <port>  1099Policy mock port (env ${ENV.ten99policyPort}, default 4011)
  --delay <ms|min-max>       delay every answer, e.g. 300 or 200-1500 (env ${ENV.delay})
  --faults <rates>           inject faults, e.g. 429=0.1,503=0.05 (env ${ENV.faults})
  --retry-after <seconds>    Retry-After of injected faults (env ${ENV.retryAfter}; default: the spec's, 2)
  --dynamic                  generate bodies from schemas instead of examples (env ${ENV.dynamic}=1|true|0|false)
  --seed <n>                 make dynamic bodies, delays and faults repeatable (env ${ENV.seed})
  --no-watch                 do not restart when a spec file changes
  --help                     show this help`;

/** An on/off variable: `1`/`true` or `0`/`false` (any case); anything else is refused rather than read as off. */
function parseSwitch(text: string, name: string): boolean {
  const value = text.trim().toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  throw new RangeError(`${name} must be 1 or true (on), or 0 or false (off), in any case (got ${shown})`);
}

/** Reads the settings from flags and environment; throws an error naming the flag or variable that is wrong. */
export function readCliSettings(argv: string[], env: NodeJS.ProcessEnv): CliSettings | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'connect-port': { type: 'string' },
      'ten99policy-port': { type: 'string' },
      delay: { type: 'string' },
      faults: { type: 'string' },
      'retry-after': { type: 'string' },
      dynamic: { type: 'boolean' },
      seed: { type: 'string' },
      'no-watch': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const pick = (flag: keyof typeof values, variable: string): [string, string] | undefined => {
    const fromFlag = values[flag];
    if (typeof fromFlag === 'string') return [fromFlag, `--${flag}`];
    const fromEnv = env[variable];
    return fromEnv === undefined || fromEnv === '' ? undefined : [fromEnv, variable];
  };
  const port = (flag: 'connect-port' | 'ten99policy-port', variable: string, fallback: number): number => {
    const given = pick(flag, variable);
    return given ? parseWholeNumber(given[0], given[1], 1, 65_535) : fallback;
  };
  const delay = pick('delay', ENV.delay);
  const faults = pick('faults', ENV.faults);
  const retryAfter = pick('retry-after', ENV.retryAfter);
  const seed = pick('seed', ENV.seed);
  const dynamicEnv = env[ENV.dynamic];
  const dynamic = values.dynamic === true || (dynamicEnv ? parseSwitch(dynamicEnv, ENV.dynamic) : false);
  return {
    ports: {
      connect: port('connect-port', ENV.connectPort, 4010),
      ten99policy: port('ten99policy-port', ENV.ten99policyPort, 4011),
    },
    delay: delay ? parseDelay(delay[0], delay[1]) : undefined,
    faults: parseFaults(faults ? faults[0] : 'none', faults ? faults[1] : ENV.faults),
    retryAfterSeconds: retryAfter ? parseWholeNumber(retryAfter[0], retryAfter[1], 0, 86_400) : undefined,
    dynamic,
    seed: seed ? parseWholeNumber(seed[0], seed[1], 0, 2 ** 32 - 1) : undefined,
    watch: values['no-watch'] !== true,
  };
}
