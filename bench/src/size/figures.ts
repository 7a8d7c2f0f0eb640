import { figure, type Figure } from '../report/figure.js';
import { baselineEntry, vendorEntries } from './entries.js';
import { measureBundle } from './measure.js';

/** Issue 6's target: a vendor client's bundle at most 1.5× openapi-fetch alone (min+gzip). `pnpm bench` reports it. */
export const sizeTargetRatio = 1.5;

/**
 * The regression budget `pnpm test` enforces (bench/src/size/check.ts), a separate number from the target: the
 * target is where paykit wants to be, the budget is what CI holds it to, so that a merge which makes the bundle
 * bigger fails even while the target is not met. Set ~3% above what the client measures (2.77× Connect, 2.81×
 * 1099Policy). Raised from 2.3× by issues 9 and 13 (measured: Connect 5,927 → 7,398 B, 1099Policy 6,067 → 7,518 B
 * min+gzip): every call now tells a lost connection from a refused one and a cut body from a middleware's error, names
 * each failure with its attempts' outcomes and idempotency key, retries by the vendor's `replays` promise, redacts the
 * spec's secret fields, serves security per operation (apiKey in header/query/cookie, basic, bearer, and the hook for
 * OAuth2, whose code itself only ships with APIs that use it), and refuses a missing Web Crypto by name.
 * Raised from 2.9× by issues 17 and 22 (measured: Connect 7,408 → 7,766 B, 1099Policy 7,529 → 7,908 B): HTTP basic
 * with a user name and password, a caller's OAuth2 access token and its refresh, the error code read at its location
 * in the body (`error.code`, `errors[0].code`), the idempotency rule as a named object, `call()` as named steps that
 * return their results, and 1099Policy's webhook-endpoints operation in its metadata. Not yet taken: leaving the
 * OAuth2 token plumbing out of bundles of APIs without OAuth2 (~125 B, measured).
 */
export const sizeBudgetRatio = 3.05;

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
