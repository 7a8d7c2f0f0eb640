import { createVendorClient } from '../core/client.js';
import type { PaykitClient } from '../core/client-types.js';
import type { ClientOptions } from '../core/options.js';
import type { components, operations, paths } from '../generated/connect.js';
import { connectVendor } from './vendor.js';

type Schemas = components['schemas'];

/** A payment session: embedded (`hosted: false`, provider credentials) or hosted (`hosted: true`, checkout URL). */
export type PaymentSession = Schemas['PaymentSession'];
export type EmbeddedPaymentSession = Schemas['EmbeddedPaymentSession'];
export type HostedPaymentSession = Schemas['HostedPaymentSession'];
export type PaymentProfileSession = Schemas['PaymentProfileSession'];
export type PaymentSessionStatus = Schemas['PaymentSessionStatus'];
export type CreatePaymentSessionRequest = Schemas['CreatePaymentSessionRequest'];
export type CreatePaymentProfileSessionRequest = Schemas['CreatePaymentProfileSessionRequest'];
export type CancelSessionRequest = Schemas['CancelSessionRequest'];
/** The body of every Connect error response. */
export type ApiErrorBody = Schemas['ApiError'];
/** Connect's machine-readable error code (free text: the vendor publishes no list). */
export type ErrorCode = ApiErrorBody['code'];

/** The vendor publishes no production host (the spec's server is `https://{host}`), so `baseUrl` is required. */
export type ConnectClientOptions = ClientOptions & { baseUrl: string };
export type ConnectClient = PaykitClient<paths, ErrorCode>;
export type { paths, components, operations };

/**
 * A typed client of the Telness Connect API: `client.GET('/payment-sessions/{paymentSessionId}', …)` resolves to
 * `{ data, error, response }`. Authenticates with `X-API-Key`.
 */
export function createConnectClient(options: ConnectClientOptions): ConnectClient {
  return createVendorClient<paths, ErrorCode>(connectVendor, options);
}

export * from '../core/public.js';
