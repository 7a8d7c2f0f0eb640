import { createHmac } from 'node:crypto';
import { randomBytesPooled } from '../random.js';
import type { Session, VendorSandbox } from './types.js';

/*
 * 1099Policy payment sessions, as the vendor documents them (spec/ten99policy): created `pending` with a one-time
 * secret `url` to a hosted card page, 30-minute life, cancel only while `pending`, signed `payment.session.*`
 * webhooks. Every inferred choice is marked **Inferred**.
 */

const seconds = (ms: number | undefined): number | null => (ms === undefined ? null : Math.floor(ms / 1000));
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const base62 = (length: number): string => {
  let text = '';
  for (const byte of randomBytesPooled(length)) text += ALPHABET[byte % 62];
  return text;
};

const STATUS = { pending: 'pending', completed: 'completed', cancelled: 'cancelled', expired: 'expired' } as const;

function error(status: number, errorCode: string, message: string) {
  return { status, body: { error_code: errorCode, message } };
}

export const ten99policySandbox: VendorSandbox = {
  kinds: {
    paymentSession: {
      // **Inferred**: the redirect parameter `hps_id` suggests the `hps_` prefix; the vendor documents none.
      newId: () => `hps_${base62(14)}`,
      lifetimeSeconds: 30 * 60,
      status: STATUS,
      hasPage: () => true,
      // **Inferred**: the vendor's live URLs carry `live_<token>`; test-mode tokens are assumed to say `test_`.
      pageTokenPrefix: 'test_',
      page: {
        title: 'Add a card for your 1099Policy coverage',
        complete: 'Save card',
        cancel: 'Cancel',
      },
      // **Inferred**: the vendor's statuses have no failed or requires-action one, so a failed 3-D Secure challenge
      // leaves the session pending and the card page asks for another card, as Stripe's own pages do.
      failedChallenge: 'retry',
      // Documented (vendor-apis.md §2.5): the browser returns to `return_url` with `hps_id` and `status` added.
      // **Inferred**: they are added to any query the URL already has.
      redirect(session, outcome) {
        if (outcome === 'failed') return undefined;
        const target = new URL(String(session.request.return_url));
        target.searchParams.set('hps_id', session.id);
        target.searchParams.set('status', STATUS[outcome]);
        return target.href;
      },
      // Documented: https only (the spec's pattern refuses anything else before the sandbox sees it).
      redirectFields: ['return_url'],
      make: () => ({}),
      render(session: Session, view) {
        return {
          id: session.id,
          contractor_id: session.request.contractor,
          status: STATUS[session.phase as keyof typeof STATUS],
          processor: 'checkout',
          return_url: session.request.return_url,
          // Documented: the secret url is shown once, in the create response.
          ...(view === 'create' && session.page ? { url: session.page.url } : {}),
          created: seconds(session.createdAt),
          expires_at: seconds(session.expiresAt),
          cancelled_at: seconds(session.cancelledAt),
          completed_at: seconds(session.completedAt),
        };
      },
      events: {
        completed: 'payment.session.completed',
        cancelled: 'payment.session.cancelled',
        expired: 'payment.session.expired',
      },
      // The spec's create example (components/examples/CreatePaymentSessionRequest.yaml).
      onDemandRequest: {
        contractor: 'cn_AbCdEfGh12',
        return_url: 'https://app.yourplatform.com/settings/billing/return',
      },
      // A forced example is about a status: the session keeps its id and fields; the status and the time it was
      // reached (the session's own, else now: an example's date would come before the session) follow the example.
      forcedView(session, example, now) {
        const shown = this.render(session, 'read');
        const status = example.status;
        if (typeof status !== 'string') return shown;
        const at = (own: number | undefined) => seconds(own ?? now);
        return {
          ...shown,
          status,
          completed_at: status === 'completed' ? at(session.completedAt) : null,
          cancelled_at: status === 'cancelled' ? at(session.cancelledAt) : null,
        };
      },
    },
  },
  operations: {
    createPaymentSession: { kind: 'paymentSession', action: 'create', status: 201 },
    cancelPaymentSession: { kind: 'paymentSession', action: 'cancel', status: 200, idParam: 'session' },
    createWebhookEndpoint: { kind: 'webhookEndpoint', action: 'createWebhookEndpoint', status: 201 },
  },
  // The key is the account (the environment too: documented, `t9k_test_…`). Basic carries it as the user name
  // (`-u KEY:`), or raw after `Basic`; Bearer as the token (the spec's two schemes).
  apiKey(headers) {
    const value = headers.authorization;
    const authorization = Array.isArray(value) ? value[0] : value;
    const match = /^\s*(basic|bearer)\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return undefined;
    if (match[1]!.toLowerCase() === 'bearer') return match[2];
    const decoded = Buffer.from(match[2]!, 'base64').toString('utf8');
    return /^[\x21-\x7e]+:/.test(decoded) ? decoded.slice(0, decoded.indexOf(':')) : match[2];
  },
  errors: {
    notFound: () => error(404, 'resource_not_found', 'Payment session not found.'),
    notOpen: (_session, status) =>
      error(400, 'session_not_pending', `The payment session is not pending (it is ${status}).`),
    pastExpiry: () => error(400, 'session_expired', 'The payment session has expired.'),
    // Never used: no 1099Policy operation declares 409 (the vendor promises nothing about repeated keys).
    idempotencyConflict: error(409, 'bad_request', 'The idempotency key was already used with a different request.'),
  },
  webhooks: {
    // Documented by the vendor's Node library: `t=<unix s>,v1=<lower-case hex HMAC-SHA256 of "t.body">`.
    signatureHeader: 'ten99policy-signature',
    // Documented (vendor-apis.md 2.6): `we_` ids, `whsec_` secrets, `created` in epoch seconds, the fields as sent.
    endpoints: {
      newId: () => `we_${base62(14)}`,
      newSecret: () => `whsec_${base62(32)}`,
      render: (endpoint) => ({
        id: endpoint.id,
        url: endpoint.url,
        events: endpoint.events,
        secret: endpoint.secret,
        created: seconds(endpoint.createdAt),
        description: endpoint.description,
      }),
      invalid: (message) => error(400, 'invalid_input', message),
    },
    sign: (timestamp, body, secret) =>
      `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
    // Documented envelope (webhook guide): { id: evt_…, type, created, data: { object } }; `object` without `url`.
    event: (type, object, createdMs) => {
      const id = `evt_${base62(14)}`;
      return { id, body: { id, type, created: Math.floor(createdMs / 1000), data: { object } } };
    },
  },
};
