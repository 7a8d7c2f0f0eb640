import type { IncomingMessage, ServerResponse } from 'node:http';
import { plainProblem, writeAnswer } from '../engine/answers.js';
import { parseJsonBody } from '../engine/json.js';
import { ACCOUNT_ID, type Account } from './accounts.js';
import { advanceBody, checkBody, emptyBody, eventBody, stateBody } from './control-bodies.js';
import { pageAcross, pageAnswer, pageQuery } from './control-pages.js';
import { RESERVED_PREFIX } from './hook.js';
import { servePage } from './hosted-page.js';
import { sendFile, sendRequests, wantsHtml } from './dashboard/routes.js';
import { openStream } from './dashboard/stream.js';
import { type Sandbox, TriggerError } from './sandbox.js';
import { TransitionError } from './sessions.js';
import { CONTROL_ROUTES } from './control-routes.js';
import { serveStripeStandIn } from './stripe-js/routes.js';
import type { Session } from './vendors/types.js';
import { type LoggedEvent, printable } from './webhooks.js';

/** Control answers are indented JSON, for the person reading them in a terminal. */
function sendJson(res: ServerResponse, status: number, body: unknown): void {
  writeAnswer(res, { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body, null, 2) });
}

/** Control API errors are problem documents, like the front door's own. */
function sendProblem(res: ServerResponse, status: number, title: string, detail: string): void {
  writeAnswer(res, plainProblem(status, title, detail));
}

/** A session for the control API: its account, sandbox state and the vendor's view (never the page's secret URL). */
export function describeSession(account: Account, session: Session): Record<string, unknown> {
  const kind = account.sessions.kind(session);
  const pageUrl = session.page?.url;
  // Some vendors show the page URL in every read (Connect's hosted `provider.url`): the list leaves it out.
  const object = JSON.parse(
    JSON.stringify(kind.render(session, 'read'), (_, value) => (value === pageUrl ? undefined : value)),
  );
  return {
    id: session.id,
    account: account.id,
    kind: session.kind,
    state: session.phase,
    status: kind.status[session.phase],
    createdAt: new Date(session.createdAt).toISOString(),
    updatedAt: new Date(session.updatedAt).toISOString(),
    expiresAt: session.expiresAt === undefined ? null : new Date(session.expiresAt).toISOString(),
    pastExpiry: account.sessions.pastExpiry(session),
    hostedPage: session.page ? (session.page.used ? 'used' : 'unused') : null,
    object,
  };
}

/** A webhook event as the control API shows it: its account, each receiver's URL without its query (a token). */
function showEvent(account: Account, event: LoggedEvent): Record<string, unknown> {
  const deliveries = event.deliveries.map((delivery) => ({ ...delivery, url: printable(delivery.url) }));
  return { ...event, account: account.id, deliveries };
}

/**
 * The mock's own origin, for the hosted page of a session the control API makes: the address it listens on (as the
 * front door builds it), never the Host header.
 */
function ownOrigin(req: IncomingMessage): string {
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
}

/** What a route's handler gets: the request, its path parameters, its JSON body and the account it names. */
interface ControlRequest {
  sandbox: Sandbox;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The values of the route's `{…}` segments, in order. */
  params: string[];
  input: Record<string, unknown>;
  /** The account of `?account=`, or undefined: every account (lists), or "all" where that makes sense. */
  account: Account | undefined;
}

interface ControlRoute {
  /** A GET route answers HEAD too (headers only). */
  method: 'GET' | 'POST';
  /** Segments after the prefix; `{id}` matches any one. */
  path: string;
  /** Only for a request that asks for HTML (a browser's navigation): the dashboard page, before the JSON index. */
  html?: true;
  handle(request: ControlRequest): void;
}

/** The accounts a request is about: the one it names, else every one. */
const accountsOf = ({ sandbox, account }: ControlRequest): Account[] => (account ? [account] : sandbox.accounts.all());

function showIndex({ sandbox, res }: ControlRequest): void {
  const clock = sandbox.accounts.shared.toJSON();
  sendJson(res, 200, { api: sandbox.api, clock, accounts: sandbox.accounts.size, routes: CONTROL_ROUTES });
}

function listAccounts(request: ControlRequest): void {
  const { sandbox, res } = request;
  const endpoints = new Map(sandbox.endpoints.entries());
  const accounts = accountsOf(request).map((account) => ({
    ...account.describe(),
    webhookEndpoints: endpoints.get(account.id)?.length ?? 0,
  }));
  sendJson(res, 200, { accounts, total: accounts.length, clock: sandbox.accounts.shared.toJSON() });
}

