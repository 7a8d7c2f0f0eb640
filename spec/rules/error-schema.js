// Every 4xx/5xx response must use the vendor's one error schema, so that the client can type and narrow every
// error body the same way. `schema` is the schema file's path relative to redocly.yaml.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const configDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** @param {{ schema?: string }} options */
export default function errorSchema({ schema }) {
  if (!schema) throw new Error('payments/error-schema: set the `schema` option to the error schema file');
  const wanted = path.resolve(configDir, schema);
  return {
    Paths: {
      /** @param {any} response Redocly's Response node @param {any} ctx Redocly's visitor context */
      Response(response, ctx) {
        if (!/^[45]/.test(String(ctx.key))) return;
        const media = Object.entries(response.content ?? {});
        const ok =
          media.length > 0 &&
          media.every(
            ([, { schema: s }]) => s?.$ref && path.resolve(ctx.resolve(s).location.source.absoluteRef) === wanted,
          );
        if (!ok) {
          ctx.report({
            message: `${ctx.key} response must use the vendor's error schema (${schema}) for every media type.`,
            location: ctx.location.child(['content']).key(),
          });
        }
      },
    },
  };
}
