import type { VendorDefinition } from '../core/client.js';
import { auth, defaultBaseUrl, idempotencyHeaders } from '../generated/connect.metadata.js';

/** Telness Connect: generated metadata plus the vendor's conventions. */
export const connectVendor: VendorDefinition = {
  name: 'Connect',
  defaultBaseUrl,
  auth,
  idempotencyHeaders,
  errorCodeField: 'code',
};