function listSessions(request: ControlRequest): void {
  const { res, url } = request;
  const query = pageQuery(url, 'sessions');
  if (!query.ok) return sendProblem(res, 400, query.title, query.detail);
  const accounts = accountsOf(request);
  const page = pageAcross(accounts, query, (account, after, limit) => account.sessions.page(after, limit));
  const items = page.items.map(({ account, item }) => describeSession(account, item));
  const total = accounts.reduce((sum, account) => sum + account.sessions.size, 0);
  const filters: Record<string, string> = request.account ? { account: request.account.id } : {};
  sendJson(res, 200, pageAnswer('sessions', items, total, page.next, query.limit, filters));
}

function listEvents(request: ControlRequest): void {
  const { res, url } = request;
  const query = pageQuery(url, 'events');
  if (!query.ok) return sendProblem(res, 400, query.title, query.detail);
  const filters: Record<string, string> = request.account ? { account: request.account.id } : {};
  for (const name of ['type', 'session'] as const) {
    const value = url.searchParams.get(name);
    if (value === null) continue;
    if (value.length === 0 || value.length > 200) {
      return sendProblem(res, 400, `Invalid ${name}`, `${name} must be 1 to 200 characters`);
    }
    filters[name] = value;
  }
  const filter = { type: filters.type, objectId: filters.session };
  const accounts = accountsOf(request);
  const page = pageAcross(
    accounts,
    query,
    (account, after, limit) =>
      account.webhooks?.page(after, limit, filter) ?? { items: [], next: undefined, visited: 0 },
  );
  const items = page.items.map(({ account, item }) => showEvent(account, item));
  const total = accounts.reduce((sum, account) => sum + (account.webhooks?.size ?? 0), 0);
  sendJson(res, 200, pageAnswer('events', items, total, page.next, query.limit, filters));
}

/** The session of a `{id}` route: in the named account, else in whichever holds it; answers 404 when none does. */
function sessionOf({ sandbox, res, params, account }: ControlRequest) {
  const id = params[0]!;
  const session = account?.sessions.get(id);
  const owned = account ? session && { account, session } : sandbox.accounts.find(id);
  if (!owned) {
    const where = account ? `account ${account.id}` : 'this mock';
    sendProblem(res, 404, 'Unknown session', `No session with this id in ${where} (was it reset?).`);
  }
  return owned;
}

function showSession(request: ControlRequest): void {
  const owned = sessionOf(request);
  if (owned) sendJson(request.res, 200, describeSession(owned.account, owned.session));
}

function moveSession(request: ControlRequest): void {
  const { res, input } = request;
  const owned = sessionOf(request);
  if (!owned) return;
  const body = checkBody(stateBody, input);
  if (!body.ok) return sendProblem(res, 400, body.title, body.detail);
  try {
    owned.account.sessions.move(owned.session, body.value.state);
  } catch (error) {
    if (!(error instanceof TransitionError)) throw error;
    return sendProblem(res, 409, 'State change refused', error.message);
  }
  sendJson(res, 200, describeSession(owned.account, owned.session));
}

/** The clock a request is about: its account's, or the one new accounts start from with every account's listed. */
function clockView({ sandbox, account }: ControlRequest): Record<string, unknown> {
  if (account) return { account: account.id, clock: account.clock.toJSON() };
  const accounts = sandbox.accounts.all().map((held) => ({ account: held.id, clock: held.clock.toJSON() }));
  return { account: 'all', clock: sandbox.accounts.shared.toJSON(), accounts };
}

function showClock(request: ControlRequest): void {
  const view = clockView(request);
  // The clock's own fields at the top, as before accounts: `now`, `nowSeconds`, `offsetSeconds`.
  sendJson(request.res, 200, { ...(view.clock as object), ...view });
}

function advanceClock(request: ControlRequest): void {
  const { sandbox, res, input, account } = request;
  const body = checkBody(advanceBody, input);
  if (!body.ok) return sendProblem(res, 400, body.title, body.detail);
  const { seconds, to, expire = true } = body.value;
  const options = { expire, ...(account ? { account: account.id } : {}) };
  let expired: Session[];
  try {
    expired = to === undefined ? sandbox.advance(seconds!, options) : sandbox.advanceTo(Date.parse(to), options);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return sendProblem(res, 400, 'Invalid to', `to: ${error.message}`);
  }
  sendJson(res, 200, {
    ...clockView(request),
    expired: expired.map((session) => session.id),
    // The advance flips at most 250 sessions per account itself; the expiry job flips the rest moments later.
    moreExpiring: expire && accountsOf(request).some((held) => held.sessions.hasDue()),
  });
}

