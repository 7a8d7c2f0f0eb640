import type { CliOptions } from './cli/run.js';

export {
  startMock,
  MOCK_API_HEADER,
  MOCK_HOST,
  type Mock,
  type StartMockOptions,
  type StopReport,
} from './start-mock.js';
export {
  RESERVED_PREFIX,
  type MatchedOperation,
  type MockAnswer,
  type MockPlugin,
  type MockPluginFactory,
  type MockRequest,
} from './engine/hook.js';
export { SpecLoadError } from './engine/spec.js';
export { defaultMockPort } from './engine/ports.js';
export {
  ChaosSettingError,
  DELAY_HEADER,
  FAULT_HEADER,
  FAULTS,
  MAX_DELAY_MS,
  type Fault,
  type FaultRates,
  type Latency,
} from './front-door/chaos.js';
export { INJECTED_HEADER } from './front-door/door.js';
// The sandbox's values come from modules of their own, and the CLI is loaded when it runs: a stateless mock (a test
// suite's, the bench's) loads neither the sandbox nor zod (about 130 modules, a fifth of its start).
export { CONTROL_ROUTES } from './sandbox/control-routes.js';
export { LIMIT_DEFAULTS, SandboxSettingError, type SandboxLimits } from './sandbox/setting-defaults.js';
export type { Sandbox, SandboxOptions } from './sandbox/sandbox.js';
export { WEBHOOK_DEFAULTS, type WebhookSettings, type LoggedEvent } from './sandbox/webhooks.js';
export {
  cardOutcome,
  DECLINES,
  isDecline,
  TEST_CARDS,
  type CardDecline,
  type CardOutcome,
  type TestCard,
} from './sandbox/test-cards.js';
export type { CliOptions };

/**
 * `pnpm mock`: every API of `@paykit/spec` in this process, the banner, spec reloads on save, Ctrl-C to stop. A wrong
 * setting sets exit code 2 with the usage; a mock that cannot start, exit code 1.
 */
export async function runMockCli(options?: CliOptions): Promise<void> {
  const cli = await import('./cli/run.js');
  return cli.runMockCli(options);
}
