import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { getHttpOperationsFromSpec } from '@stoplight/prism-http';

/*
 * The mock engine's plugin hook (contract 3 of the team brief), declared here until the engine branch exports it
 * from `src/engine/`; then this file re-exports the engine's types.
 */

/** Prism's description of one HTTP operation, as `getHttpOperationsFromSpec` returns it. */
export type IHttpOperation = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>[number];

export interface MockRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed JSON, or undefined. */
  body: unknown;
}

export interface MatchedOperation {
  api: string;
  operationId: string;
  /** Lower-case. */
  method: string;
  pathTemplate: string;
  pathParams: Record<string, string>;
  operation: IHttpOperation;
}

export interface MockAnswer {
  status: number;
  headers?: Record<string, string>;
  /** JSON. */
  body?: unknown;
}

export interface MockPlugin {
  /** Requests under the reserved prefix `/__paykit/` (control API, hosted pages): return true once answered. */
  handleReserved?(req: IncomingMessage, res: ServerResponse, rawBody: Buffer): boolean | Promise<boolean>;
  /**
   * A request Prism found valid and no Prefer/__code/__example/__dynamic forced: answer it, or undefined to let
   * Prism answer from the spec.
   */
  handleOperation?(op: MatchedOperation, req: MockRequest): MockAnswer | undefined | Promise<MockAnswer | undefined>;
  /** Called after each spec (re)load with the API's bundled document; state must survive reloads. */
  onSpec?(api: string, document: unknown): void;
}

/** The reserved path prefix of the control API and hosted pages. */
export const RESERVED_PREFIX = '/__paykit/';
