/**
 * Runs one section of `pnpm bench` in this fresh process (started by section-child.ts) and sends its figures to
 * the parent over IPC. A fresh process per section keeps one section's heap and compiled code from skewing the
 * next: the mock's front door, hosted in the measuring process as an app would host it, cost about 60% more CPU
 * per request when it ran after the client section in the same process.
 */
import { clientOverheadFigures } from './client/overhead.js';
import { importFigures } from './import/figures.js';
import { mockFigures } from './mock/figures.js';
import { regenerationFigures } from './regen/figures.js';
import type { Figure } from './report/figure.js';
import type { SectionName } from './sections.js';
import { bundleSizeFigures } from './size/figures.js';

export type SectionMessage = { figures: Figure[] } | { error: string };

const runs: Record<SectionName, () => Promise<Figure[]>> = {
  client: clientOverheadFigures,
  size: bundleSizeFigures,
  regen: regenerationFigures,
  mock: mockFigures,
  import: importFigures,
};

const name = process.argv[2] as SectionName;
let message: SectionMessage;
try {
  message = { figures: await runs[name]() };
} catch (error) {
  message = { error: error instanceof Error ? error.message : String(error) };
}
// Exits once the message is out, even if a library left a handle open: the parent waits for this exit.
process.send!(message, () => process.exit(0));
