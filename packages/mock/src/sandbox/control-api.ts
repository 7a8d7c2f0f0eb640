import type { IncomingMessage, ServerResponse } from 'node:http';
import { plainProblem, writeAnswer } from '../engine/answers.js';
import { parseJsonBody } from '../engine/json.js';
import { RESERVED_PREFIX } from './hook.js';
import { servePage } from './hosted-page.js';
import { serveStripeStandIn } from './stripe-js/routes.js';
import { serveDashboard } from './dashboard/routes.js';
import { type Sandbox, TriggerError } from './sandbox.js';
import { TransitionError } from './sessions.js';
import type { Phase, Session } from './vendors/types.js';
import { type LoggedEvent, printable } from './webhooks.js';

/** The control API's routes, as its index (`GET /__paykit/`) lists them. */
export const CONTROL_ROUTES = [
  'GET  /__paykit/                      this list, the API and the mock clock (a browser gets the dashboard)',
  'GET  /__paykit/requests              the request log, oldest first (?after=<id>&limit=100): no keys, no tokens',
  "GET  /__paykit/stream                the dashboard's live updates (Server-Sent Events: request, change)",
  'GET  /__paykit/sessions              sessions, oldest first, a page at a time (?limit=100&cursor=…)',
  'GET  /__paykit/sessions/{id}         one session',
  'POST /__paykit/sessions/{id}/state   {"state":"completed"|"cancelled"|"expired"|"requires_action"|"failed"|"pending"}',
  'GET  /__paykit/clock                 the mock clock',
  'POST /__paykit/clock/advance         {"seconds":1860,"expire":true}: move the clock ahead (and run the expiry job)',
  'GET  /__paykit/events                webhook events with every delivery attempt, a page at a time (?type=…&session=…)',
  'POST /__paykit/events                {"type":"payment.session.expired","session":"<id>"?}: send that event now',
  'GET  /__paykit/webhook-endpoints     the endpoints made through the vendor API (never their secrets)',
  'POST /__paykit/events/{id}/resend    deliver an event again',
  'POST /__paykit/reset                 forget every session, key and event; clock back to real time',
  'GET  /__paykit/pages/{token}         hosted page (the URL a create answer gives; test cards: see the README)',
  'GET  /__paykit/pages/{token}/challenge  its 3-D Secure challenge (after the card 4000 0025 0000 3155)',
  'GET  /__paykit/stripe.js             the offline Stripe.js stand-in (Connect embedded sessions; any page may load it)',
  'POST /__paykit/stripe/{action}       what the stand-in asks: retrieve, confirm, authenticate {"clientSecret":…}',
] as const;

const PHASES: readonly Phase[] = ['pending', 'requires_action', 'completed', 'cancelled', 'expired', 'failed'];

/** Control answers are indented JSON, for the person reading them in a terminal. */
function sendJson(res: ServerResponse, status: number, body: unknown): void {
  writeAnswer(res, { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body, null, 2) });
}

/** Control API errors are problem documents, like the front door's own. */
function sendProblem(res: ServerResponse, status: number, title: string, detail: string): void {
  writeAnswer(res, plainProblem(status, title, detail));
}

/** A session for the control API: its sandbox state and the vendor's view (never the hosted page's secret URL). */
export function describeSession(sandbox: Sandbox, session: Session): Record<string, unknown> {
  const kind = sandbox.sessions.kind(session);
  const pageUrl = session.page?.url;
  // Some vendors show the page URL in every read (Connect's hosted `provider.url`): the list leaves it out.
  const object = JSON.parse(
    JSON.stringify(kind.render(session, 'read'), (_, value) => (value === pageUrl ? undefined : value)),
  );
  return {
    id: session.id,
    kind: session.kind,
    state: session.phase,
    status: kind.status[session.phase],
    createdAt: new Date(session.createdAt).toISOString(),
    updatedAt: new Date(session.updatedAt).toISOString(),
    expiresAt: session.expiresAt === undefined ? null : new Date(session.expiresAt).toISOString(),
    pastExpiry: sandbox.sessions.pastExpiry(session),
    hostedPage: session.page ? (session.page.used ? 'used' : 'unused') : null,
    object,
  };
}

/** A page's size: `limit` (default 100) in the query. */
const PAGE_LIMIT = { default: 100, max: 500 };

type PageQuery = { ok: true; after: number; limit: number } | { ok: false; title: string; detail: string };

/**
 * Reads `limit` and `cursor` of a list route. The cursor is opaque to callers (the `next` link of the page before
 * carries it): the list's name and the position after which the page starts.
 */
