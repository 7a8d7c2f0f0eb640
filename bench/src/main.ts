/**
 * `pnpm bench`: measures paykit against its baselines in one run, prints the table and writes results.json.
 * `--only client,size,regen,mock` runs a subset (for working on one section); a leading `--` is ignored.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chosenSections, UsageError } from './args.js';
import { clientOverheadFigures } from './client/overhead.js';
import { mockFigures } from './mock/figures.js';
import { regenerationFigures } from './regen/figures.js';
import { haltIfInterrupted } from './interrupt.js';
import type { Figure } from './report/figure.js';
import { formatTable } from './report/format.js';
import { writeResults, type SectionError, type SectionTiming } from './report/results.js';
import { bundleSizeFigures } from './size/figures.js';

const sections: Record<string, { title: string; run: () => Promise<Figure[]> }> = {
  client: { title: '1. client call overhead', run: clientOverheadFigures },
  size: { title: '2. bundle size', run: bundleSizeFigures },
  regen: { title: '3. regeneration loop', run: regenerationFigures },
  mock: { title: '4. mock latency and throughput', run: mockFigures },
};

let chosen: string[];
try {
  chosen = chosenSections(process.argv.slice(2), Object.keys(sections));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`pnpm bench: ${error.message}`);
  process.exit(2);
}

const startedAt = new Date();
const started = performance.now();
const figures: Figure[] = [];
const errors: SectionError[] = [];
const timings: SectionTiming[] = [];
for (const name of chosen) {
  const section = sections[name]!;
  const sectionStarted = performance.now();
  // Other work on the machine skews every figure; the load at the start of each section says how much there was.
  const loadAverageAtStart = os.loadavg()[0]!;
  console.log(`${section.title}… (load average ${loadAverageAtStart.toFixed(2)})`);
  try {
    figures.push(...(await section.run()));
  } catch (error) {
    // A section failing because Ctrl-C stopped its children is no result; the interrupt handler exits.
    await haltIfInterrupted();
    errors.push({ section: name, message: error instanceof Error ? error.message : String(error) });
    console.error(`${section.title} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  await haltIfInterrupted();
  const durationSec = (performance.now() - sectionStarted) / 1000;
  timings.push({ section: name, durationSec, loadAverageAtStart });
  console.log(`${section.title}: ${durationSec.toFixed(1)} s`);
}
const durationSec = (performance.now() - started) / 1000;

console.log(`\n${formatTable(figures)}\n`);
const judged = figures.filter((f) => f.pass !== undefined);
console.log(`${judged.filter((f) => f.pass).length} of ${judged.length} targets met; ran in ${durationSec.toFixed(0)} s.`);
const resultsPath = fileURLToPath(new URL('../results.json', import.meta.url));
await writeResults(resultsPath, { startedAt, durationSec, sections: timings, figures, errors });
console.log(`wrote ${resultsPath}`);
// A missed target is a finding to report, not a crash; a section that could not measure is a failure.
if (errors.length > 0) process.exitCode = 1;
