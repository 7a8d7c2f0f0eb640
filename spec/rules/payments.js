// Redocly plugin: paykit's payments conventions, configured per API in ../redocly.yaml.
import idempotencyHeader from './idempotency-header.js';
import errorSchema from './error-schema.js';
import paykitExtensions from './paykit-extensions.js';

export default function paymentsPlugin() {
  return {
    id: 'payments',
    rules: {
      oas3: {
        'idempotency-header': idempotencyHeader,
        'error-schema': errorSchema,
        'paykit-extensions': paykitExtensions,
      },
    },
  };
}