function pageQuery(url: URL, list: string): PageQuery {
  const limitText = url.searchParams.get('limit');
  let limit = PAGE_LIMIT.default;
  if (limitText !== null) {
    limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : 0;
    if (limit < 1 || limit > PAGE_LIMIT.max) {
      return { ok: false, title: 'Invalid limit', detail: `limit must be a whole number from 1 to ${PAGE_LIMIT.max}` };
    }
  }
  const cursor = url.searchParams.get('cursor');
  if (cursor === null) return { ok: true, after: 0, limit };
  const match = /^([a-z]+):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match || match[1] !== list) {
    return {
      ok: false,
      title: 'Invalid cursor',
      detail: `cursor must be the one a page of GET ${RESERVED_PREFIX}${list} gave in its next link`,
    };
  }
  return { ok: true, after: Number(match[2]), limit };
}

/**
 * A page of a list: its items, the total, and the link to the next page (null on the last), which keeps the
 * page's filters. (`total` is the whole list's: a filtered page says how many its filter matched by paging.)
 */
function pageAnswer(
  list: string,
  items: unknown[],
  total: number,
  next: number | undefined,
  limit: number,
  filters: Record<string, string> = {},
) {
  const cursor = next === undefined ? null : Buffer.from(`${list}:${next}`, 'latin1').toString('base64url');
  const query = new URLSearchParams({ limit: String(limit), ...(cursor === null ? {} : { cursor }), ...filters });
  return {
    [list]: items,
    total,
    nextCursor: cursor,
    next: cursor === null ? null : `${RESERVED_PREFIX}${list}?${query}`,
  };
}

type JsonBody = { ok: true; value: Record<string, unknown> } | { ok: false; detail: string };

function parseJson(rawBody: Buffer): JsonBody {
  if (rawBody.length === 0) return { ok: true, value: {} };
  const parsed = parseJsonBody(rawBody);
  if (!parsed.ok) return { ok: false, detail: `The body is not valid JSON: ${parsed.reason}.` };
  const { value } = parsed;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return { ok: true, value: value as Record<string, unknown> };
  }
  return { ok: false, detail: 'The body must be a JSON object.' };
}

/** A webhook event as the control API shows it: each receiver's URL without its query (it may carry a token). */
function showEvent(event: LoggedEvent): LoggedEvent {
  return { ...event, deliveries: event.deliveries.map((delivery) => ({ ...delivery, url: printable(delivery.url) })) };
}

/**
 * The mock's own origin, for the hosted page of a session the control API makes: the address it listens on (as the
 * front door builds it), never the Host header.
 */
function ownOrigin(req: IncomingMessage): string {
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
}

