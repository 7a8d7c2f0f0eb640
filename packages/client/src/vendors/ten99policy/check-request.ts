// Picked up by the generated entry (src/generated/ten99policy/index.ts): the checks made before sending.
export { checkReturnUrlInBody as checkRequest } from './return-url.js';
