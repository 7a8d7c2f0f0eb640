/**
 * `pnpm test` guard for the size budget: exits non-zero when a vendor client's browser bundle grows past the
 * enforced budget (`sizeBudgetRatio`) relative to openapi-fetch alone. Bytes, not time, so it is stable enough to
 * fail CI on. The target (`sizeTargetRatio`) is reported by `pnpm bench`, not enforced here.
 */
import { figure } from '../report/figure.js';
import { formatTable } from '../report/format.js';
import { bundleSizeFigures, sizeBudgetRatio, sizeTargetRatio } from './figures.js';

// The same figures, judged against the budget instead of the target.
const figures = (await bundleSizeFigures()).map(({ pass: _target, ...f }) =>
  figure({ ...f, target: { on: 'ratio', op: '<=', bound: sizeBudgetRatio } }),
);
console.log(`Size budget (enforced; the target of ${sizeTargetRatio}× is reported by pnpm bench):`);
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
