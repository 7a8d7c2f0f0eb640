// The sandbox's settings that `@paykit/mock` exports as values, apart from their zod checks (settings.ts): the
// package's entry loads this module, and a stateless mock never loads zod or the sandbox.

/** A sandbox setting that breaks its rule; the message names the setting (one line per problem). */
export class SandboxSettingError extends Error {
  override name = 'SandboxSettingError';
}

/** How many of each the sandbox keeps (see README, "Bounded state"). */
export interface SandboxLimits {
  /** Sessions (default 100000): beyond it, the oldest finished go first, then the oldest open. */
  sessions?: number;
  /** Idempotency keys (default 100000), besides their 24 hours of mock time: the oldest go first. */
  idempotencyKeys?: number;
  /** Webhook events (default 10000): the oldest finished go first, then the oldest still being delivered. */
  events?: number;
}

export const LIMIT_DEFAULTS: Required<SandboxLimits> = { sessions: 100_000, idempotencyKeys: 100_000, events: 10_000 };
export const LIMIT_MAX = 10_000_000;
