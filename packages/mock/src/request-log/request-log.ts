/** One request the mock answered, as the request log keeps it: no body, no query, no header but the idempotency key. */
export interface RequestEntry {
  /** Rises by one per request, from 1 (`GET /__paykit/requests?after=<id>` reads what came later). */
  id: number;
  /** When the request arrived (real time, ISO 8601: the sandbox's test clock does not move the log). */
  time: string;
  method: string;
  /** The path without its query; a hosted page's secret token replaced by `[token]`. */
  path: string;
  /** The status answered, or null when the connection was cut before an answer (a `reset` or `lost` fault). */
  status: number | null;
  /** Real time from the request's arrival to its answer's last byte (or the cut), in ms. */
  latencyMs: number;
  idempotencyKey: string | null;
  /** Why the mock refused or failed the request (its own words: the title or the vendor message), else null. */
  refusal: string | null;
  /** The sandbox answered with the first answer given for this idempotency key. */
  replay: boolean;
  /** The session the request created or named, when the sandbox holds it. */
  session: string | null;
  /** The account of its API key (`acct_…`, never the key), or null for a request without one (control API, pages). */
  account: string | null;
}

/** The cap's default: the newest this many requests are kept per mock. */
export const REQUEST_LOG_DEFAULT = 1000;
export const REQUEST_LOG_MAX = 100_000;

/**
 * The newest requests of one mock, in a ring of `limit` entries (the oldest forgotten first), and who is told about
 * each new one (the CLI's line per request, the dashboard's stream).
 */
export class RequestLog {
  readonly #ring: RequestEntry[] = [];
  /** Where the oldest entry sits in the ring once it is full. */
  #start = 0;
  #lastId = 0;
  readonly #listeners = new Set<(entry: RequestEntry) => void>();

  constructor(readonly limit = REQUEST_LOG_DEFAULT) {
    if (!Number.isInteger(limit) || limit < 1 || limit > REQUEST_LOG_MAX) {
      throw new RangeError(`requestLog.limit must be a whole number from 1 to ${REQUEST_LOG_MAX}`);
    }
  }

  get size(): number {
    return this.#ring.length;
  }

  get lastId(): number {
    return this.#lastId;
  }

  add(fields: Omit<RequestEntry, 'id'>): RequestEntry {
    const entry = { id: ++this.#lastId, ...fields };
    if (this.#ring.length < this.limit) this.#ring.push(entry);
    else {
      this.#ring[this.#start] = entry;
      this.#start = (this.#start + 1) % this.limit;
    }
    for (const listener of this.#listeners) listener(entry);
    return entry;
  }

  /** Every entry kept, oldest first. */
  #ordered(): RequestEntry[] {
    return [...this.#ring.slice(this.#start), ...this.#ring.slice(0, this.#start)];
  }

  /**
   * Entries after the id `after` (0: from the oldest kept), oldest first, at most `limit`; else the newest `limit`.
   * With `account` (an id, or null for requests without a key), only that account's.
   */
  list(after: number | undefined, limit: number, account?: string | null): RequestEntry[] {
    const all = this.#ordered().filter((entry) => account === undefined || entry.account === account);
    if (after === undefined) return all.slice(-limit);
    return all.filter((entry) => entry.id > after).slice(0, limit);
  }

  /** Calls `listener` with each new entry; returns the function that stops it. */
  subscribe(listener: (entry: RequestEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forgets every entry, or those `which` picks (ids keep rising, so a reader's `after` stays meaningful). */
  clear(which?: (entry: RequestEntry) => boolean): void {
    const kept = which ? this.#ordered().filter((entry) => !which(entry)) : [];
    this.#ring.splice(0, this.#ring.length, ...kept);
    this.#start = 0;
  }
}

const MAX_REASON = 300;

/**
 * The words of a refusal's body, for its log entry: the message where vendors and problem documents put it
 * (`message`, `error.message`, `detail`, `error_description`, `title`, else an error code). The mock's refusals
 * never quote credentials, so neither does this.
 */
export function reasonOf(body: unknown): string | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const nested = record['error'] !== null && typeof record['error'] === 'object' ? record['error'] : {};
  const candidates = [
    record['message'],
    (nested as Record<string, unknown>)['message'],
    record['detail'],
    record['error_description'],
    record['title'],
    record['error_code'],
    record['code'],
  ];
  const found = candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '');
  return found && found.length > MAX_REASON ? `${found.slice(0, MAX_REASON)}…` : found;
}
