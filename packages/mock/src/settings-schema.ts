import { type core, z } from 'zod';
import { isWholeNumber } from './whole-number.js';

/*
 * The pieces every settings check builds on (`@paykit/mock/settings-schema`): the mock's CLI flags and
 * environment, startMock's sandbox options and the sample app's configuration. A schema says the rule; the
 * formatter puts the setting's name in front, spelled as the user spelled it (`--seed`, `PAYKIT_CONNECT_PORT`,
 * `sandbox.webhooks.attempts`), so no message is written per field.
 */

/** How each setting was spelled where it was given, by its path in the checked object (`webhooks.urls`). */
export type SettingNames = Readonly<Record<string, string>>;

/** Marks an issue whose message already names its setting (a check written elsewhere, given the name). */
const NAMED = 'paykit-named';

/** `Text` shortened to 40 characters and quoted, for a `(got …)`: enough to spot a typo, never a whole secret. */
export function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** A number option: a whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number) {
  const rule = ({ input }: { input?: unknown }) =>
    `must be a whole number from ${min} to ${max} (got ${typeof input === 'string' ? shown(input) : String(input)})`;
  return z.number({ error: rule }).refine((value) => isWholeNumber(value, min, max), { error: rule });
}

/** A whole number written as text (a flag or an environment variable): digits only, blanks around them allowed. */
export function wholeNumberText(min: number, max: number) {
  return z.string().transform((text, context) => {
    const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    if (value >= min && value <= max) return value;
    context.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max} (got ${shown(text)})` });
    return z.NEVER;
  });
}

/**
 * Runs a check written elsewhere that takes the setting's name and throws an error naming it (the fault rates,
 * the allowed origins): its message becomes the issue as it is.
 */
export function namedCheck<T>(name: string, check: (value: string, name: string) => T) {
  return z.string().transform((value, context) => {
    try {
      return check(value, name);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message, params: { [NAMED]: true } });
      return z.NEVER;
    }
  });
}

/**
 * One line per problem: the setting's name, then the rule. A message starting with `:` or `=` follows the name
 * directly (`PAYKIT_MOCK_WEBHOOK_URL: each receiver must…`, `SAMPLE_DEV_TOOLS=on is allowed only…`); `{key}` in a message names the sibling setting `key`.
 * Numeric path segments (the n-th item of a list) are not part of a name.
 */
export function formatIssues(issues: readonly core.$ZodIssue[], names: SettingNames = {}, prefix = ''): string[] {
  const nameOf = (path: readonly PropertyKey[]) => {
    const key = path.filter((part) => typeof part !== 'number').join('.');
    return names[key] ?? `${prefix}${key}`;
  };
  const lines = issues.map((issue) => {
    if (issue.code === 'custom' && issue.params?.[NAMED]) return issue.message;
    const parent = issue.path.slice(0, -1);
    // zod's own wording ("Invalid input: expected string, received number") said the house's way; a schema's own
    // message stays.
    const zods = issue.code === 'invalid_type' && issue.message.startsWith('Invalid input');
    const said = zods ? `must be ${a(issue.expected)}` : issue.message;
    const message = said.replace(/\{(\w+)\}/g, (_, key: string) => nameOf([...parent, key]));
    return `${nameOf(issue.path)}${/^[:=]/.test(message) ? '' : ' '}${message}`;
  });
  return [...new Set(lines)];
}

/** `a string`, `an array`, `an object`. */
const a = (type: string) => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;

/** Parses `input` with `schema`, or throws `fail(lines)` with every problem found, one line each. */
export function parseSettings<S extends z.ZodType>(
  schema: S,
  input: unknown,
  fail: (problems: string[]) => Error,
  names: SettingNames = {},
  prefix = '',
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw fail(formatIssues(result.error.issues, names, prefix));
}
