import { PaykitValidationError } from '../../core/errors.js';
import { webCrypto } from '../../core/runtime.js';
import { schemaViolation } from '../../core/schema-check.js';
import type { webhooks } from '../../generated/ten99policy/types.js';
import { webhookEvents, webhookObjects } from '../../generated/ten99policy/metadata.js';
import { PaykitWebhookError } from './webhook-errors.js';

// The scheme follows 1099Policy's official Node library (lib/Webhooks.js), itself modelled on Stripe's:
// header `ten99policy-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v1=…]`, keyed with
// the endpoint's `whsec_…` secret, any matching `v1` accepted, default tolerance 300 s. The header is parsed as that
// library (and Stripe's) parses it: items split on `,` and `=` with no trimming, signatures compared as lowercase
// hex, so a header they refuse is refused here too. It uses Web Crypto, so it runs unchanged in Node, browsers and
// edge runtimes; `crypto.subtle.verify` compares in constant time.

export const WEBHOOK_SIGNATURE_HEADER = 'ten99policy-signature';
export const DEFAULT_WEBHOOK_TOLERANCE_SEC = 300;

/**
 * An event as verifyWebhook returns it: the spec admits the three documented forms (`event_type` for `type`, the
 * session directly under `data`), and verifyWebhook normalises each to `type` with the session at `data.object`.
 */
type EventOf<Name extends keyof webhooks> = webhooks[Name] extends {
  post: { requestBody: { content: { 'application/json': infer Event extends { data: unknown } } } };
}
  ? Omit<Event, 'type' | 'event_type' | 'data'> & { type: Name; data: Extract<Event['data'], { object: unknown }> }
  : never;

/** Every webhook event the spec declares, discriminated by `type`. */
export type WebhookEvent = { [Name in keyof webhooks]: EventOf<Name> }[keyof webhooks];
export type WebhookEventType = WebhookEvent['type'];

export type RawBody = string | Uint8Array | ArrayBuffer;
/**
 * Anything with a `get(name)` (a Fetch `Headers` of any realm: undici's, a framework's), or a plain object such as
 * Node's `req.headers` (names compared case-insensitively).
 */
export type WebhookHeaders =
  | { get(name: string): string | null | undefined }
  | Record<string, string | readonly string[] | undefined>;

export interface VerifyWebhookInput {
  /** The request body exactly as received (not parsed and re-serialized JSON). */
  rawBody: RawBody;
  headers: WebhookHeaders;
  /** The endpoint's signing secret (`whsec_…`). */
  secret: string;
  /** Largest accepted distance between the signature's timestamp and now, in seconds. Default 300. */
  toleranceSec?: number;
  /** The current time; for tests. */
  now?: Date;
}

export interface SignWebhookInput {
  rawBody: RawBody;
  secret: string;
  /** Signing time. Default: now. */
  timestamp?: Date;
}

const encoder = new TextEncoder();
// What the vendor's library computes and compares as a string: lowercase hex only.
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
const knownEvents: ReadonlySet<string> = new Set(webhookEvents);

/**
 * Verifies a 1099Policy webhook delivery and returns its event, typed by the spec's `webhooks`. Throws a
 * PaykitWebhookError whose `reason` says what was wrong; answer those with a 4xx (or, for `unknown_event`, a 2xx
 * to acknowledge an event you do not handle).
 */
export async function verifyWebhook(input: VerifyWebhookInput): Promise<WebhookEvent> {
  const { secret, toleranceSec = DEFAULT_WEBHOOK_TOLERANCE_SEC } = input;
  checkSecret(secret);
  if (typeof toleranceSec !== 'number' || !Number.isFinite(toleranceSec) || toleranceSec < 0) {
    throw new PaykitValidationError('toleranceSec', 'must be a number of seconds of at least 0');
  }
  const body = bodyBytes(input.rawBody);
  const header = readHeader(input.headers, WEBHOOK_SIGNATURE_HEADER);
  if (header === undefined || header.trim() === '') {
    throw new PaykitWebhookError('missing_header', `The ${WEBHOOK_SIGNATURE_HEADER} header is missing`);
  }
  const { timestamp, signatures } = parseSignatureHeader(header);

  const key = await hmacKey(secret, 'verify');
  const signed = signedPayload(timestamp, body);
  let matched = false;
  for (const signature of signatures) {
    if (!HEX_SIGNATURE.test(signature)) continue;
    // Check every candidate, so the time taken does not depend on which one matched.
    if (await webCrypto('subtle').subtle.verify('HMAC', key, hexToBytes(signature), signed)) matched = true;
  }
  if (!matched) {
    throw new PaykitWebhookError(
      'bad_signature',
      'No v1 signature matches the body: check the endpoint secret, and pass the raw request body as received',
    );
  }

  const nowSec = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSec - Number(timestamp)) > toleranceSec) {
    throw new PaykitWebhookError(
      'stale_timestamp',
      `The signature timestamp is more than ${toleranceSec} s away from now ` +
        '(a replayed or delayed delivery, or clock skew)',
    );
  }
  return parseEvent(body);
}

