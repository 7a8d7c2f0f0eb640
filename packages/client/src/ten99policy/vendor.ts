import type { VendorDefinition } from '../core/client.js';
import { auth, defaultBaseUrl, idempotencyHeaders } from '../generated/ten99policy.metadata.js';
import { checkReturnUrlInBody } from './return-url.js';

/** 1099Policy: generated metadata plus the vendor's conventions. */
export const ten99policyVendor: VendorDefinition = {
  name: '1099Policy',
  defaultBaseUrl,
  auth,
  idempotencyHeaders,
  errorCodeField: 'error_code',
  checkRequest: checkReturnUrlInBody,
};
