import { connectSandbox } from './connect.js';
import { ten99policySandbox } from './ten99policy.js';
import type { VendorSandbox } from './types.js';

/** The vendors the sandbox keeps state for, by API name; any other API is served by Prism alone. */
export const sandboxVendors: Readonly<Record<string, VendorSandbox>> = {
  connect: connectSandbox,
  ten99policy: ten99policySandbox,
};
