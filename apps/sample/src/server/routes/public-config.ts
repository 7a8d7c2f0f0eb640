import type { AppContext } from '../app.js';
import type { PublicConfig } from '../views.js';
import { webhookExamples } from '../spec-examples.js';

/** Form prefills: the vendors' own documented example values (1099Policy create page, Connect seed 000). */
const defaults = {
  contractor: 'cn_AbCdEfGh12',
  returnUrl: 'https://app.yourplatform.com/settings/billing/return',
  orderId: '44567801-a504-4f09-8089-31ea78bc239b',
};

/** What the page may know about this server's setup: where vendors are, never with which keys. */
export function publicConfig(ctx: AppContext): PublicConfig {
  const { config, steering } = ctx;
  return {
    vendors: { connect: config.connect.baseUrl, ten99policy: config.ten99policy.baseUrl },
    defaults,
    stripeJsUrl: config.stripeJsUrl,
    devTools: steering && {
      forcedErrors: steering.forcedErrors,
      webhookExamples: webhookExamples().map(({ key, type }) => ({ key, type })),
      faults: steering.faults,
    },
  };
}
