import { readFile } from 'node:fs/promises';
import type { IHttpOperation } from '@stoplight/types';
import { getHttpOperationsFromSpec } from './prism.js';
import { compileRouter, type Router } from './router.js';

/** A spec as the engine serves it: the bundled document, Prism's operations and the router compiled over them. */
export interface CompiledSpec {
  readonly specPath: string;
  readonly document: Record<string, any>;
  readonly operations: readonly IHttpOperation[];
  readonly router: Router;
}

/** A spec that could not be loaded; the message names the file and, where known, the line. */
export class SpecLoadError extends Error {
  override name = 'SpecLoadError';
}

/** Line and column of a character offset, for a parse error a developer can jump to. */
function lineOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** Reads, parses and compiles one bundled spec; throws a `SpecLoadError` saying where it is broken. */
export async function compileSpec(specPath: string): Promise<CompiledSpec> {
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
    const position = /at position (\d+)/.exec((error as Error).message);
    const where = position ? ` at ${lineOf(text, Number(position[1]))}` : '';
    throw new SpecLoadError(`${specPath}${where}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof document !== 'object' || document === null || typeof document['openapi'] !== 'string') {
    throw new SpecLoadError(`${specPath}: not an OpenAPI document (no "openapi" version field)`);
  }
  let operations: IHttpOperation[];
  try {
    operations = await getHttpOperationsFromSpec(document);
  } catch (error) {
    throw new SpecLoadError(`${specPath}: Prism cannot read its operations (${(error as Error).message})`);
  }
  if (operations.length === 0) throw new SpecLoadError(`${specPath}: the spec declares no operations`);
  return { specPath, document, operations, router: compileRouter(operations) };
}