/** The `ten99policy-signature` header value for a body: for tests and webhook simulators. */
export async function signWebhook(input: SignWebhookInput): Promise<string> {
  checkSecret(input.secret);
  const timestamp = String(Math.floor((input.timestamp ?? new Date()).getTime() / 1000));
  const key = await hmacKey(input.secret, 'sign');
  const mac = await webCrypto('subtle').subtle.sign('HMAC', key, signedPayload(timestamp, bodyBytes(input.rawBody)));
  return `t=${timestamp},v1=${bytesToHex(new Uint8Array(mac))}`;
}

function checkSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new PaykitValidationError('secret', 'is required and must be a non-empty string');
  }
}

function bodyBytes(rawBody: RawBody): Uint8Array {
  if (typeof rawBody === 'string') return encoder.encode(rawBody);
  if (rawBody instanceof Uint8Array) return rawBody;
  if (rawBody instanceof ArrayBuffer) return new Uint8Array(rawBody);
  throw new PaykitValidationError(
    'rawBody',
    'must be the raw request body as a string or bytes, not parsed JSON (the signature covers the exact bytes)',
  );
}

function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') {
    throw new PaykitValidationError(
      'headers',
      'must be a Headers object (anything with get()) or a plain object of headers',
    );
  }
  // Not `instanceof Headers`: a Headers from another realm (the undici package, a test runner's) is one too.
  if (typeof headers.get === 'function')
    return (headers.get as (name: string) => string | null | undefined)(name) ?? undefined;
  const record = headers as Record<string, string | readonly string[] | undefined>;
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== name) continue;
    const value = record[key];
    return typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : undefined;
  }
  return undefined;
}

function parseSignatureHeader(header: string): { timestamp: string; signatures: string[] } {
  // As the vendor's library: each item split on `=`, keys taken as they are (` v1` is not `v1`), the last `t=`
  // read as an integer the way parseInt reads it (`t=1700000000 ` and `t=1700000000.5` are 1700000000), and that
  // integer, not the text, is what the signature covers.
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const [key, value = ''] = item.split('=');
    if (key === 't') timestamp = Number.parseInt(value, 10);
    else if (key === 'v1') signatures.push(value);
    // Other schemes (v0, future versions) and anything else are ignored, as the vendor's library does.
  }
  if (timestamp === undefined || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw malformedHeader('it needs t=<unix seconds>');
  }
  if (signatures.length === 0) throw malformedHeader('it has no v1= signature');
  return { timestamp: String(timestamp), signatures };
}

function malformedHeader(rule: string): PaykitWebhookError {
  return new PaykitWebhookError('malformed_header', `The ${WEBHOOK_SIGNATURE_HEADER} header is malformed: ${rule}`);
}

function signedPayload(timestamp: string, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${timestamp}.`);
  const payload = new Uint8Array(prefix.length + body.length);
  payload.set(prefix, 0);
  payload.set(body, prefix.length);
  return payload;
}

let cachedKey: { secret: string; usage: KeyUsage; key: Promise<CryptoKey> } | undefined;

/** Imports the secret as an HMAC key; the last key is reused, since an endpoint verifies with one secret. */
function hmacKey(secret: string, usage: KeyUsage): Promise<CryptoKey> {
  if (cachedKey?.secret !== secret || cachedKey.usage !== usage) {
    const algorithm = { name: 'HMAC', hash: 'SHA-256' };
    const key = webCrypto('subtle').subtle.importKey('raw', encoder.encode(secret), algorithm, false, [usage]);
    cachedKey = { secret, usage, key };
  }
  return cachedKey.key;
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

function parseEvent(body: Uint8Array): WebhookEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new PaykitWebhookError('malformed_payload', 'The body is not UTF-8 JSON');
  }
  if (!isRecord(parsed)) throw new PaykitWebhookError('malformed_payload', 'The body is not a JSON object');
  // Older vendor material names the type field `event_type` and puts the resource directly under `data`; the spec
  // asks receivers to accept both, so they are normalized to the documented envelope.
  const type = parsed.type ?? parsed.event_type;
  const data = isRecord(parsed.data) && !('object' in parsed.data) ? { object: parsed.data } : parsed.data;
  if (typeof parsed.id !== 'string' || typeof type !== 'string' || typeof parsed.created !== 'number') {
    throw new PaykitWebhookError(
      'malformed_payload',
      'The event needs a string id, a string type and a numeric created',
    );
  }
  if (!isRecord(data) || !isRecord(data.object)) {
    throw new PaykitWebhookError('malformed_payload', 'The event needs data.object');
  }
  if (!knownEvents.has(type)) {
    throw new PaykitWebhookError(
      'unknown_event',
      `The event type is not one this client knows (it knows ${webhookEvents.join(', ')})`,
    );
  }
  // The session must have the shape the spec promises before code downstream trusts it (ids as strings, a known
  // status, no secret url…): a signed but malformed event is refused here, not a crash later.
  const schema = webhookObjects.schemas[webhookObjects.events[type] ?? -1];
  const violation = schema === undefined ? undefined : schemaViolation(schema, data.object, 'data.object');
  if (violation) throw new PaykitWebhookError('malformed_payload', `The event does not match the spec: ${violation}`);
  const { event_type: _legacyType, ...rest } = parsed;
  return { ...rest, type, data } as unknown as WebhookEvent;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
