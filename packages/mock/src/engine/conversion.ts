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
  /**
   * Starts `convertAll` once the first request that asks for a path is answered, or after `BACKGROUND_DELAY_MS` without one:
   * the port's first request does not wait behind the whole document's dereferencing (see `separable`).
   */
  convertInBackground(): void;
}

/** How long a freshly loaded spec waits for its first request before converting every path anyway. */
const BACKGROUND_DELAY_MS = 1_000;

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

/** The component kinds a `$ref` can name (`#/components/<kind>/<name>`); security schemes are named, not referred to. */
const COMPONENTS = '#/components/';

/**
 * The document as one path alone needs it: that path, the components its `$ref`s reach (transitively) and every other
 * top-level part but webhooks; or undefined when that part cannot be told apart safely: a `$ref` beside other keys
 * (Prism's dereferencing of those depends on which place it walked first) or one that points elsewhere than
 * `#/components/`. Dereferencing the whole of a spec of hundreds of paths took most of its first answer.
 */
function separable(document: Record<string, unknown>, pathTemplate: string): Record<string, unknown> | undefined {
  const {
    paths,
    webhooks: _webhooks,
    components,
    ...rest
  } = document as {
    paths: Record<string, unknown>;
    webhooks?: unknown;
    components?: Record<string, Record<string, unknown> | undefined>;
  };
  const kept: Record<string, Record<string, unknown>> = {};
  if (components?.['securitySchemes']) kept['securitySchemes'] = components['securitySchemes'];
  const pending: unknown[] = [paths[pathTemplate]];
  for (let node = pending.pop(); pending.length > 0 || node !== undefined; node = pending.pop()) {
    if (typeof node !== 'object' || node === null) continue;
    const ref = (node as { $ref?: unknown }).$ref;
    if (ref !== undefined) {
      if (typeof ref !== 'string' || Object.keys(node).length > 1 || !ref.startsWith(COMPONENTS)) return undefined;
      const [kind, name] = ref.slice(COMPONENTS.length).split('/') as [string, string | undefined];
      if (name === undefined) return undefined;
      const part = components?.[kind]?.[name];
      if (part === undefined || kept[kind]?.[name] !== undefined) continue;
      (kept[kind] ??= {})[name] = part;
      pending.push(part);
      continue;
    }
    pending.push(...Object.values(node));
  }
  // In the document's own key order: the shared-graph writing (`shareRepeats`) names a repeated schema after the
  // place it meets first, as it does for the whole document.
  const own: Record<string, unknown> = {};
  for (const key of Object.keys(document)) {
    if (key === 'paths') own[key] = { [pathTemplate]: paths[pathTemplate] };
    else if (key === 'components') own[key] = kept;
    else if (key in rest) own[key] = rest[key as keyof typeof rest];
  }
  return own;
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
  /** Paths made from their own part of the document before the whole was dereferenced: remade from the whole. */
  const madeAlone = new Set<string>();
  let background: 'waiting' | 'started' | undefined;
  let all: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const startBackground = (): void => {
    if (background === 'started') return;
    background = 'started';
    clearTimeout(timer);
    // A path that fails is reported to the request that asks for it (a 500 naming the path).
    convertAll().catch(() => {});
  };
  /** The first path asked for while the whole document waits: made from its own part, when that part separates. */
  const firstAlone = (pathTemplate: string): Promise<IHttpOperation[]> | undefined => {
    const own = separable(JSON.parse(text) as Record<string, unknown>, pathTemplate);
    if (!own) return undefined;
    madeAlone.add(pathTemplate);
    const operations = dereference(own).then((part) => convert(part, pathTemplate));
    // After the request that asked has been answered: the rest of its way (Prism's steps, the write) is promises.
    const afterAnswer = (): void => void setImmediate(startBackground);
    operations.then(afterAnswer, afterAnswer);
    return operations;
  };
  const fromWhole = (pathTemplate: string): Promise<IHttpOperation[]> =>
    document()
      .then(
        (dereferencedDocument) => convert(dereferencedDocument, pathTemplate),
        () => alone(pathTemplate),
      )
      .catch((error: Error) => {
        throw new SpecLoadError(`${specPath}: Prism cannot read the operations of ${pathTemplate} (${error.message})`);
      });
  const operationsOf = (pathTemplate: string): Promise<IHttpOperation[]> => {
    let operations = made.get(pathTemplate);
    if (!operations && background === 'waiting' && dereferenced === undefined && madeAlone.size === 0) {
      operations = firstAlone(pathTemplate)?.catch(() => fromWhole(pathTemplate));
    }
    if (!operations) operations = fromWhole(pathTemplate);
    made.set(pathTemplate, operations);
    return operations;
  };

  const convertAll = (): Promise<void> =>
    (all ??= (async () => {
      await document();
      // Equal to the whole document's (test/conversion.test.ts), but every path is made from one document.
      for (const pathTemplate of madeAlone) {
        await made.get(pathTemplate)?.catch(() => {});
        made.delete(pathTemplate);
      }
      madeAlone.clear();
      for (const pathTemplate of pathTemplates) {
        if (!made.has(pathTemplate)) {
          await operationsOf(pathTemplate);
          // A request waiting for its own path (or any other) gets its turn between two conversions.
          await nextTurn();
        }
      }
      // A path a request converted first may have failed there: the whole spec is judged.
      await Promise.all(pathTemplates.map(operationsOf));
    })());

  return {
    operationsOf,
    convertAll() {
      startBackground();
      return convertAll();
    },
    convertInBackground() {
      if (background !== undefined) return;
      background = 'waiting';
      timer = setTimeout(startBackground, BACKGROUND_DELAY_MS);
      timer.unref();
    },
  };
}
