import { figure, type Figure } from '../report/figure.js';
import { baselineEntry, vendorEntries } from './entries.js';
import { measureBundle } from './measure.js';

/** The size budget: a vendor client may cost at most this many times openapi-fetch alone (min+gzip). */
export const sizeBudgetRatio = 1.5;

export async function bundleSizeFigures(): Promise<Figure[]> {
  const baseline = await measureBundle(baselineEntry);
  const figures: Figure[] = [];
  for (const entry of vendorEntries) {
    const size = await measureBundle(entry);
    figures.push(
      figure({
        id: `size.${entry.name}.gzip`,
        label: `bundle min+gzip: ${entry.label}`,
        value: size.gzipBytes,
        unit: 'B',
        baseline: { label: baselineEntry.label, value: baseline.gzipBytes },
        target: { on: 'ratio', op: '<=', bound: sizeBudgetRatio },
        details: {
          minifiedBytes: size.minifiedBytes,
          baselineMinifiedBytes: baseline.minifiedBytes,
          inputs: size.inputs,
        },
      }),
    );
  }
  return figures;
}
