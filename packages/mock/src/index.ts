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
export {
  CONTROL_ROUTES,
  SandboxSettingError,
  type Sandbox,
  type SandboxOptions,
  type SandboxLimits,
  LIMIT_DEFAULTS,
  WEBHOOK_DEFAULTS,
  type WebhookSettings,
  type LoggedEvent,
} from './sandbox/index.js';
export {
  cardOutcome,
  DECLINES,
  isDecline,
  TEST_CARDS,
  type CardDecline,
  type CardOutcome,
  type TestCard,
} from './sandbox/test-cards.js';
export { runMockCli, type CliOptions } from './cli/run.js';
