export { startMock, type Mock, type StartMockOptions } from './start-mock.js';
export { startPrism, type BarePrism, type StartPrismOptions } from './start-prism.js';
export { ChaosSettingError, DELAY_HEADER, FAULT_HEADER, MAX_DELAY_MS, type FaultRates, type Latency } from './chaos.js';
export { INJECTED_HEADER } from './injected-fault.js';
export { PrismStartError } from './prism-process.js';
