import type { MockAnswer } from '../hook.js';
import type { WebhookEndpoint } from '../webhook-endpoints.js';

/**
 * Where a session is in its life, in the sandbox's own words; each vendor names these phases its own way
 * (`SessionKind.status`). `pending` and `requires_action` are open (cancellable, their hosted page usable); the
 * others are final.
 */
export type Phase = 'pending' | 'requires_action' | 'completed' | 'cancelled' | 'expired' | 'failed';
export const OPEN_PHASES: ReadonlySet<Phase> = new Set(['pending', 'requires_action']);

/** A session the sandbox keeps. Times are epoch ms of the mock clock. */
export interface Session {
  readonly id: string;
  readonly kind: string;
  phase: Phase;
  readonly createdAt: number;
  updatedAt: number;
  /** When a still-open session stops working (absent: it never expires). */
  readonly expiresAt?: number;
  completedAt?: number;
  cancelledAt?: number;
  /** The create request's body, as the client sent it. */
  readonly request: Readonly<Record<string, unknown>>;
  /** The account (hash of the API key) that created it: its events go to that account's webhook endpoints. */
  readonly account?: string;
  /** Fields the vendor makes on create (provider secrets, ids of its own). */
  readonly made: Readonly<Record<string, unknown>>;
  /** The hosted page, when the session has one. Its token is a secret. */
  readonly page?: HostedPage;
}

export interface HostedPage {
  readonly token: string;
  readonly url: string;
  readonly expiresAt: number;
  used: boolean;
  /** A 3-D Secure card was entered: its challenge page waits for the person's answer. */
  challenge?: boolean;
}

/** How a hosted page can end: paid, cancelled by the person, or a failed 3-D Secure challenge (Connect). */
export type PageOutcome = 'completed' | 'cancelled' | 'failed';

export interface MakeContext {
  id: string;
  now: number;
  /** The hosted page's URL, when `hasPage` said the session gets one. */
  pageUrl?: string;
}

/** One kind of session of a vendor: how it is made, named and shown. */
export interface SessionKind {
  newId(): string;
  /** How long an open session lives, in seconds (absent: it does not expire). */
  lifetimeSeconds?: number;
  /** The vendor's status value for each phase the vendor has. */
  status: Partial<Record<Phase, string>>;
  /** Whether a session created from this request gets a hosted page. */
  hasPage(request: Readonly<Record<string, unknown>>): boolean;
  /** A prefix for the hosted page's secret token (the vendor's URLs show one). */
  pageTokenPrefix?: string;
  /** Heading and button labels of the hosted page (which always has a card field: see test-cards.ts). */
  page?: { title: string; complete: string; cancel: string };
  /**
   * What a failed 3-D Secure challenge does: `failed` ends the session (the vendor has a failed status), `retry`
   * keeps it open and shows the card page again with the error (default).
   */
  failedChallenge?: 'failed' | 'retry';
  /** Whether the session shows `requires_action` while its challenge page waits (the vendor has the status). */
  challengeRequiresAction?: boolean;
  /** Where the hosted page sends the browser once the person is done. */
  redirect?(session: Session, outcome: PageOutcome): string | undefined;
  /** The create request's fields that `redirect` sends the browser to: each must be an http(s) URL. */
  redirectFields?: readonly string[];
  /** Server-made fields of a new session (provider data, etc.). */
  make(request: Readonly<Record<string, unknown>>, context: MakeContext): Record<string, unknown>;
  /** The session as the vendor shows it: `create` is the create response, `read` every other answer. */
  render(session: Session, view: 'create' | 'read'): Record<string, unknown>;
  /**
   * The secret a browser confirms the session with (Stripe's PaymentIntent or SetupIntent `client_secret`), when
   * the session is paid in the page (the Stripe.js stand-in); the store indexes sessions by it.
   */
  clientSecret?(made: Readonly<Record<string, unknown>>): string | undefined;
  /** The webhook event type the vendor sends when a session reaches a phase. */
  events?: Partial<Record<Phase, string>>;
  /** The create request of a session the control API makes to send an event on demand (the vendor's example). */
  onDemandRequest?: Readonly<Record<string, unknown>>;
  /**
   * The session as a forced example (`Prefer: example=…`) shows it: the session's own fields, with the example's
   * status and the vendor's timestamps of that status (absent: the example is answered as it is).
   */
  forcedView?(session: Session, example: Readonly<Record<string, unknown>>, now: number): Record<string, unknown>;
}

export type Action = 'create' | 'read' | 'cancel' | 'createWebhookEndpoint';

export interface OperationBehaviour {
  kind: string;
  action: Action;
  /** Status of the success answer. */
  status: number;
  /** The path parameter holding the session id (read, cancel). */
  idParam?: string;
}

/** The vendor's webhook signing scheme and event envelope. */
export interface WebhookScheme {
  signatureHeader: string;
  /** The header's value for a body sent at `timestampSeconds` (real time: receivers check it against theirs). */
  sign(timestampSeconds: number, body: string, secret: string): string;
  /** The vendor's webhook endpoints, when its API registers them (absent: only the mock's settings receive). */
  endpoints?: {
    newId(): string;
    newSecret(): string;
    render(endpoint: WebhookEndpoint): Record<string, unknown>;
    /** The vendor's validation error for a create it refuses (a limit, a URL fetch could not use). */
    invalid(message: string): MockAnswer;
  };
  /** The event's id and JSON body (the session as `read` shows it). */
  event(
    type: string,
    object: Record<string, unknown>,
    createdMs: number,
  ): { id: string; body: Record<string, unknown> };
}

export interface VendorErrors {
  notFound(kind: string): MockAnswer;
  /** Acting on a session that is final (cancel of a completed session, etc.). */
  notOpen(session: Session, vendorStatus: string): MockAnswer;
  /** Acting on a session past its `expiresAt` that the expiry job has not yet flipped (absent: treated as open). */
  pastExpiry?(session: Session): MockAnswer;
  /** Same idempotency key, different request (used only where the operation declares the status). */
  idempotencyConflict: MockAnswer;
}

/** Everything vendor-specific about a sandbox: a table the generic core reads. */
export interface VendorSandbox {
  kinds: Record<string, SessionKind>;
  /** By operationId; operations not listed are answered by Prism from the spec. */
  operations: Record<string, OperationBehaviour>;
  errors: VendorErrors;
  webhooks?: WebhookScheme;
  /** The API key a request sends (the account it acts for), or undefined. */
  apiKey?(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined;
}
