/**
 * `pnpm test` guard for the size budget: exits non-zero when a vendor client's browser bundle grows past
 * the budget relative to openapi-fetch alone. Bytes, not time, so it is stable enough to fail CI on.
 */
import { formatTable } from '../report/format.js';
import { bundleSizeFigures, sizeBudgetRatio } from './figures.js';

const figures = await bundleSizeFigures();
console.log(formatTable(figures));
const over = figures.filter((f) => !f.pass);
if (over.length > 0) {
  for (const f of over) {
    console.error(
      `size budget exceeded: ${f.label} is ${f.ratio?.toFixed(2)}× openapi-fetch (budget ${sizeBudgetRatio}×); ` +
        `largest inputs: ${JSON.stringify(f.details?.['inputs'])}`,
    );
  }
  process.exitCode = 1;
} else {
  console.log(`size budget ok: every vendor client is within ${sizeBudgetRatio}× openapi-fetch (min+gzip).`);
}
