// The engine's plugin hook (contract 3), which the sandbox implements.
export {
  RESERVED_PREFIX,
  type MatchedOperation,
  type MockAnswer,
  type MockPlugin,
  type MockRequest,
} from '../engine/hook.js';
