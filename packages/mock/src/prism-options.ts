import { apis, type ApiName } from '@paykit/spec';
import { wholeNumber } from './whole-number.js';

export const DEFAULT_READY_TIMEOUT_MS = 15_000;

/** Checks the options that `startMock` and `startPrism` share; the error names the option and the rule. */
export function checkPrismOptions(options: { api: ApiName; seed?: number; readyTimeoutMs?: number }): void {
  if (!apis.includes(options.api)) {
    throw new TypeError(`api must be one of ${apis.join(', ')} (got ${JSON.stringify(options.api)})`);
  }
  if (options.seed !== undefined) wholeNumber(options.seed, 'seed', 0, 2 ** 32 - 1);
  if (options.readyTimeoutMs !== undefined) wholeNumber(options.readyTimeoutMs, 'readyTimeoutMs', 1, 600_000);
}
