import { refusalFor } from '../engine/refusals.js';
import type { MatchedOperation, MockAnswer, MockRequest } from './hook.js';
import type { SessionKind } from './vendors/types.js';

const RULE = 'must be an http:// or https:// URL (the hosted page sends the browser there)';

/** Parsed once (a check, then a parse, was two parses per create). */
function isWebUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * The vendor's validation error for a create whose redirect target is no web address (`javascript:…`, `data:…`,
 * an app scheme): the hosted page would send the browser there. Built by the refusal rules from the spec, so it
 * reads like any other invalid field of that vendor (its error schema, its code for the field).
 */
export function redirectRefusal(
  kind: SessionKind | undefined,
  op: MatchedOperation,
  req: MockRequest,
  document: Record<string, unknown>,
): MockAnswer | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const broken = (kind?.redirectFields ?? []).filter((field) => body?.[field] !== undefined && !isWebUrl(body[field]));
  if (broken.length === 0) return undefined;
  const refusal = refusalFor({
    operation: op.operation,
    document,
    request: req,
    violations: broken.map((field) => ({ path: ['body', field], code: 'format', message: RULE, severity: 0 })),
    securityFailed: false,
  });
  if (!refusal) return undefined;
  return {
    status: refusal.status,
    headers: refusal.headers,
    body: refusal.body === undefined ? undefined : JSON.parse(refusal.body),
  };
}
