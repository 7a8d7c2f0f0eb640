import type { IHttpOperation } from '@stoplight/types';
import { type DereferencedDocument, dereference, pathOperations } from './prism.js';

/** A spec that could not be loaded; the message names the file and, where known, the line or the path. */
export class SpecLoadError extends Error {
  override name = 'SpecLoadError';
}

export interface SpecConversion {
  /** Prism's operations of one path: made on first ask (waiting only for the shared dereferencing), then kept. */
  operationsOf(pathTemplate: string): Promise<IHttpOperation[]>;
  /** Makes every path's operations, yielding to the event loop between paths; rejects naming the first that fails. */
  convertAll(): Promise<void>;
}

const nextTurn = (): Promise<void> => new Promise((resume) => setImmediate(resume));

/** Prism's conversion stamps every schema with an id of its own (`x-stoplight.id`), which Prism never reads. */
const withoutStamps = (key: string, value: unknown): unknown => (key === 'x-stoplight' ? undefined : value);

/**
 * Prism validates with one compiled validator per schema object (its caches are keyed by object). Conversion gives
 * every operation its own copies, so a spec of hundreds of alike paths compiled hundreds of alike validators, one on
 * each path's first request (about 5 ms each). Handing schemas that are equal but for their stamp the same object
 * lets the first path's validators serve the rest. (Parameter lists differ by their ids; the Prism patch in
 * `patches/` shares the schema Prism builds from them. An operation with a `__bundled__` part keeps its own
 * schemas: their `$ref`s point into that part.)
 */
function shareAlike(operation: IHttpOperation, pool: Map<string, unknown>): void {
  if ((operation as { __bundled__?: unknown }).__bundled__ !== undefined) return;
  const shared = <T>(value: T): T => {
    if (value === undefined || value === null) return value;
    const key = JSON.stringify(value, withoutStamps);
    const found = pool.get(key);
    if (found !== undefined) return found as T;
    pool.set(key, value);
    return value;
  };
  for (const content of operation.request?.body?.contents ?? []) content.schema = shared(content.schema);
  for (const response of operation.responses) {
    for (const content of response.contents ?? []) content.schema = shared(content.schema);
  }
}

/**
 * Prism's conversion of one spec, taken apart: the document is dereferenced once (started at once, off the request
 * that first needs it), and each path's operations are made from it on their own, the path a request asks for first.
 */
export function convertSpec(specPath: string, text: string, pathTemplates: readonly string[]): SpecConversion {
  let dereferenced: Promise<DereferencedDocument> | undefined;
  const document = (): Promise<DereferencedDocument> =>
    (dereferenced ??= dereference(JSON.parse(text) as Record<string, unknown>).catch((error: Error) => {
      throw new SpecLoadError(`${specPath}: Prism cannot read its operations (${error.message})`);
    }));
  const made = new Map<string, Promise<IHttpOperation[]>>();
  const pool = new Map<string, unknown>();

  const convert = (dereferencedDocument: DereferencedDocument, pathTemplate: string): IHttpOperation[] => {
    const converted = pathOperations(dereferencedDocument, pathTemplate);
    for (const operation of converted) shareAlike(operation, pool);
    return converted;
  };
  /**
   * When the whole document does not dereference (a `$ref` to nothing, say), the paths that do not need the broken
   * part still serve: each is dereferenced on its own, with the document's other parts but no other path.
   */
  const alone = async (pathTemplate: string): Promise<IHttpOperation[]> => {
    const {
      paths,
      webhooks: _webhooks,
      ...rest
    } = JSON.parse(text) as {
      paths: Record<string, unknown>;
      webhooks?: unknown;
    };
    return convert(await dereference({ ...rest, paths: { [pathTemplate]: paths[pathTemplate] } }), pathTemplate);
  };
  const operationsOf = (pathTemplate: string): Promise<IHttpOperation[]> => {
    let operations = made.get(pathTemplate);
    if (!operations) {
      operations = document()
        .then(
          (dereferencedDocument) => convert(dereferencedDocument, pathTemplate),
          () => alone(pathTemplate),
        )
        .catch((error: Error) => {
          throw new SpecLoadError(
            `${specPath}: Prism cannot read the operations of ${pathTemplate} (${error.message})`,
          );
        });
      made.set(pathTemplate, operations);
    }
    return operations;
  };

  return {
    operationsOf,
    async convertAll() {
      await document();
      for (const pathTemplate of pathTemplates) {
        if (!made.has(pathTemplate)) {
          await operationsOf(pathTemplate);
          // A request waiting for its own path (or any other) gets its turn between two conversions.
          await nextTurn();
        }
      }
      // A path a request converted first may have failed there: the whole spec is judged.
      await Promise.all(pathTemplates.map(operationsOf));
    },
  };
}