function resetClock(request: ControlRequest): void {
  const body = checkBody(emptyBody, request.input);
  if (!body.ok) return sendProblem(request.res, 400, body.title, body.detail);
  request.sandbox.resetClock(request.account?.id);
  sendJson(request.res, 200, clockView(request));
}

function sendEvent(request: ControlRequest): void {
  const { sandbox, req, res, input, account } = request;
  const body = checkBody(eventBody, input);
  if (!body.ok) return sendProblem(res, 400, body.title, body.detail);
  try {
    const sent = sandbox.trigger(body.value.type, body.value.session, ownOrigin(req), account?.id);
    const owner = sandbox.accounts.find(sent.session.id)?.account ?? sandbox.accounts.control;
    sendJson(res, 201, { event: showEvent(owner, sent.event), session: describeSession(owner, sent.session) });
  } catch (error) {
    if (!(error instanceof TriggerError)) throw error;
    sendProblem(res, error.status, error.title, error.message);
  }
}

function resendEvent(request: ControlRequest): void {
  const { res, params } = request;
  const owner = accountsOf(request).find((account) => account.webhooks?.event(params[0]!));
  const event = owner?.webhooks?.event(params[0]!);
  if (!owner?.webhooks || !event) {
    return sendProblem(res, 404, 'Unknown event', 'No event with this id in this mock (see GET /__paykit/events).');
  }
  owner.webhooks.send(event);
  sendJson(res, 202, showEvent(owner, event));
}

function listEndpoints(request: ControlRequest): void {
  const { sandbox, res, account } = request;
  const listed = sandbox.endpoints.list().filter((endpoint) => !account || endpoint.account === account.id);
  sendJson(res, 200, { webhookEndpoints: listed, total: listed.length });
}

function resetState(request: ControlRequest): void {
  const { sandbox, res, account } = request;
  const body = checkBody(emptyBody, request.input);
  if (!body.ok) return sendProblem(res, 400, body.title, body.detail);
  // Without an account, "all" makes sense: the whole sandbox starts over (the answer says so).
  sandbox.reset(account?.id);
  const clock = (account ? sandbox.accounts.get(account.id)?.clock : undefined) ?? sandbox.accounts.shared;
  sendJson(res, 200, { reset: true, account: account?.id ?? 'all', clock: clock.toJSON() });
}

/** The dashboard's own routes: its page and files, the request log and the live stream. */
const dashboardFile =
  (name: 'page' | 'dashboard.js' | 'dashboard.css') =>
  ({ req, res }: ControlRequest): void =>
    sendFile(res, name, req.method ?? 'GET');

const listRequests = ({ sandbox, url, res, account }: ControlRequest): void =>
  sendRequests(sandbox, url, res, account?.id);

const stream = ({ sandbox, req, res, account }: ControlRequest): void =>
  openStream(sandbox, res, req.method ?? 'GET', account?.id);

const ROUTES: readonly ControlRoute[] = [
  { method: 'GET', path: '', html: true, handle: dashboardFile('page') },
  { method: 'GET', path: 'dashboard.js', handle: dashboardFile('dashboard.js') },
  { method: 'GET', path: 'dashboard.css', handle: dashboardFile('dashboard.css') },
  { method: 'GET', path: '', handle: showIndex },
  { method: 'GET', path: 'requests', handle: listRequests },
  { method: 'GET', path: 'stream', handle: stream },
  { method: 'GET', path: 'accounts', handle: listAccounts },
  { method: 'GET', path: 'sessions', handle: listSessions },
  { method: 'GET', path: 'sessions/{id}', handle: showSession },
  { method: 'POST', path: 'sessions/{id}/state', handle: moveSession },
  { method: 'GET', path: 'clock', handle: showClock },
  { method: 'POST', path: 'clock/advance', handle: advanceClock },
  { method: 'POST', path: 'clock/reset', handle: resetClock },
  { method: 'GET', path: 'events', handle: listEvents },
  { method: 'POST', path: 'events', handle: sendEvent },
  { method: 'POST', path: 'events/{id}/resend', handle: resendEvent },
  { method: 'GET', path: 'webhook-endpoints', handle: listEndpoints },
  { method: 'POST', path: 'reset', handle: resetState },
];

