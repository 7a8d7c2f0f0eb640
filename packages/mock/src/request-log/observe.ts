import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { answerReason } from '../engine/answers.js';
import type { RequestNote } from '../engine/hook.js';
import type { RequestLog } from './request-log.js';

const MAX_PATH = 300;
const MAX_KEY = 100;

const decoded = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * The path as the log shows it: no query (it may carry a token or key), and under `/__paykit/` every segment after
 * `pages` (a hosted page's secret token, however it is %-escaped) replaced by `[token]`, `challenge` excepted.
 */
export function loggedPath(target: string | undefined): string {
  const path = (target ?? '/').split(/[?#]/, 1)[0] ?? '/';
  // The API's own paths (no `__paykit`, no %-escape) are shown as they are, without the segment by segment look.
  if (!path.includes('__paykit') && !path.includes('%')) return capped(path);
  const segments = path.split('/');
  const reserved = decoded(segments.find(Boolean) ?? '') === '__paykit';
  let afterPages = false;
  const shown = segments.map((segment) => {
    const word = decoded(segment);
    const secret = reserved && afterPages && word !== '' && word !== 'challenge';
    if (word !== '') afterPages ||= reserved && word === 'pages';
    return secret ? '[token]' : segment;
  });
  return capped(shown.join('/'));
}

const capped = (path: string): string => (path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path);

/**
 * GETs the dashboard makes for itself (the page, its files, its stream, and the reads it marks with this header) are
 * not logged: each new entry makes it read again, which would log a request, and so on.
 */
export const DASHBOARD_HEADER = 'x-paykit-dashboard';
const DASHBOARD_FILES = new Set(['/__paykit/dashboard.js', '/__paykit/dashboard.css', '/__paykit/stream']);

function isDashboardRead(req: IncomingMessage, path: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (path === '/__paykit/' && /\btext\/html\b/i.test(req.headers.accept ?? '')) return true;
  return DASHBOARD_FILES.has(path) || req.headers[DASHBOARD_HEADER] !== undefined;
}

/**
 * The front door's hook: returns the note the sandbox fills in (idempotency key, replay, session) and logs the
 * request once its answer is written or its connection cut. Nothing of the body or of any other header is kept.
 */
export function observeRequest(log: RequestLog, req: IncomingMessage, res: ServerResponse): RequestNote {
  const note: RequestNote = {};
  const started = performance.now();
  const path = loggedPath(req.url);
  if (isDashboardRead(req, path)) return note;
  res.once('close', () => {
    const answered = res.writableFinished;
    const injected = res.getHeader('x-mock-injected');
    const reason = answerReason(res) ?? (typeof injected === 'string' ? injected : undefined);
    log.add({
      time: new Date(Date.now() - (performance.now() - started)).toISOString(),
      method: req.method ?? 'GET',
      path,
      status: answered ? res.statusCode : null,
      latencyMs: Math.round(performance.now() - started),
      idempotencyKey: note.idempotencyKey?.slice(0, MAX_KEY) ?? null,
      refusal: answered ? (reason ?? null) : 'connection cut before an answer',
      replay: note.replay === true,
      session: note.session ?? null,
      account: note.account ?? null,
    });
  });
  return note;
}
