// What both vendor entry points export besides their own client.
export {
  PaykitApiError,
  PaykitConnectionError,
  PaykitError,
  PaykitResponseError,
  PaykitTimeoutError,
  PaykitValidationError,
} from './errors.js';
export type {
  AccessToken,
  AccessTokenClientOptions,
  BasicAuthClientOptions,
  CallOptions,
  ClientOptions,
  CommonClientOptions,
  FetchLike,
  OAuth2ClientOptions,
} from './options.js';
export type { Logger } from './logger.js';
export type { OperationError, PaykitClient, PaykitResponse } from './client-types.js';
