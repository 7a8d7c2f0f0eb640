/**
 * The page's own request headers that name a dev-tools choice. The page sets them on every call (src/web/api.ts);
 * the server turns a known name into the mock's headers (src/server/steering.ts) and refuses any other.
 */
/** `<api>.<operationId>:<status>/<example>`: that operation answers with that spec example (Prism's `Prefer`). */
export const FORCED_ERROR_HEADER = 'x-sample-force-error';
export const FAULT_HEADER = 'x-sample-fault';
