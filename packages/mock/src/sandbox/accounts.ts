import { hash } from 'node:crypto';
import { MockClock } from './clock.js';
import { IdempotencyKeys } from './idempotency.js';
import { SessionStore } from './sessions.js';
import type { VendorSandbox } from './vendors/types.js';
import { type LoggedEvent, type MoreReceivers, WebhookSender, type WebhookSettings } from './webhooks.js';

/*
 * Accounts: the vendor's test mode keeps each API key's objects apart, so the sandbox does too. Each key is an
 * account with its own sessions, idempotency keys, webhook event log and clock; another key gets the vendor's 404 for
 * a session it does not own. The key is a secret: the sandbox names an account only by an id made from its hash.
 */

/** The account of the control API (sessions it makes without `?account`) and of requests that send no key. */
export const CONTROL_ACCOUNT = 'acct_control';

/**
 * The ids of the keys seen last: a client sends the same key on every request, and each hash was about a
 * microsecond of it. Few, and forgotten all at once when full, so a stream of new keys costs no more than before.
 */
const recentIds = new Map<string, string>();
const RECENT_IDS = 64;

/**
 * The account id of an API key: not secret (12 hex digits of its SHA-256), shown in the control API and logs. Asked
 * on every request that sends a key, so with the one-shot `hash` (a third of a `createHash` object's cost).
 */
export function accountId(apiKey: string): string {
  let id = recentIds.get(apiKey);
  if (id === undefined) {
    if (recentIds.size >= RECENT_IDS) recentIds.clear();
    id = `acct_${hash('sha256', apiKey, 'hex').slice(0, 12)}`;
    recentIds.set(apiKey, id);
  }
  return id;
}

/** An account id as the control API takes it. */
export const ACCOUNT_ID = /^acct_(?:[0-9a-f]{12}|control)$/;

/** What hosted pages and the Stripe.js stand-in act on: the sessions and clock of the account that owns a session. */
export interface SessionScope {
  readonly api: string;
  readonly vendor: VendorSandbox;
  readonly redirectOrigin: string | undefined;
  readonly sessions: SessionStore;
  readonly clock: MockClock;
}

/** What every account of a sandbox shares: the vendor table, settings and caps. */
export interface AccountSetup {
  api: string;
  vendor: VendorSandbox;
  redirectOrigin: string | undefined;
  webhooks: WebhookSettings;
  limits: { sessions: number; events: number };
  log: (line: string) => void;
  /** The vendor's webhook endpoints that take an event of this account (see webhook-endpoints.ts). */
  endpoints: MoreReceivers;
}

export class Account implements SessionScope {
  readonly api: string;
  readonly vendor: VendorSandbox;
  readonly redirectOrigin: string | undefined;
  readonly clock = new MockClock();
  readonly sessions: SessionStore;
  readonly keys = new IdempotencyKeys();
  readonly webhooks: WebhookSender | undefined;
  /** The event the last phase change sent (read right after a move, by the sandbox's `trigger`). */
  lastEmitted: LoggedEvent | undefined;
  /** While true, phase changes send no webhook (fixtures are loaded quietly). */
  quiet = false;

  constructor(
    readonly id: string,
    setup: AccountSetup,
  ) {
    this.api = setup.api;
    this.vendor = setup.vendor;
    this.redirectOrigin = setup.redirectOrigin;
    const owner = this.owner;
    this.webhooks = setup.vendor.webhooks
      ? new WebhookSender(
          setup.vendor.webhooks,
          setup.webhooks,
          this.clock,
          (line) => setup.log(`webhook ${line}`),
          setup.limits.events,
          (type) => setup.endpoints(type, owner),
        )
      : undefined;
    this.sessions = new SessionStore(
      setup.vendor,
      this.clock,
      (session, kind) => {
        const type = kind.events?.[session.phase];
        if (!type || !this.webhooks || this.quiet) return;
        this.lastEmitted = this.webhooks.emit(type, kind.render(session, 'read'), this.clock.now(), owner);
      },
      setup.limits.sessions,
    );
  }

  /**
   * The account a session's events are delivered for: its own id, or none for the control account, whose events go
   * to every account's endpoints (as a vendor's dashboard "send test event" reaches them all).
   */
  get owner(): string | undefined {
    return this.id === CONTROL_ACCOUNT ? undefined : this.id;
  }

  /** Whether the account holds no session, idempotency key or event. */
  get empty(): boolean {
    return this.sessions.size === 0 && this.keys.size === 0 && (this.webhooks?.size ?? 0) === 0;
  }

  /** Counts and clock, for `GET /__paykit/accounts`. */
  describe(): Record<string, unknown> {
    return {
      account: this.id,
      sessions: this.sessions.size,
      idempotencyKeys: this.keys.size,
      events: this.webhooks?.size ?? 0,
      clock: this.clock.toJSON(),
    };
  }

  /** Forgets its sessions, keys and events (pending deliveries dropped), and puts its clock back to `offsetMs`. */
  reset(offsetMs: number): void {
    this.sessions.reset();
    this.keys.reset();
    this.webhooks?.clear();
    this.clock.restoreOffset(offsetMs);
  }
}
