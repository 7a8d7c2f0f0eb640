import { randomBytes } from 'node:crypto';
import type { MockClock } from './clock.js';
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

/**
 * The sessions of one API, in memory, and the one place their lifecycle is enforced: open phases (pending,
 * requires_action) may move to any phase the vendor has; final phases never move again.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #byPageToken = new Map<string, string>();

  constructor(
    private readonly vendor: VendorSandbox,
    private readonly clock: MockClock,
    private readonly onPhase: PhaseListener,
  ) {}

  kind(session: Session): SessionKind {
    const kind = this.vendor.kinds[session.kind];
    if (!kind) throw new Error(`no session kind ${session.kind}`);
    return kind;
  }

  create(kindName: string, request: Record<string, unknown>, origin: string): Session {
    const kind = this.vendor.kinds[kindName];
    if (!kind) throw new Error(`no session kind ${kindName}`);
    const now = this.clock.now();
    const id = kind.newId();
    const page = kind.hasPage(request) ? newPage(origin, kind.pageTokenPrefix ?? '', now) : undefined;
    const session: Session = {
      id,
      kind: kindName,
      phase: 'pending',
      createdAt: now,
      updatedAt: now,
      ...(kind.lifetimeSeconds === undefined ? {} : { expiresAt: now + kind.lifetimeSeconds * 1000 }),
      request: structuredClone(request),
      made: kind.make(request, { id, now, ...(page ? { pageUrl: page.url } : {}) }),
      ...(page ? { page } : {}),
    };
    this.#sessions.set(id, session);
    if (page) this.#byPageToken.set(page.token, id);
    return session;
  }

  get(id: string, kindName?: string): Session | undefined {
    const session = this.#sessions.get(id);
    return session && (kindName === undefined || session.kind === kindName) ? session : undefined;
  }

  byPageToken(token: string): Session | undefined {
    const id = this.#byPageToken.get(token);
    return id === undefined ? undefined : this.#sessions.get(id);
  }

  all(): Session[] {
    return [...this.#sessions.values()];
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
    this.onPhase(session, kind);
    return session;
  }

  /** What the hosted page does with a person's choice; returns where to send the browser. */
  finishOnPage(session: Session, outcome: PageOutcome): string | undefined {
    this.move(session, outcome);
    if (session.page) session.page.used = true;
    return this.kind(session).redirect?.(session, outcome);
  }

  /** The expiry job: flips every open session past its `expiresAt` to `expired`; returns them. */
  expireDue(): Session[] {
    const due = this.all().filter((session) => this.pastExpiry(session));
    for (const session of due) this.move(session, 'expired');
    return due;
  }

  reset(): void {
    this.#sessions.clear();
    this.#byPageToken.clear();
  }
}

function newPage(origin: string, prefix: string, now: number) {
  const token = `${prefix}${randomBytes(18).toString('base64url')}`;
  return { token, url: `${origin}/__paykit/pages/${token}`, expiresAt: now + PAGE_LIFETIME_MS, used: false };
}
