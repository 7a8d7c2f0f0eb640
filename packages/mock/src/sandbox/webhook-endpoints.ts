import type { Receiver } from './webhooks.js';

/*
 * The vendor's webhook endpoints (1099Policy's `POST /api/v1/webhook_endpoints`), kept per account: the events of
 * a session go to the endpoints of the API key that created it, each signed with that endpoint's own secret. The
 * mock takes any key, so the key stands for the account, named by its id (accounts.ts): the key itself is not kept.
 */

export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  /** Event types, or `['*']` for all. */
  readonly events: readonly string[];
  /** The signing secret: given once, in the create answer; never logged or listed. */
  readonly secret: string;
  readonly createdAt: number;
  readonly description: string | null;
}

/**
 * The most endpoints an account may have (Stripe's limit, whose webhooks the vendor copies), and the most the mock
 * keeps in all (any key is an account, so a load test could otherwise grow the store without end).
 */
export const ENDPOINT_LIMITS = { perAccount: 16, total: 10_000 };

export class EndpointStore {
  readonly #byAccount = new Map<string, WebhookEndpoint[]>();
  #total = 0;

  /** Adds an endpoint; returns a reason instead when a limit is reached. */
  add(account: string, endpoint: WebhookEndpoint): string | undefined {
    const list = this.#byAccount.get(account) ?? [];
    if (list.length >= ENDPOINT_LIMITS.perAccount) {
      return `an account may have at most ${ENDPOINT_LIMITS.perAccount} webhook endpoints in this mock`;
    }
    if (this.#total >= ENDPOINT_LIMITS.total) {
      return `this mock keeps at most ${ENDPOINT_LIMITS.total} webhook endpoints (POST /__paykit/reset forgets them)`;
    }
    list.push(endpoint);
    this.#byAccount.set(account, list);
    this.#total++;
    return undefined;
  }

  /**
   * Where an event of `type` goes: the endpoints of its session's account that take the type; for an event of no
   * account (one the control API made without a session of an API key), every account's.
   */
  receivers(type: string, account: string | undefined): Receiver[] {
    const lists = account === undefined ? [...this.#byAccount.values()] : [this.#byAccount.get(account) ?? []];
    return lists
      .flat()
      .filter((endpoint) => endpoint.events.includes('*') || endpoint.events.includes(type))
      .map(({ url, secret, id }) => ({ url, secret, endpoint: id }));
  }

  get size(): number {
    return this.#total;
  }

  /** Every endpoint without its secret, for the control API. */
  list(): Array<Omit<WebhookEndpoint, 'secret'> & { account: string }> {
    return [...this.#byAccount.entries()].flatMap(([account, endpoints]) =>
      endpoints.map(({ secret: _secret, ...shown }) => ({ ...shown, account })),
    );
  }

  /** Every account's endpoints, secrets included (the state file keeps them, so deliveries go on after a restart). */
  entries(): Array<[string, WebhookEndpoint[]]> {
    return [...this.#byAccount.entries()].map(([account, endpoints]) => [account, [...endpoints]]);
  }

  /** Forgets one account's endpoints, or every account's. */
  reset(account?: string): void {
    if (account === undefined) {
      this.#byAccount.clear();
      this.#total = 0;
      return;
    }
    this.#total -= this.#byAccount.get(account)?.length ?? 0;
    this.#byAccount.delete(account);
  }
}
