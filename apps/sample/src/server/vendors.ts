import { createConnectClient } from '@paykit/client/connect';
import { createTen99PolicyClient } from '@paykit/client/ten99policy';
import type { SampleConfig } from './config.js';

/** The two vendor clients, holding the keys; nothing else in the server sees a key. */
export function createVendors(config: SampleConfig) {
  const shared = {
    timeoutMs: config.vendorTimeoutMs,
    maxRetries: config.vendorMaxRetries,
    // One line per retry in the server log (the client redacts it), so a developer sees the retries happen.
    logger: { warn: (message: string) => console.warn(message) },
  };
  return {
    connect: createConnectClient({ apiKey: config.connect.apiKey, baseUrl: config.connect.baseUrl, ...shared }),
    ten99policy: createTen99PolicyClient({
      apiKey: config.ten99policy.apiKey,
      baseUrl: config.ten99policy.baseUrl,
      ...shared,
    }),
  };
}

export type Vendors = ReturnType<typeof createVendors>;
