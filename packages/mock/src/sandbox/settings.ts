import { z } from 'zod';
import { originProblems } from '../front-door/boundary.js';
import { parseSettings, wholeNumber } from '../settings-schema.js';
import { WEBHOOK_DEFAULTS, type WebhookSettings } from './webhooks.js';
import { LIMIT_DEFAULTS, LIMIT_MAX, type SandboxLimits, SandboxSettingError } from './setting-defaults.js';

export { LIMIT_DEFAULTS, LIMIT_MAX, SandboxSettingError, type SandboxLimits } from './setting-defaults.js';

const fail = (problems: string[]) => new SandboxSettingError(problems.join('\n'));

/** Every receiver an absolute http(s) URL without credentials (fetch would refuse it and quote the password). */
const receiverUrl = z.string().superRefine((url, context) => {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    context.addIssue({ code: 'custom', message: ': each receiver must be an absolute http:// or https:// URL' });
  } else if (parsed.username || parsed.password) {
    context.addIssue({
      code: 'custom',
      message: ': a receiver URL must not carry a user name or password (a token in its query works)',
    });
  }
});

const targetsShape = { urls: z.array(receiverUrl), secret: z.string().optional() };

/** The events are signed: a receiver needs the secret. */
const secretWithReceivers = (
  settings: { urls: readonly string[]; secret?: string | undefined },
  context: z.RefinementCtx,
) => {
  if (settings.urls.length > 0 && !settings.secret) {
    context.addIssue({
      code: 'custom',
      path: ['secret'],
      message: 'is required when {urls} is set: the sandbox signs every event with it',
    });
  }
};

/** The receivers and the secret, as `PAYKIT_MOCK_WEBHOOK_URL` and `PAYKIT_MOCK_WEBHOOK_SECRET` give them. */
export const webhookTargetsSchema = z.object(targetsShape).superRefine(secretWithReceivers);

const webhookSettingsSchema = z
  .object({
    ...targetsShape,
    attempts: wholeNumber(1, 100).optional(),
    backoffMs: wholeNumber(0, 86_400_000).optional(),
    maxBackoffMs: wholeNumber(0, 86_400_000).optional(),
    timeoutMs: wholeNumber(1, 600_000).optional(),
  })
  .superRefine(secretWithReceivers)
  .superRefine((settings, context) => {
    const backoff = settings.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs;
    const maxBackoff = settings.maxBackoffMs ?? WEBHOOK_DEFAULTS.maxBackoffMs;
    if (maxBackoff < backoff) {
      context.addIssue({
        code: 'custom',
        path: ['maxBackoffMs'],
        message: `(${maxBackoff}) must be at least {backoffMs} (${backoff}): it caps the growing wait between attempts`,
      });
    }
  });

const limitsSchema = z
  .object({
    sessions: wholeNumber(1, LIMIT_MAX).default(LIMIT_DEFAULTS.sessions),
    idempotencyKeys: wholeNumber(1, LIMIT_MAX).default(LIMIT_DEFAULTS.idempotencyKeys),
    events: wholeNumber(1, LIMIT_MAX).default(LIMIT_DEFAULTS.events),
  })
  .prefault({});

/**
 * A redirect origin (the sandbox's stand-in for the host of every return URL): an absolute http(s) origin, nothing
 * after the host and port but an optional `/`. Gives it as `URL.origin` spells it. The value is never quoted in
 * the message (it may hold credentials).
 */
export const redirectOriginSchema = z.string().transform((value, context) => {
  const rule =
    'must be an http:// or https:// origin: a scheme, a host and an optional port, e.g. http://127.0.0.1:3000';
  const checked = originProblems(value);
  if ('origin' in checked && checked.extras.length === 0) return checked.origin;
  const why =
    'reason' in checked
      ? checked.reason
      : `it has ${checked.extras.join(' and ')}: the return URL's own path and query are kept`;
  context.addIssue({ code: 'custom', message: `${rule} (${why})` });
  return z.NEVER;
});

const sandboxOptionsSchema = z.object({
  webhooks: webhookSettingsSchema.prefault({ urls: [] }),
  expiryIntervalMs: wholeNumber(10, 3_600_000).default(5000),
  redirectOrigin: redirectOriginSchema.optional(),
  limits: limitsSchema,
});

/** The options `createSandbox` checks, with their defaults filled in. */
type CheckedSandboxOptions = z.output<typeof sandboxOptionsSchema>;

/** Checks startMock's `sandbox` options; throws one SandboxSettingError listing every problem (`sandbox.…`). */
export function checkSandboxOptions(options: {
  webhooks?: WebhookSettings | undefined;
  expiryIntervalMs?: number | undefined;
  redirectOrigin?: string | undefined;
  limits?: SandboxLimits | undefined;
}): CheckedSandboxOptions {
  const { webhooks, expiryIntervalMs, redirectOrigin, limits } = options;
  return parseSettings(
    sandboxOptionsSchema,
    { webhooks, expiryIntervalMs, redirectOrigin, limits },
    fail,
    {},
    'sandbox.',
  );
}

/**
 * The receivers (`PAYKIT_MOCK_WEBHOOK_URL`, comma-separated) and secret (`PAYKIT_MOCK_WEBHOOK_SECRET`) as the
 * environment gives them, unchecked (an unset or empty secret: none); `webhookTargetsSchema` checks them.
 */
export function webhookTargetsFromEnv(env: NodeJS.ProcessEnv): { urls: string[]; secret?: string } {
  const urls = (env.PAYKIT_MOCK_WEBHOOK_URL ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  const secret = env.PAYKIT_MOCK_WEBHOOK_SECRET || undefined;
  return { urls, ...(secret ? { secret } : {}) };
}

/** Checks a redirect origin given as `name`; gives it as `URL.origin` spells it. */
export function checkRedirectOrigin(value: string, name = 'sandbox.redirectOrigin'): string {
  return parseSettings(redirectOriginSchema, value, fail, { '': name });
}
