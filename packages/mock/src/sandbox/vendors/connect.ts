import { randomUUID } from 'node:crypto';
import { randomBytesPooled } from '../random.js';
import type { Session, SessionKind, VendorSandbox } from './types.js';

/*
 * Telness Connect payment sessions and payment profile sessions (spec/connect): UUID ids, ISO timestamps, the
 * statuses the spec models. The vendor documents no cancelled/expired status, no lifetime and no webhook for
 * sessions; every choice made for it is marked **Inferred** and lives here.
 */

const STATUS = {
  pending: 'PENDING',
  requires_action: 'REQUIRES_ACTION',
  completed: 'COMPLETED',
  // **Inferred** (spec PaymentSessionStatus): the enum has no CANCELLED value, so a cancelled session is FAILED.
  cancelled: 'FAILED',
  failed: 'FAILED',
} as const;

/** The last time written, and its text: a session's `createdAt` and `updatedAt` are one time until it changes. */
let lastMs = Number.NaN;
let lastIso = '';
const iso = (ms: number): string => {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
};
// From the pool: a sync draw from the OS per token cost ~10 us, two per create (the Connect sandbox's largest cost).
const token = (bytes: number): string => randomBytesPooled(bytes).toString('hex');
/** Stripe's test publishable key shape; no real account behind it. */
const PUBLISHABLE_KEY = 'pk_test_paykitmock';

/** The fields both kinds of session share, in the vendor's names. */
function common(session: Session): Record<string, unknown> {
  return {
    orderId: session.request.orderId,
    paymentProvider: session.request.paymentProvider,
    status: STATUS[session.phase as keyof typeof STATUS],
    metadata: session.request.metadata ?? {},
    createdAt: iso(session.createdAt),
    updatedAt: iso(session.updatedAt),
  };
}

const paymentSession: SessionKind = {
  newId: randomUUID,
  // **Inferred**: the vendor documents no lifetime for a session; only its hosted page expires (30 minutes).
  status: STATUS,
  hasPage: (request) => request.hosted === true,
  page: { title: 'Telness checkout', complete: 'Pay', cancel: 'Cancel and go back' },
  // Documented status REQUIRES_ACTION (spec PaymentSessionStatus): shown while the 3-D Secure challenge waits.
  // **Inferred**: a failed challenge ends the session FAILED (the page is single use) and returns to `returnUrl`,
  // where the app reads the status.
  challengeRequiresAction: true,
  failedChallenge: 'failed',
  // **Inferred**: the hosted page sends the browser to `returnUrl` / `cancelUrl` as given, adding nothing; a
  // customer who cancels there ends the session like an API cancel (FAILED), as the page is single use.
  redirect: (session, outcome) =>
    String(outcome === 'cancelled' ? session.request.cancelUrl : session.request.returnUrl),
  // **Inferred**: the vendor sends a browser there, so it takes web addresses only (not `javascript:` or `data:`).
  redirectFields: ['returnUrl', 'cancelUrl'],
  make(request, { pageUrl }) {
    if (request.hosted === true) return { provider: { url: pageUrl } };
    const intent = `pi_${token(12)}`;
    return {
      provider: {
        clientSecret: `${intent}_secret_${token(12)}`,
        publishableKey: PUBLISHABLE_KEY,
        paymentIntentId: intent,
      },
    };
  },
  clientSecret: (made) => (made.provider as { clientSecret?: string }).clientSecret,
  render(session) {
    const { request } = session;
    return {
      paymentSessionId: session.id,
      ...common(session),
      savePaymentProfile: request.savePaymentProfile === true,
      hosted: request.hosted === true,
      provider: session.made.provider,
      ...(typeof request.paymentProfileId === 'string' ? { paymentProfileId: request.paymentProfileId } : {}),
      ...(typeof request.returnUrl === 'string' ? { returnUrl: request.returnUrl } : {}),
      ...(typeof request.cancelUrl === 'string' ? { cancelUrl: request.cancelUrl } : {}),
    };
  },
  forcedView: (session, example, now) => forcedView(paymentSession, session, example, now),
};

/**
 * A forced example is about a status: the session keeps its id and fields; the status follows the example, and
 * `updatedAt` is now when that status is not the session's own (the vendor has no timestamp per status).
 */
function forcedView(kind: SessionKind, session: Session, example: Readonly<Record<string, unknown>>, now: number) {
  const shown = kind.render(session, 'read');
  const status = example.status;
  if (typeof status !== 'string') return shown;
  return { ...shown, status, updatedAt: status === shown.status ? shown.updatedAt : iso(now) };
}

const paymentProfileSession: SessionKind = {
  newId: randomUUID,
  status: STATUS,
  hasPage: () => false,
  make() {
    const intent = `seti_${token(12)}`;
    return {
      providers: {
        stripe: {
          clientSecret: `${intent}_secret_${token(12)}`,
          publishableKey: PUBLISHABLE_KEY,
          setupIntentId: intent,
        },
      },
    };
  },
  clientSecret: (made) => (made.providers as { stripe: { clientSecret: string } }).stripe.clientSecret,
  render(session) {
    return { paymentProfileSessionId: session.id, ...common(session), providers: session.made.providers };
  },
  forcedView: (session, example, now) => forcedView(paymentProfileSession, session, example, now),
};

export const connectSandbox: VendorSandbox = {
  kinds: { paymentSession, paymentProfileSession },
  operations: {
    createPaymentSession: { kind: 'paymentSession', action: 'create', status: 201 },
    getPaymentSession: { kind: 'paymentSession', action: 'read', status: 200, idParam: 'paymentSessionId' },
    cancelPaymentSession: { kind: 'paymentSession', action: 'cancel', status: 200, idParam: 'paymentSessionId' },
    createPaymentProfileSession: { kind: 'paymentProfileSession', action: 'create', status: 201 },
    getPaymentProfileSession: {
      kind: 'paymentProfileSession',
      action: 'read',
      status: 200,
      idParam: 'paymentProfileSessionId',
    },
    cancelPaymentProfileSession: {
      kind: 'paymentProfileSession',
      action: 'cancel',
      status: 200,
      idParam: 'paymentProfileSessionId',
    },
  },
  // The key is the account (the spec's one scheme, ApiKeyAuth: the `X-API-Key` header).
  apiKey(headers) {
    const value = headers['x-api-key'];
    return (Array.isArray(value) ? value[0] : value) || undefined;
  },
  errors: {
    // The spec's own examples (components/examples/Error*.yaml); the vendor publishes no error codes.
    notFound: () => ({ status: 404, body: { code: 'NOT_FOUND', message: 'No session was found with the given ID.' } }),
    // **Inferred**: the vendor documents no error for cancelling a finished session; the spec's 400 is used.
    notOpen: (_session, status) => ({
      status: 400,
      body: { code: 'BAD_REQUEST', message: `The session is ${status} and can no longer be cancelled.` },
    }),
    idempotencyConflict: {
      status: 409,
      body: {
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: 'The idempotency key was already used with a different request.',
      },
    },
  },
};
