import { readFile } from 'node:fs/promises';
import type { IHttpOperation } from '@stoplight/types';
import { jsonSyntaxError } from '../front-door/body.js';
import { getHttpOperationsFromSpec } from './prism.js';
import { compileRouter, type Router } from './router.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * One path of the spec. Its operations are Prism's description of them, made on first use (or all at once by
 * `warmUp`, on reload): Prism's conversion costs milliseconds per operation, so a spec of hundreds is served long
 * before all are made.
 */
export interface SpecRoute {
  pathTemplate: string;
  methods: string[];
  operations(): Promise<IHttpOperation[]>;
  /** Hands the route operations already made (by a whole-document conversion). */
  made(operations: IHttpOperation[]): void;
}

/** A spec as the engine serves it: the bundled document and the router compiled over its paths. */
export interface CompiledSpec {
  readonly specPath: string;
  readonly document: Record<string, any>;
  readonly router: Router<SpecRoute>;
  readonly operationCount: number;
  /** Makes every path's operations now; rejects when Prism cannot read the document. */
  warmUp(): Promise<void>;
}

/** A spec that could not be loaded; the message names the file and, where known, the line or the path. */
export class SpecLoadError extends Error {
  override name = 'SpecLoadError';
}

/** Line and column of a character offset, for a parse error a developer can jump to. */
function lineOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** Prism's operations of one path: the document with only that path (a private copy: Prism's dereferencing edits it). */
function pathOperations(
  specPath: string,
  document: Record<string, any>,
  pathTemplate: string,
): Promise<IHttpOperation[]> {
  const { paths, webhooks: _webhooks, ...rest } = document;
  const single = structuredClone({ ...rest, paths: { [pathTemplate]: paths[pathTemplate] } });
  return getHttpOperationsFromSpec(single).catch((error: Error) => {
    throw new SpecLoadError(`${specPath}: Prism cannot read the operations of ${pathTemplate} (${error.message})`);
  });
}

function route(specPath: string, document: Record<string, any>, pathTemplate: string): SpecRoute {
  let made: Promise<IHttpOperation[]> | undefined;
  const item = document['paths'][pathTemplate] as Record<string, unknown>;
  return {
    pathTemplate,
    methods: HTTP_METHODS.filter((method) => item?.[method] !== undefined),
    operations: () => (made ??= pathOperations(specPath, document, pathTemplate)),
    made: (operations) => {
      made = Promise.resolve(operations);
    },
  };
}

/**
 * Reads, parses and routes one bundled spec; throws a `SpecLoadError` saying where it is broken. With `eager`, every
 * path's operations are made before it resolves (a reload must not swap in a spec that breaks on first use).
 */
export async function compileSpec(specPath: string, { eager }: { eager: boolean }): Promise<CompiledSpec> {
  let text: string;
  try {
    text = await readFile(specPath, 'utf8');
  } catch (error) {
    throw new SpecLoadError(`${specPath}: cannot read the spec (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let document: Record<string, any>;
  try {
    document = JSON.parse(text) as Record<string, any>;
  } catch (error) {
    const { position, reason } = jsonSyntaxError(text, error as Error);
    throw new SpecLoadError(`${specPath} at ${lineOf(text, position)}: not valid JSON (${reason})`);
  }
  if (typeof document !== 'object' || document === null || typeof document['openapi'] !== 'string') {
    throw new SpecLoadError(`${specPath}: not an OpenAPI 3 document (no "openapi" version field)`);
  }
  const paths =
    typeof document['paths'] === 'object' && document['paths'] !== null ? Object.keys(document['paths']) : [];
  const routes = paths.filter((path) => path.startsWith('/')).map((path) => route(specPath, document, path));
  const operationCount = routes.reduce((sum, each) => sum + each.methods.length, 0);
  // A webhooks-only document (OpenAPI 3.1) has nothing to answer, but is an API all the same: served, every path a 404.
  const webhooks = typeof document['webhooks'] === 'object' && document['webhooks'] !== null;
  if (operationCount === 0 && !webhooks) {
    throw new SpecLoadError(`${specPath}: the spec declares no operations and no webhooks`);
  }
  const warmUp = async (): Promise<void> => {
    // One conversion of the whole document (much cheaper than one per path), handed out to the paths.
    let all: IHttpOperation[];
    try {
      all = await getHttpOperationsFromSpec(structuredClone(document));
    } catch (error) {
      throw new SpecLoadError(`${specPath}: Prism cannot read its operations (${(error as Error).message})`);
    }
    for (const each of routes) each.made(all.filter((operation) => operation.path === each.pathTemplate));
  };
  if (eager) await warmUp();
  return { specPath, document, router: compileRouter(routes), operationCount, warmUp };
}
