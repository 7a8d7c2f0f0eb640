export { startMock, type Mock, type StartMockOptions } from './start-mock.js';
export { ChaosSettingError, MAX_DELAY_MS, type FaultRates, type Latency } from './chaos.js';
export { DELAY_HEADER, FAULT_HEADER } from './front-door.js';
export { PrismStartError } from './prism-process.js';
