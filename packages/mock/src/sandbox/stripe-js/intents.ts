import type { MockAnswer } from '../hook.js';
import type { Sandbox } from '../sandbox.js';
import type { SessionStore } from '../sessions.js';
import { cardOutcome, DECLINES, isDecline, type CardDecline } from '../test-cards.js';
import { OPEN_PHASES, type Phase, type Session } from '../vendors/types.js';

/*
 * What the Stripe.js stand-in (assets/stripe.js) asks the mock, under /__paykit/stripe/: read an intent,
 * confirm it with a card, answer its 3-D Secure challenge. The session behind the client secret moves as the card
 * says (the test cards of test-cards.ts, as on the hosted pages): PENDING → COMPLETED; PENDING → REQUIRES_ACTION →
 * COMPLETED or FAILED; a decline leaves it PENDING (the customer may try another card). Answers are Stripe's
 * objects as Stripe.js resolves them: `{ paymentIntent }` / `{ setupIntent }`, or `{ error }`.
 */

export type IntentObject = 'payment_intent' | 'setup_intent';
const OBJECTS: readonly IntentObject[] = ['payment_intent', 'setup_intent'];
const KEYS: Record<IntentObject, 'paymentIntent' | 'setupIntent'> = {
  payment_intent: 'paymentIntent',
  setup_intent: 'setupIntent',
};

/**
 * The intent's status for each phase of its Connect session (Stripe's documented statuses).
 * **Inferred**: a FAILED session (cancelled, or its challenge failed) shows `canceled`; Stripe would leave an
 * intent whose challenge failed at `requires_payment_method` for another card, but the Connect session is final.
 */
const STATUS: Record<Phase, string> = {
  pending: 'requires_payment_method',
  requires_action: 'requires_action',
  completed: 'succeeded',
  failed: 'canceled',
  cancelled: 'canceled',
  expired: 'canceled',
};

/**
 * The intent as Stripe.js returns it: the documented fields the mock knows. **Inferred**: no `amount`, `currency`
 * or `payment_method` (a Connect session carries no amount and the mock keeps no card); `next_action` is Stripe's
 * `use_stripe_sdk`, which Stripe.js handles itself, as this stand-in does.
 */
function intentOf(session: Session, secret: string, error?: Record<string, unknown>): Record<string, unknown> {
  const object: IntentObject = secret.startsWith('seti_') ? 'setup_intent' : 'payment_intent';
  return {
    id: secret.slice(0, secret.indexOf('_secret_')),
    object,
    client_secret: secret,
    status: STATUS[session.phase],
    livemode: false,
    created: Math.floor(session.createdAt / 1000),
    next_action: session.phase === 'requires_action' ? { type: 'use_stripe_sdk' } : null,
    [object === 'setup_intent' ? 'last_setup_error' : 'last_payment_error']: error ?? null,
  };
}

const answer = (status: number, body: Record<string, unknown>): MockAnswer => ({ status, body });
const requestError = (status: number, code: string, message: string, param?: string): MockAnswer =>
  answer(status, { error: { type: 'invalid_request_error', code, message, ...(param ? { param } : {}) } });

/** A card refused: Stripe's `card_error` (HTTP 402), with the intent as it stands after the refusal. */
function cardError(decline: CardDecline, session: Session, secret: string): MockAnswer {
  const error = {
    type: 'card_error',
    code: decline.code,
    // Stripe sets `decline_code` on `card_declined` errors only.
    ...(decline.code === 'card_declined' ? { decline_code: decline.decline } : {}),
    message: decline.message,
  };
  const intent = intentOf(session, secret, error);
  return answer(402, { error: { ...error, [KEYS[intent.object as IntentObject]]: intent } });
}

type Found = { ok: true; session: Session; secret: string; sessions: SessionStore } | { ok: false; answer: MockAnswer };