/** Serves `/__paykit/…`; answers every request under the prefix (404 for an unknown route). */
export function handleReserved(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse, rawBody: Buffer): boolean {
  const url = new URL(req.url ?? '/', 'http://mock.invalid');
  if (url.pathname !== RESERVED_PREFIX.slice(0, -1) && !url.pathname.startsWith(RESERVED_PREFIX)) return false;
  let parts: string[];
  try {
    parts = url.pathname.slice(RESERVED_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    sendProblem(res, 400, 'Malformed control path', 'A segment of the path has a bad %-escape.');
    return true;
  }
  if (serveDashboard(sandbox, req, res, parts, url)) return true;
  const method = req.method ?? 'GET';
  const route = `${method} ${parts.map((part, index) => (index === 1 && parts[0] !== 'clock' ? '{id}' : part)).join('/')}`;

  if (parts[0] === 'pages' && (parts.length === 2 || (parts.length === 3 && parts[2] === 'challenge'))) {
    const isForm = /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '');
    const form = new URLSearchParams(isForm ? rawBody.toString('utf8') : '');
    servePage(sandbox, method, parts[1]!, form, res, parts.length === 3 ? 'challenge' : 'card');
    return true;
  }
  const body: JsonBody = method === 'POST' ? parseJson(rawBody) : { ok: true, value: {} };
  if (!body.ok) {
    sendProblem(res, 400, 'Malformed control request', body.detail);
    return true;
  }
  const input = body.value;
  if (serveStripeStandIn(sandbox, method, parts, input, res)) return true;

  switch (route) {
    case 'GET ':
      sendJson(res, 200, { api: sandbox.api, clock: sandbox.clock.toJSON(), routes: CONTROL_ROUTES });
      return true;
    case 'GET sessions':
    case 'GET events': {
      const list = parts[0] as 'sessions' | 'events';
      const query = pageQuery(url, list);
      if (!query.ok) {
        sendProblem(res, 400, query.title, query.detail);
        return true;
      }
      if (list === 'sessions') {
        const page = sandbox.sessions.page(query.after, query.limit);
        const items = page.items.map((session) => describeSession(sandbox, session));
        sendJson(res, 200, pageAnswer(list, items, sandbox.sessions.size, page.next, query.limit));
      } else {
        const filters: Record<string, string> = {};
        for (const name of ['type', 'session'] as const) {
          const value = url.searchParams.get(name);
          if (value === null) continue;
          if (value.length === 0 || value.length > 200) {
            sendProblem(res, 400, `Invalid ${name}`, `${name} must be 1 to 200 characters`);
            return true;
          }
          filters[name] = value;
        }
        const filter = { type: filters.type, objectId: filters.session };
        const page = sandbox.webhooks?.page(query.after, query.limit, filter) ?? { items: [], next: undefined };
        const total = sandbox.webhooks?.size ?? 0;
        sendJson(res, 200, pageAnswer(list, page.items.map(showEvent), total, page.next, query.limit, filters));
      }
      return true;
    }
    case 'GET sessions/{id}':
    case 'POST sessions/{id}/state': {
      const session = sandbox.sessions.get(parts[1]!);
      if (!session) {
        sendProblem(res, 404, 'Unknown session', 'No session with this id in this mock (was it reset?).');
        return true;
      }
      if (method === 'POST') {
        const state = input.state;
        if (typeof state !== 'string' || !PHASES.includes(state as Phase)) {
          sendProblem(res, 400, 'Invalid state', `state must be one of ${PHASES.join(', ')}`);
          return true;
        }
        try {
          sandbox.sessions.move(session, state as Phase);
        } catch (error) {
          if (!(error instanceof TransitionError)) throw error;
          sendProblem(res, 409, 'State change refused', error.message);
          return true;
        }
      }
      sendJson(res, 200, describeSession(sandbox, session));
      return true;
    }
    case 'GET clock':
      sendJson(res, 200, sandbox.clock.toJSON());
      return true;
    case 'POST clock/advance': {
      const { seconds, expire = true } = input;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > 366 * 86_400) {
        sendProblem(res, 400, 'Invalid seconds', 'seconds must be a whole number from 0 to 31622400 (366 days)');
        return true;
      }
      if (typeof expire !== 'boolean') {
        sendProblem(res, 400, 'Invalid expire', 'expire must be true or false');
        return true;
      }
      const expired = sandbox.advance(seconds, { expire });
      sendJson(res, 200, {
        clock: sandbox.clock.toJSON(),
        expired: expired.map((session) => session.id),
        // The advance flips at most 250 sessions itself; the expiry job flips the rest moments later.
        moreExpiring: expire && sandbox.sessions.hasDue(),
      });
      return true;
    }
    case 'POST events': {
      const { type, session } = input;
      if (typeof type !== 'string' || type.length === 0) {
        sendProblem(res, 400, 'Invalid type', 'type is required: the event to send, e.g. "payment.session.expired"');
        return true;
      }
      if (session !== undefined && (typeof session !== 'string' || session.length === 0)) {
        sendProblem(res, 400, 'Invalid session', 'session must be the id of a session of this mock (a string)');
        return true;
      }
      try {
        const sent = sandbox.trigger(type, session, ownOrigin(req));
        sendJson(res, 201, { event: showEvent(sent.event), session: describeSession(sandbox, sent.session) });
      } catch (error) {
        if (!(error instanceof TriggerError)) throw error;
        sendProblem(res, error.status, error.title, error.message);
      }
      return true;
    }
    case 'GET webhook-endpoints':
      sendJson(res, 200, { webhookEndpoints: sandbox.endpoints.list(), total: sandbox.endpoints.size });
      return true;
    case 'POST events/{id}/resend': {
      const event = sandbox.webhooks?.event(parts[1]!);
      if (!event || !sandbox.webhooks) {
        sendProblem(res, 404, 'Unknown event', 'No event with this id in this mock (see GET /__paykit/events).');
        return true;
      }
      sandbox.webhooks.send(event);
      sendJson(res, 202, showEvent(event));
      return true;
    }
    case 'POST reset':
      sandbox.reset();
      sendJson(res, 200, { reset: true, clock: sandbox.clock.toJSON() });
      return true;
    default:
      sendProblem(
        res,
        404,
        'Unknown control route',
        `${method} ${url.pathname} is not a control route; GET ${RESERVED_PREFIX} lists them.`,
      );
      return true;
  }
}
