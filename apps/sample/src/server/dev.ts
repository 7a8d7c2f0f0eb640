import { run } from './run.js';
import { mountVite } from './vite-middleware.js';

// Dev entry (`pnpm dev`): the API plus Vite with hot reload, on one port.
await run({ mountWeb: mountVite });