/** The session behind `clientSecret`, of the object the call is about. The secret is never echoed. */
function find(sandbox: Sandbox, input: Record<string, unknown>): Found {
  const { clientSecret, object } = input;
  if (typeof clientSecret !== 'string' || clientSecret === '') {
    return {
      ok: false,
      answer: requestError(
        400,
        'parameter_missing',
        'clientSecret must be the intent\u2019s client secret (a string).',
        'client_secret',
      ),
    };
  }
  if (!OBJECTS.includes(object as IntentObject)) {
    return {
      ok: false,
      answer: requestError(400, 'parameter_invalid', `object must be one of ${OBJECTS.join(', ')}.`, 'object'),
    };
  }
  // A browser sends no API key: the secret finds its session in whichever account made it.
  const owned = sandbox.byClientSecret(clientSecret);
  const session = owned?.session;
  const actual: IntentObject = clientSecret.startsWith('seti_') ? 'setup_intent' : 'payment_intent';
  if (!session || actual !== object) {
    return {
      ok: false,
      answer: requestError(
        404,
        'resource_missing',
        `No such ${object}: this client secret is not one of this mock's ${object === 'setup_intent' ? 'payment profile' : 'embedded payment'} sessions (was it reset?).`,
        'client_secret',
      ),
    };
  }
  return { ok: true, session, secret: clientSecret, sessions: owned!.account.sessions };
}

/** Stripe's refusal of a confirm or challenge on an intent in the wrong state. */
function unexpectedState(session: Session, secret: string, doing: string): MockAnswer {
  const intent = intentOf(session, secret);
  return requestError(
    400,
    `${intent.object}_unexpected_state`,
    `You cannot ${doing} this ${String(intent.object).replace('_', ' ')} because it has a status of ${String(intent.status)}.`,
  );
}

const ok = (session: Session, secret: string): MockAnswer => {
  const intent = intentOf(session, secret);
  return answer(200, { [KEYS[intent.object as IntentObject]]: intent });
};

/** `POST /__paykit/stripe/retrieve` `{ clientSecret, object }`: the intent now. */
export function retrieve(sandbox: Sandbox, input: Record<string, unknown>): MockAnswer {
  const found = find(sandbox, input);
  return found.ok ? ok(found.session, found.secret) : found.answer;
}

/** `POST /__paykit/stripe/confirm` `{ clientSecret, object, card: { number } }`: pay (or save) with a card. */
export function confirm(sandbox: Sandbox, input: Record<string, unknown>): MockAnswer {
  const found = find(sandbox, input);
  if (!found.ok) return found.answer;
  const { session, secret, sessions } = found;
  const card = input.card as { number?: unknown } | undefined;
  if (typeof card?.number !== 'string') {
    return requestError(
      400,
      'parameter_missing',
      'card.number must be the card number typed (a string).',
      'card[number]',
    );
  }
  if (!OPEN_PHASES.has(session.phase)) return unexpectedState(session, secret, 'confirm');
  const outcome = cardOutcome(card.number);
  const moveTo = (phase: Phase) => {
    if (session.phase !== phase) sessions.move(session, phase);
  };
  if (isDecline(outcome)) {
    // Stripe puts a declined intent back to `requires_payment_method`: the customer may try another card.
    moveTo('pending');
    return cardError(outcome, session, secret);
  }
  moveTo(outcome === 'requires_3ds' ? 'requires_action' : 'completed');
  return ok(session, secret);
}

/**
 * `POST /__paykit/stripe/authenticate` `{ clientSecret, object, outcome: 'complete' | 'fail' }`: the customer's
 * answer to the 3-D Secure challenge. Failing it ends the Connect session FAILED with Stripe's authentication error.
 */
export function authenticate(sandbox: Sandbox, input: Record<string, unknown>): MockAnswer {
  const found = find(sandbox, input);
  if (!found.ok) return found.answer;
  const { session, secret, sessions } = found;
  const { outcome } = input;
  if (outcome !== 'complete' && outcome !== 'fail') {
    return requestError(400, 'parameter_invalid', 'outcome must be complete or fail.', 'outcome');
  }
  if (session.phase !== 'requires_action') return unexpectedState(session, secret, 'authenticate');
  if (outcome === 'complete') {
    sessions.move(session, 'completed');
    return ok(session, secret);
  }
  sessions.move(session, 'failed');
  const setup = secret.startsWith('seti_');
  // **Inferred**: Stripe.js reports a failed challenge as an `invalid_request_error` with this code (Stripe's
  // documented code; `setup_intent_authentication_failure` for a SetupIntent) and its documented message.
  const error = {
    type: 'invalid_request_error',
    code: setup ? 'setup_intent_authentication_failure' : DECLINES.authenticationFailed.code,
    message: DECLINES.authenticationFailed.message,
  };
  const intent = intentOf(session, secret, error);
  return answer(400, { error: { ...error, [KEYS[intent.object as IntentObject]]: intent } });
}
