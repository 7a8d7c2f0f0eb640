export { startMock, type Mock, type StartMockOptions } from './start-mock.js';
export { ChaosSettingError, DELAY_HEADER, FAULT_HEADER, MAX_DELAY_MS, type FaultRates, type Latency } from './chaos.js';
export { PrismStartError } from './prism-process.js';
