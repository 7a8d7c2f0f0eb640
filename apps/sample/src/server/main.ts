import { fileURLToPath } from 'node:url';
import { run } from './run.js';

// Production entry (`pnpm start`): the built page and the API on one port.
await run({ staticRoot: fileURLToPath(new URL('../web/', import.meta.url)) });
