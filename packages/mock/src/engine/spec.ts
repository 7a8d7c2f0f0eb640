import type { OpenApiDocument } from './document.js';
import { readFile } from 'node:fs/promises';
import type { IHttpOperation } from '@stoplight/types';
import { jsonSyntaxError } from './json.js';
import { convertSpec, type SpecConversion, SpecLoadError } from './conversion.js';
import { compileRouter, type Router } from './router.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** One path of the spec; its operations are Prism's description of them (see `convertSpec`). */
export interface SpecRoute {
  pathTemplate: string;
  methods: string[];
  operations(): Promise<IHttpOperation[]>;
}

/** A spec as the engine serves it: the bundled document and the router compiled over its paths. */
export interface CompiledSpec {
  readonly specPath: string;
  readonly document: OpenApiDocument;
  readonly router: Router<SpecRoute>;
  readonly operationCount: number;
  /** Makes every path's operations (yielding between paths); rejects when Prism cannot read the document. */
  convertAll(): Promise<void>;
}

export { SpecLoadError };

/** Line and column of a character offset, for a parse error a developer can jump to. */
function lineOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function route(document: OpenApiDocument, pathTemplate: string, conversion: SpecConversion): SpecRoute {
  const item = (document['paths'] as Record<string, Record<string, unknown> | undefined>)[pathTemplate];
  return {
    pathTemplate,
    methods: HTTP_METHODS.filter((method) => item?.[method] !== undefined),
    operations: () => conversion.operationsOf(pathTemplate),
  };
}

/**
 * Reads, parses and routes one bundled spec; throws a `SpecLoadError` saying where it is broken. With `eager`, every
 * path's operations are made before it resolves (a reload must not swap in a spec that breaks on first use);
 * without, they are made in the background once the first request's path is made (from its own part of the document
 * where that separates), so the port opens at once and the first answer waits only for its own path.
 */
export async function compileSpec(specPath: string, { eager }: { eager: boolean }): Promise<CompiledSpec> {
  let text: string;
  try {
    text = await readFile(specPath, 'utf8');
  } catch (error) {
    throw new SpecLoadError(`${specPath}: cannot read the spec (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let document: OpenApiDocument;
  try {
    document = JSON.parse(text) as OpenApiDocument;
  } catch {
    const { position, reason } = jsonSyntaxError(text);
    throw new SpecLoadError(`${specPath} at ${lineOf(text, position)}: not valid JSON (${reason})`);
  }
  if (typeof document !== 'object' || document === null || typeof document['openapi'] !== 'string') {
    throw new SpecLoadError(`${specPath}: not an OpenAPI 3 document (no "openapi" version field)`);
  }
  const paths =
    typeof document['paths'] === 'object' && document['paths'] !== null ? Object.keys(document['paths']) : [];
  const routed = paths.filter((path) => path.startsWith('/'));
  const conversion = convertSpec(specPath, text, routed);
  const routes = routed.map((path) => route(document, path, conversion));
  const operationCount = routes.reduce((sum, each) => sum + each.methods.length, 0);
  // A webhooks-only document (OpenAPI 3.1) has nothing to answer, but is an API all the same: served, every path a 404.
  const webhooks = typeof document['webhooks'] === 'object' && document['webhooks'] !== null;
  if (operationCount === 0 && !webhooks) {
    throw new SpecLoadError(`${specPath}: the spec declares no operations and no webhooks`);
  }
  if (eager) {
    await conversion.convertAll();
  } else {
    conversion.convertInBackground();
  }
  return { specPath, document, router: compileRouter(routes), operationCount, convertAll: conversion.convertAll };
}
