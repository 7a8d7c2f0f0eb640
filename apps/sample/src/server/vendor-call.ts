import type { PaykitApiError } from '@paykit/client/connect';

export type VendorName = 'connect' | 'ten99policy';

export const vendorTitle: Record<VendorName, string> = { connect: 'Telness Connect', ten99policy: '1099Policy' };

/** A vendor answered with an HTTP error (after the client's retries, where it retries). */
export class VendorHttpError extends Error {
  override name = 'VendorHttpError';
  constructor(
    readonly vendor: VendorName,
    readonly error: PaykitApiError,
  ) {
    super(`${vendorTitle[vendor]} answered ${error.status}`);
  }
}

/** The client could not get an answer at all (timeout, network) or refused the input before sending. */
export class VendorCallError extends Error {
  override name = 'VendorCallError';
  constructor(
    readonly vendor: VendorName,
    readonly error: unknown,
  ) {
    super(`${vendorTitle[vendor]} call failed`);
  }
}

/**
 * Runs one client call: its `data`, or a typed failure that `failureResponse` turns into words. A thunk, so that
 * even a synchronous refusal by the client is caught here.
 */
export async function vendorCall<T>(
  vendor: VendorName,
  call: () => Promise<{ data?: T; error?: PaykitApiError; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: PaykitApiError; response: Response };
  try {
    result = await call();
  } catch (error) {
    throw new VendorCallError(vendor, error);
  }
  if (result.error) throw new VendorHttpError(vendor, result.error);
  if (result.data === undefined) {
    throw new VendorCallError(vendor, new Error(`empty ${result.response.status} answer`));
  }
  return result.data;
}
