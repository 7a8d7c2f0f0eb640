import type { RequestEntry } from './request-log.js';

/** The CLI's line for a request: `POST /v1/sessions 201 12ms idem=k1 replay session=… account=acct_… (reason)`. */
export function requestLine(entry: RequestEntry): string {
  const parts = [
    entry.method,
    entry.path,
    entry.status === null ? 'cut' : String(entry.status),
    `${entry.latencyMs}ms`,
  ];
  if (entry.idempotencyKey !== null) parts.push(`idem=${entry.idempotencyKey}`);
  if (entry.replay) parts.push('replay');
  if (entry.session !== null) parts.push(`session=${entry.session}`);
  if (entry.account !== null) parts.push(`account=${entry.account}`);
  if (entry.refusal !== null) parts.push(`(${entry.refusal})`);
  return parts.join(' ');
}
