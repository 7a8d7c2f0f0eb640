import type { MockClock } from './clock.js';
import { MinHeap } from './heap.js';
import { randomBytesPooled } from './random.js';
import { type Page, PagedList, type Slot } from './pages.js';
import {
  OPEN_PHASES,
  type PageOutcome,
  type Phase,
  type Session,
  type SessionKind,
  type VendorSandbox,
} from './vendors/types.js';

/** How long a hosted page link works after its session is created (both vendors: 30 minutes). */
export const PAGE_LIFETIME_MS = 30 * 60 * 1000;

/** A refused move (control API): the reason, in words for a developer. */
export class TransitionError extends Error {}

/** Told when a session reaches a new phase, so that its webhook can follow. */
export type PhaseListener = (session: Session, kind: SessionKind) => void;

/** What one pass of the expiry job did. */
export interface ExpiryPass {
  expired: Session[];
  /** More sessions are past expiry than the pass's limit let it flip. */
  more: boolean;
}

/**
 * The sessions of one API, in memory, and the one place their lifecycle is enforced: open phases (pending,
 * requires_action) may move to any phase the vendor has; final phases never move again.
 *
 * Every question a request or the expiry job asks is answered from an index, never by scanning: by id, by page
 * token, a page in creation order (`PagedList`), the next to expire (a heap by `expiresAt`), and, for the cap,
 * the oldest finished (in the order they finished) then the oldest open.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Slot<Session>>();
  readonly #byPageToken = new Map<string, string>();
  readonly #byClientSecret = new Map<string, string>();
  readonly #order = new PagedList<Session>();
  readonly #open = new Map<string, Session>();
  readonly #finished = new Map<string, Session>();
  readonly #expiry = new MinHeap<Session>((a, b) => (a.expiresAt ?? 0) < (b.expiresAt ?? 0));
  /**
   * Sessions looked at by pages, the expiry job and eviction since the store was made: the work requests do,
   * which tests bound (a count, where a duration would be a timed assertion).
   */
  visited = 0;

  constructor(
    private readonly vendor: VendorSandbox,
    private readonly clock: MockClock,
    private readonly onPhase: PhaseListener,
    /** How many sessions `evict` keeps. */
    readonly cap: number = Number.POSITIVE_INFINITY,
  ) {}

  get size(): number {
    return this.#sessions.size;
  }

  kind(session: Session): SessionKind {
    const kind = this.vendor.kinds[session.kind];
    if (!kind) throw new Error(`no session kind ${session.kind}`);
    return kind;
  }

  /**
   * A new pending session; `id` is the vendor's kind of id made fresh unless given (fixtures name theirs). The
   * session keeps `request` itself, not a copy (a request's parsed body is its own; a copy was ~2 us per create):
   * hand over a value nothing else holds or changes.
   */
  create(kindName: string, request: Record<string, unknown>, origin: string, account?: string, id?: string): Session {
    const kind = this.vendor.kinds[kindName];
    if (!kind) throw new Error(`no session kind ${kindName}`);
    const now = this.clock.now();
    id ??= kind.newId();
    const page = kind.hasPage(request) ? newPage(origin, kind.pageTokenPrefix ?? '', now) : undefined;
    // Field by field, in the order a session's JSON has always had: spreads of optional fields cost 3-4x as much.
    const session: Partial<Mutable<Session>> = { id, kind: kindName, phase: 'pending', createdAt: now, updatedAt: now };
    if (kind.lifetimeSeconds !== undefined) session.expiresAt = now + kind.lifetimeSeconds * 1000;
    session.request = request;
    if (account !== undefined) session.account = account;
    session.made = kind.make(request, page ? { id, now, pageUrl: page.url } : { id, now });
    if (page) session.page = page;
    this.#insert(session as Session, kind);
    return session as Session;
  }

  /** Puts back a session a saved state had, as it was (its phase, times and page); an id held already is replaced. */
  restore(session: Session): void {
    const held = this.#sessions.get(session.id)?.item;
    if (held) this.#forget(held);
    this.#insert(session, this.kind(session));
  }

  #insert(session: Session, kind: SessionKind): void {
    const { id, page } = session;
    this.#sessions.set(id, this.#order.add(session));
    if (OPEN_PHASES.has(session.phase)) {
      this.#open.set(id, session);
      if (session.expiresAt !== undefined) this.#expiry.push(session);
    } else {
      this.#finished.set(id, session);
    }
    if (page) this.#byPageToken.set(page.token, id);
    const secret = kind.clientSecret?.(session.made);
    if (secret !== undefined) this.#byClientSecret.set(secret, id);
  }

  get(id: string, kindName?: string): Session | undefined {
    const session = this.#sessions.get(id)?.item;
    return session && (kindName === undefined || session.kind === kindName) ? session : undefined;
  }

  byPageToken(token: string): Session | undefined {
    const id = this.#byPageToken.get(token);
    return id === undefined ? undefined : this.get(id);
  }

  /** The session a browser pays with this client secret (the Stripe.js stand-in). */
  byClientSecret(secret: string): Session | undefined {
    const id = this.#byClientSecret.get(secret);
    return id === undefined ? undefined : this.get(id);
  }

  /** Up to `limit` sessions created after the one numbered `after` (0: the first), oldest first. */
  page(after: number, limit: number): Page<Session> {
    const page = this.#order.page(after, limit);
    this.visited += page.visited;
    return page;
  }

  /** Every session, oldest first: a copy of the whole store, for tests (requests read pages). */
  all(): Session[] {
    return [...this.#sessions.values()].map((slot) => slot.item);
  }

  /** Whether an open session is past its `expiresAt` (the expiry job flips it on its next run). */
  pastExpiry(session: Session): boolean {
    return OPEN_PHASES.has(session.phase) && session.expiresAt !== undefined && session.expiresAt <= this.clock.now();
  }

  /** Moves a session to a phase, or throws a TransitionError saying why it cannot. */
  move(session: Session, phase: Phase): Session {
    const kind = this.kind(session);
    if (kind.status[phase] === undefined) {
      const known = Object.keys(kind.status).join(', ');
      throw new TransitionError(`state must be one of ${known} for this session (got "${phase}")`);
    }
    if (!OPEN_PHASES.has(session.phase)) {
      throw new TransitionError(`the session is ${session.phase}, which is final: it can no longer change`);
    }
    if (session.phase === phase) throw new TransitionError(`the session is already ${phase}`);
    const now = this.clock.now();
    session.phase = phase;
    session.updatedAt = now;
    if (phase === 'completed') session.completedAt = now;
    if (phase === 'cancelled') session.cancelledAt = now;
    if (!OPEN_PHASES.has(phase)) {
      this.#open.delete(session.id);
      this.#finished.set(session.id, session);
    }
    this.onPhase(session, kind);
    return session;
  }

  /** What the hosted page does with a person's choice; returns where to send the browser. */
  finishOnPage(session: Session, outcome: PageOutcome): string | undefined {
    this.move(session, outcome);
    if (session.page) session.page.used = true;
    return this.kind(session).redirect?.(session, outcome);
  }

  /**
   * The expiry job: flips open sessions past their `expiresAt` to `expired`, earliest first, at most `limit` of
   * them. Only sessions that are due are looked at (and ones that ended or left the store before they were due).
   */
  expireDue(limit = Number.POSITIVE_INFINITY): ExpiryPass {
    const now = this.clock.now();
    const expired: Session[] = [];
    for (let next = this.#expiry.peek(); next && (next.expiresAt ?? 0) <= now; next = this.#expiry.peek()) {
      if (expired.length >= limit) return { expired, more: true };
      this.#expiry.pop();
      this.visited++;
      if (this.#sessions.get(next.id)?.item === next && OPEN_PHASES.has(next.phase)) {
        expired.push(this.move(next, 'expired'));
      }
    }
    return { expired, more: false };
  }

  /**
   * Forgets sessions beyond the cap, at most `limit` of them: the oldest finished first (in the order they
   * finished), then, if finished ones do not suffice, the oldest open. Returns how many it forgot.
   */
  evict(limit = Number.POSITIVE_INFINITY): number {
    let evicted = 0;
    for (const from of [this.#finished, this.#open]) {
      for (const session of from.values()) {
        if (this.#sessions.size <= this.cap || evicted >= limit) return evicted;
        this.visited++;
        this.#forget(session);
        evicted++;
      }
    }
    return evicted;
  }

  /** Whether an open session is past its `expiresAt`, waiting for the expiry job (looks at the next one only). */
  hasDue(): boolean {
    const now = this.clock.now();
    for (let next = this.#expiry.peek(); next && (next.expiresAt ?? 0) <= now; next = this.#expiry.peek()) {
      if (this.#sessions.get(next.id)?.item === next && OPEN_PHASES.has(next.phase)) return true;
      this.#expiry.pop();
      this.visited++;
    }
    return false;
  }

  /** Whether sessions beyond the cap are waiting for `evict`. */
  get overCap(): boolean {
    return this.#sessions.size > this.cap;
  }

  #forget(session: Session): void {
    const slot = this.#sessions.get(session.id);
    if (slot) this.#order.remove(slot);
    this.#sessions.delete(session.id);
    this.#open.delete(session.id);
    this.#finished.delete(session.id);
    if (session.page) this.#byPageToken.delete(session.page.token);
    const secret = this.kind(session).clientSecret?.(session.made);
    if (secret !== undefined) this.#byClientSecret.delete(secret);
  }

  reset(): void {
    this.#sessions.clear();
    this.#byPageToken.clear();
    this.#byClientSecret.clear();
    this.#order.clear();
    this.#open.clear();
    this.#finished.clear();
    this.#expiry.clear();
  }
}

/** A session while it is being made: its fields are set one by one. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function newPage(origin: string, prefix: string, now: number) {
  const token = `${prefix}${randomBytesPooled(18).toString('base64url')}`;
  return { token, url: `${origin}/__paykit/pages/${token}`, expiresAt: now + PAGE_LIFETIME_MS, used: false };
}
