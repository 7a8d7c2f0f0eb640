import type { OpenApiDocument } from './document.js';
import { factsOf } from './vendor-facts.js';

/**
 * An API's default local port: the one of its spec's mock server (marked `x-paykit-environment: mock`, else a
 * loopback server with a port), else 4010 plus its place in the list of APIs (the first API 4010, the second 4011, …).
 */
export function defaultMockPort(document: OpenApiDocument, index: number): number {
  return factsOf(document).servers.mock?.port ?? 4010 + index;
}
