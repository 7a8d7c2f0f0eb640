// Enumerates every named example of a bundled spec with the schema it must satisfy, so that tests derive their
// cases from the spec itself and a new example is tested the moment it is added.

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const escapeToken = (/** @type {string | number} */ token) => String(token).replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Follows a local `$ref` chain; returns the node and the JSON pointer where it really lives.
 * @param {Record<string, any>} bundle @param {any} node @param {string} [pointer]
 */
export function resolveRef(bundle, node, pointer) {
  const seen = new Set();
  while (node && typeof node.$ref === 'string') {
    const ref = /** @type {string} */ (node.$ref);
    if (seen.has(ref)) throw new Error(`Circular $ref ${ref}`);
    seen.add(ref);
    pointer = ref;
    node = ref
      .slice(2)
      .split('/')
      .map((/** @type {string} */ t) => t.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((/** @type {any} */ at, /** @type {string} */ key) => at?.[key], bundle);
    if (node === undefined) throw new Error(`Unresolved $ref ${pointer}`);
  }
  return { node, pointer };
}

/** @param {Record<string, any>} bundle @param {Record<string, any> | undefined} content @param {string} contentPointer @param {Record<string, unknown>} base */
function* mediaExamples(bundle, content, contentPointer, base) {
  for (const [mediaType, media] of Object.entries(content ?? {})) {
    const mediaPointer = `${contentPointer}/${escapeToken(mediaType)}`;
    for (const [name, ref] of Object.entries(media.examples ?? {})) {
      yield {
        ...base,
        mediaType,
        name,
        value: resolveRef(bundle, ref).node.value,
        schemaPointer: `${mediaPointer}/schema`,
      };
    }
  }
}

/** Every operation of the bundle's `paths` (kind `path`) and `webhooks` (kind `webhook`). */
/** @param {Record<string, any>} bundle */
export function* operations(bundle) {
  for (const kind of ['paths', 'webhooks']) {
    for (const [path, item] of Object.entries(bundle[kind] ?? {})) {
      for (const method of METHODS) {
        if (!item[method]) continue;
        const pointer = `#/${kind}/${escapeToken(path)}/${method}`;
        yield {
          kind: kind === 'paths' ? 'path' : 'webhook',
          method,
          path,
          pointer,
          operation: item[method],
          pathItem: item,
        };
      }
    }
  }
}

/**
 * Every named example: request bodies (`in: 'requestBody'`) and responses (`in: 'response'`, with `status`),
 * each with the JSON pointer of the schema it must satisfy.
 */
/** @param {Record<string, any>} bundle */
export function* namedExamples(bundle) {
  for (const op of operations(bundle)) {
    const base = { kind: op.kind, method: op.method, path: op.path, operationId: op.operation.operationId };
    if (op.operation.requestBody) {
      const body = resolveRef(bundle, op.operation.requestBody, `${op.pointer}/requestBody`);
      yield* mediaExamples(bundle, body.node.content, `${body.pointer}/content`, { ...base, in: 'requestBody' });
    }
    for (const [status, ref] of Object.entries(op.operation.responses ?? {})) {
      const response = resolveRef(bundle, ref, `${op.pointer}/responses/${status}`);
      yield* mediaExamples(bundle, response.node.content, `${response.pointer}/content`, {
        ...base,
        in: 'response',
        status,
      });
    }
  }
}
