// Every POST must declare the vendor's idempotency header, so that the generated client can give each call a key
// and retry it safely. Only `paths` are checked: webhooks are requests the vendor makes, not ones we send.
/** @param {{ header?: string }} options */
export default function idempotencyHeader({ header }) {
  if (!header) throw new Error('payments/idempotency-header: set the `header` option to the header name');
  const wanted = header.toLowerCase();
  return {
    Paths: {
      /** @param {any} pathItem Redocly's PathItem node @param {any} ctx Redocly's visitor context */
      PathItem(pathItem, ctx) {
        if (!pathItem.post) return;
        const declared = [...(pathItem.parameters ?? []), ...(pathItem.post.parameters ?? [])]
          .map((parameter) => ctx.resolve(parameter).node)
          .some((parameter) => parameter?.in === 'header' && parameter.name?.toLowerCase() === wanted);
        if (!declared) {
          ctx.report({
            message: `POST must declare the \`${header}\` header parameter (payments convention: retries must be idempotent).`,
            location: ctx.location.child(['post']).key(),
          });
        }
      },
    },
  };
}
