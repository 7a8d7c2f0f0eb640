import { Account, type AccountSetup, accountId, CONTROL_ACCOUNT } from './accounts.js';
import { MockClock } from './clock.js';
import type { SavedApi } from './state-file.js';
import { StateFileError } from './state-file.js';
import type { Session } from './vendors/types.js';
import type { EndpointStore } from './webhook-endpoints.js';

/**
 * The most accounts a sandbox keeps: any key is an account, so a load test sending a new key per request would
 * otherwise grow the sandbox without end. Beyond it, the account made longest ago is forgotten (logged).
 */
export const MAX_ACCOUNTS = 1000;

/** A session and the account that owns it. */
export interface Owned {
  account: Account;
  session: Session;
}

/**
 * The accounts of one sandbox, in the order they were made, the control account first. A browser sends no key, so
 * a hosted page's token and a client secret find their session by asking each account (an index lookup each).
 */
export class AccountBook {
  readonly #accounts = new Map<string, Account>();
  /** The clock a new account starts from: moving every account's clock (no `account`) moves it too. */
  readonly shared = new MockClock();

  constructor(
    private readonly setup: AccountSetup,
    private readonly endpoints: EndpointStore,
  ) {
    this.open(CONTROL_ACCOUNT);
  }

  get control(): Account {
    return this.#accounts.get(CONTROL_ACCOUNT)!;
  }

  get(id: string): Account | undefined {
    return this.#accounts.get(id);
  }

  /** The account of an API key (made on its first request); no key: the control account. */
  forKey(apiKey: string | undefined): Account {
    return apiKey ? this.open(accountId(apiKey)) : this.control;
  }

  /** The account with this id, made if new (at the shared clock's time). */
  open(id: string): Account {
    let account = this.#accounts.get(id);
    if (account) return account;
    if (this.#accounts.size > MAX_ACCOUNTS) {
      const oldest = [...this.#accounts.keys()].find((held) => held !== CONTROL_ACCOUNT)!;
      this.forget(oldest);
      this.setup.log(`state: forgot account ${oldest} (the oldest) over the cap of ${MAX_ACCOUNTS} accounts`);
    }
    account = new Account(id, this.setup);
    account.clock.restoreOffset(this.shared.offsetMs);
    this.#accounts.set(id, account);
    return account;
  }

  all(): Account[] {
    return [...this.#accounts.values()];
  }

  get size(): number {
    return this.#accounts.size;
  }

  /** A session by id, in whichever account holds it (ids are made unique per sandbox, fixtures' aside). */
  find(id: string, kind?: string): Owned | undefined {
    return this.#first((account) => account.sessions.get(id, kind));
  }

  byPageToken(token: string): Owned | undefined {
    return this.#first((account) => account.sessions.byPageToken(token));
  }

  byClientSecret(secret: string): Owned | undefined {
    return this.#first((account) => account.sessions.byClientSecret(secret));
  }

  #first(lookup: (account: Account) => Session | undefined): Owned | undefined {
    for (const account of this.#accounts.values()) {
      const session = lookup(account);
      if (session) return { account, session };
    }
    return undefined;
  }

  /** Forgets an account: its sessions, keys, events (pending deliveries dropped) and webhook endpoints. */
  forget(id: string): void {
    const account = this.#accounts.get(id);
    if (!account) return;
    account.reset(this.shared.offsetMs);
    this.endpoints.reset(id);
    if (id === CONTROL_ACCOUNT) return;
    account.webhooks?.close();
    this.#accounts.delete(id);
  }

  /** Forgets every account; the clocks go back to real time. */
  reset(): void {
    this.shared.reset();
    for (const id of [...this.#accounts.keys()]) this.forget(id);
    this.endpoints.reset();
  }

  /** What the state file keeps of this sandbox (never an API key: accounts are named by their id). */
  snapshot(): SavedApi {
    const endpoints = new Map(this.endpoints.entries());
    const accounts: SavedApi['accounts'] = {};
    for (const account of this.#accounts.values()) {
      if (account.empty && account.clock.offsetMs === this.shared.offsetMs && !endpoints.has(account.id)) continue;
      accounts[account.id] = {
        clockOffsetMs: Math.round(account.clock.offsetMs),
        sessions: account.sessions.all(),
        idempotencyKeys: account.keys.entries().map(([key, entry]) => ({ key, ...entry })),
        webhookEndpoints: (endpoints.get(account.id) ?? []).map((endpoint) => ({
          ...endpoint,
          events: [...endpoint.events],
        })),
      };
    }
    return { clockOffsetMs: Math.round(this.shared.offsetMs), accounts } as SavedApi;
  }

  /** Puts back what a state file kept; a session of a kind this vendor lacks is refused, naming where it is. */
  restore(saved: SavedApi, path: string): void {
    this.shared.restoreOffset(saved.clockOffsetMs);
    for (const [id, held] of Object.entries(saved.accounts)) {
      const account = this.open(id);
      account.clock.restoreOffset(held.clockOffsetMs);
      held.sessions.forEach((session, index) => {
        if (!this.setup.vendor.kinds[session.kind]) {
          throw new StateFileError(
            `state file ${path}: apis.${this.setup.api}.accounts.${id}.sessions[${index}].kind: must be one of ` +
              `${Object.keys(this.setup.vendor.kinds).join(', ')}`,
          );
        }
        account.sessions.restore(session as Session);
      });
      for (const { key, ...entry } of held.idempotencyKeys) account.keys.restore(key, entry);
      for (const endpoint of held.webhookEndpoints) this.endpoints.add(id, endpoint);
    }
  }
}
