import { chromiumGlobalSetup } from '@paykit/test-chromium';

/**
 * A name that is not loopback, which the browser resolves to this machine (`--host-resolver-rules`): a page served
 * on it is a web site the developer visits, and a request to the mock on it carries a foreign Host.
 */
export const FOREIGN_NAME = 'evil.test';

/**
 * Vitest `globalSetup`: the run's one Chromium. Without the executable the run goes on, and each browser file fails
 * saying what to install: the browser files are a few of many.
 */
export default chromiumGlobalSetup({
  args: [`--host-resolver-rules=MAP ${FOREIGN_NAME} 127.0.0.1`],
  whenMissing: 'leave-to-files',
});
