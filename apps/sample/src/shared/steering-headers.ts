/**
 * The page's own request headers that name a dev-tools choice for one call. The page sets them (src/web/api.ts);
 * the server turns a known name into the mock's headers (src/server/steering.ts) and refuses any other.
 */
export const SCENARIO_HEADER = 'x-sample-scenario';
export const FAULT_HEADER = 'x-sample-fault';