const matches = (route: ControlRoute, parts: readonly string[]): boolean => {
  const pattern = route.path === '' ? [] : route.path.split('/');
  return pattern.length === parts.length && pattern.every((segment, i) => segment === '{id}' || segment === parts[i]);
};

/**
 * The route a request names, with the values of its `{…}` segments; else the methods the path takes (405), if any.
 */
function findRoute(
  req: IncomingMessage,
  parts: readonly string[],
): { route: ControlRoute; params: string[] } | { allowed: string[] } {
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const onPath = ROUTES.filter((route) => matches(route, parts) && (!route.html || wantsHtml(req)));
  const route = onPath.find((candidate) => candidate.method === method);
  if (!route) return { allowed: [...new Set(onPath.map((candidate) => candidate.method))] };
  const pattern = route.path.split('/');
  return { route, params: parts.filter((_, index) => pattern[index] === '{id}') };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; status: number; title: string; detail: string };

function parseJson(rawBody: Buffer): Parsed<Record<string, unknown>> {
  if (rawBody.length === 0) return { ok: true, value: {} };
  const parsed = parseJsonBody(rawBody);
  const refuse = (detail: string) => ({ ok: false as const, status: 400, title: 'Malformed control request', detail });
  if (!parsed.ok) return refuse(`The body is not valid JSON: ${parsed.reason}.`);
  const { value } = parsed;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return { ok: true, value: value as Record<string, unknown> };
  }
  return refuse('The body must be a JSON object.');
}

/** The account `?account=` names: absent is fine (all accounts); a malformed or unknown id is refused. */
function accountParam(sandbox: Sandbox, url: URL): Parsed<Account | undefined> {
  const id = url.searchParams.get('account');
  if (id === null) return { ok: true, value: undefined };
  if (!ACCOUNT_ID.test(id)) {
    const detail = 'account must be an account id: acct_ and 12 hex digits, or acct_control (GET /__paykit/accounts)';
    return { ok: false, status: 400, title: 'Invalid account', detail };
  }
  const account = sandbox.accounts.get(id);
  if (account) return { ok: true, value: account };
  const detail = `No account ${id} in this mock: an API key's account is made by its first request (GET /__paykit/accounts lists them).`;
  return { ok: false, status: 404, title: 'Unknown account', detail };
}

/** 404 for a path no route has; 405 naming the methods it takes for one that does. */
function unknownRoute(res: ServerResponse, method: string, path: string, allowed: string[]): void {
  if (allowed.length === 0) {
    const detail = `${method} ${path} is not a control route; GET ${RESERVED_PREFIX} lists them.`;
    return sendProblem(res, 404, 'Unknown control route', detail);
  }
  const allow = allowed.flatMap((name) => (name === 'GET' ? ['GET', 'HEAD'] : [name])).join(', ');
  writeAnswer(res, {
    ...plainProblem(405, 'Method not allowed', `${path} takes ${allowed.join(' or ')}.`),
    headers: { allow, 'content-type': 'application/problem+json' },
  });
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
  const method = req.method ?? 'GET';
  if (parts[0] === 'pages' && (parts.length === 2 || (parts.length === 3 && parts[2] === 'challenge'))) {
    const isForm = /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '');
    const form = new URLSearchParams(isForm ? rawBody.toString('utf8') : '');
    servePage(sandbox, method, parts[1]!, form, res, parts.length === 3 ? 'challenge' : 'card');
    return true;
  }
  const body = method === 'POST' ? parseJson(rawBody) : ({ ok: true, value: {} } as const);
  if (!body.ok) {
    sendProblem(res, body.status, body.title, body.detail);
    return true;
  }
  if (serveStripeStandIn(sandbox, method, parts, body.value, res)) return true;
  const found = findRoute(req, parts);
  if ('allowed' in found) {
    unknownRoute(res, method, url.pathname, found.allowed);
    return true;
  }
  const account = accountParam(sandbox, url);
  if (!account.ok) {
    sendProblem(res, account.status, account.title, account.detail);
    return true;
  }
  found.route.handle({ sandbox, req, res, url, params: found.params, input: body.value, account: account.value });
  return true;
}
