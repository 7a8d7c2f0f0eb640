import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { plainProblem, writeAnswer } from '../../engine/answers.js';
import type { Sandbox } from '../sandbox.js';

/*
 * The dashboard (`GET /__paykit/` asked for HTML: a browser), its two static files, the request log
 * (`GET /__paykit/requests`) and the live stream the page listens to (`GET /__paykit/stream`). The page is plain
 * HTML and one classic script, read from assets/ as they are: no build step. Everything else it shows comes from
 * the control API, same origin, through the front door's rules like any other `/__paykit/` request.
 */

/**
 * Nothing but the mock's own files runs or loads (and the empty `data:` icon), nothing frames the page, and its forms
 * post nowhere (the script sends them).
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

const FILES = {
  page: { file: 'dashboard.html', type: 'text/html; charset=utf-8' },
  'dashboard.js': { file: 'dashboard.js', type: 'text/javascript; charset=utf-8' },
  'dashboard.css': { file: 'dashboard.css', type: 'text/css; charset=utf-8' },
} as const;

const read = new Map<string, string>();
/** A file of assets/, read once: the same path from src/ and dist/. */
function asset(file: string): string {
  let text = read.get(file);
  if (text === undefined) {
    text = readFileSync(new URL(`../../../assets/${file}`, import.meta.url), 'utf8');
    read.set(file, text);
  }
  return text;
}

/** A browser's navigation asks for HTML; curl and fetch (`*\/*`, `application/json`) get the JSON index as before. */
export const wantsHtml = (req: IncomingMessage): boolean => /\btext\/html\b/i.test(req.headers.accept ?? '');

/** The page (`GET /__paykit/` asked for HTML) or one of its two files, under the page's strict policy. */
export function sendFile(res: ServerResponse, name: keyof typeof FILES, method: string): void {
  const { file, type } = FILES[name];
  const body = asset(file);
  res.writeHead(200, {
    'content-type': type,
    'content-security-policy': DASHBOARD_CSP,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
    vary: 'Accept',
    'content-length': Buffer.byteLength(body),
  });
  res.end(method === 'HEAD' ? undefined : body);
}

const LIST_LIMIT = { default: 100, max: 1000 };

/**
 * `GET /__paykit/requests?after=<id>&limit=<n>`: entries after that id, oldest first; without `after` the newest.
 * `account` (the control API's `?account=`, already checked): only that account's.
 */
export function sendRequests(sandbox: Sandbox, url: URL, res: ServerResponse, account?: string): void {
  const afterText = url.searchParams.get('after');
  const limitText = url.searchParams.get('limit');
  const after = afterText === null ? undefined : /^\d{1,15}$/.test(afterText) ? Number(afterText) : Number.NaN;
  const limit = limitText === null ? LIST_LIMIT.default : /^\d{1,4}$/.test(limitText) ? Number(limitText) : 0;
  if (Number.isNaN(after)) {
    return writeAnswer(res, plainProblem(400, 'Invalid after', 'after must be the id of a request (a whole number)'));
  }
  if (limit < 1 || limit > LIST_LIMIT.max) {
    const detail = `limit must be a whole number from 1 to ${LIST_LIMIT.max}`;
    return writeAnswer(res, plainProblem(400, 'Invalid limit', detail));
  }
  const { requests } = sandbox;
  const body = {
    requests: requests.list(after, limit, account),
    ...(account === undefined ? {} : { account }),
    total: requests.size,
    lastId: requests.lastId,
    cap: requests.limit,
  };
  writeAnswer(res, {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body, null, 2),
  });
}
