// Redocly plugin: paykit's payments conventions, configured per API in ../redocly.yaml.
import idempotencyHeader from './idempotency-header.js';
import errorSchema from './error-schema.js';
import paykitExtensions from './paykit-extensions.js';
import { vendorConfig } from './vendor-config.js';

export default function paymentsPlugin() {
  return {
    id: 'payments',
    configs: { vendor: vendorConfig },
    rules: {
      oas3: {
        'idempotency-header': idempotencyHeader,
        'error-schema': errorSchema,
        'paykit-extensions': paykitExtensions,
      },
    },
  };
}
