import { figure, type Figure } from '../report/figure.js';
import { baselineEntry, vendorEntries } from './entries.js';
import { measureBundle } from './measure.js';

/** Issue 6's target: a vendor client's bundle at most 1.5× openapi-fetch alone (min+gzip). `pnpm bench` reports it. */
export const sizeTargetRatio = 1.5;

/**
 * The regression budget `pnpm test` enforces (bench/src/size/check.ts), a separate number from the target: the
 * target is where paykit wants to be, the budget is what CI holds it to, so that a merge which makes the bundle
 * bigger fails even while the target is not met. Set ~2% above what the client measures (2.20× Connect, 2.25×
 * 1099Policy): the required behaviour (option checks, deadlines, redaction, backoff, idempotency, path checks, typed
 * errors) costs more than the 1.3 kB of gzip the 1.5× target leaves; packages/client/README.md has the breakdown.
 */
export const sizeBudgetRatio = 2.3;

/** Figures for issue 6 §2, judged against the target; each carries whether it is within the enforced budget. */
export async function bundleSizeFigures(): Promise<Figure[]> {
  const baseline = await measureBundle(baselineEntry);
  const figures: Figure[] = [];
  for (const entry of vendorEntries) {
    const size = await measureBundle(entry);
    const ratio = size.gzipBytes / baseline.gzipBytes;
    figures.push(
      figure({
        id: `size.${entry.name}.gzip`,
        label: `bundle min+gzip: ${entry.label}`,
        value: size.gzipBytes,
        unit: 'B',
        baseline: { label: baselineEntry.label, value: baseline.gzipBytes },
        ratio,
        target: { on: 'ratio', op: '<=', bound: sizeTargetRatio },
        details: {
          budgetRatio: sizeBudgetRatio,
          withinBudget: ratio <= sizeBudgetRatio,
          minifiedBytes: size.minifiedBytes,
          baselineMinifiedBytes: baseline.minifiedBytes,
          inputs: size.inputs,
        },
      }),
    );
  }
  return figures;
}
