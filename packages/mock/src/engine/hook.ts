import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { IHttpOperation } from '@stoplight/types';

/** One request as the engine read it (the body is read once, before Prism or a plugin sees it). */
export interface MockRequest {
  method: string;
  /** On the mock's own origin (the address it listens on), never on the Host header: build URLs from its origin. */
  url: URL;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed JSON, or undefined (no body, or not a JSON media type). */
  body: unknown;
  /** What the plugin tells the request log about this request (filled in while it answers). */
  note?: RequestNote;
}

/** What only the plugin knows about a request, for its request log entry. */
export interface RequestNote {
  idempotencyKey?: string;
  /** Answered with the first answer given for its idempotency key. */
  replay?: boolean;
  /** The session it created or named. */
  session?: string;
  /** The account of the request's API key (never the key). */
  account?: string;
}

/** The operation the router matched, with the values of its path template. */
export interface MatchedOperation {
  api: string;
  operationId: string;
  /** Lower-case. */
  method: string;
  pathTemplate: string;
  pathParams: Record<string, string>;
  /** Prism's description of the operation. */
  operation: IHttpOperation;
}

/** A plugin's answer: JSON body, serialised by the engine. */
export interface MockAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Why the plugin refused the request (an error status), for the request log; never sent. */
  reason?: string;
}

/**
 * What a stateful extension (e.g. a sandbox) plugs into the engine. Order per request: CORS/delay/faults → reserved
 * prefix → router → Prism validation → refusal (vendor's words) → forced answer (Prism) → `handleOperation` →
 * Prism's answer.
 */
export interface MockPlugin {
  /** Requests under the reserved prefix `/__paykit/` (control API, hosted pages): return true once answered. */
  handleReserved?(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): boolean | Promise<boolean>;
  /**
   * A request Prism found valid and no Prefer/__code/__example/__dynamic forced: answer it, or undefined to let
   * Prism answer from the spec.
   */
  handleOperation?(op: MatchedOperation, req: MockRequest): MockAnswer | undefined | Promise<MockAnswer | undefined>;
  /**
   * True when `handleOperation` answers every valid, unforced request to this operation (never undefined): Prism
   * then only validates such a request and makes no answer of its own, which would be thrown away.
   */
  answersAll?(operationId: string): boolean;
  /** Called after each spec (re)load with the API's bundled document; state must survive reloads. */
  onSpec?(api: string, document: unknown): void;
  /** The account a request's API key belongs to (a non-secret id), for its request log entry; undefined: no key. */
  accountOf?(headers: MockRequest['headers']): string | undefined;
}

/** Makes the plugin of one API; called once per mock (state lives as long as the mock, across spec reloads). */
export type MockPluginFactory = (api: string) => MockPlugin;

/** Requests under this prefix never reach the router: they belong to the plugin (or get a 404). */
export const RESERVED_PREFIX = '/__paykit/';
