/**
 * `pnpm bench`: measures paykit against its baselines in one run, prints the table and writes results.json. Each
 * section runs in a fresh process of its own (section-child.ts).
 * `--only client,size,regen,mock` runs a subset (for working on one section); a leading `--` is ignored.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chosenSections, UsageError } from './args.js';
import { haltIfInterrupted } from './interrupt.js';
import type { Figure } from './report/figure.js';
import { formatTable } from './report/format.js';
import { loadAverage } from './report/machine.js';
import { writeResults, type SectionError, type SectionTiming } from './report/results.js';
import { runSectionInChild } from './section-child.js';
import { sectionNames, sectionTitles, type SectionName } from './sections.js';

let chosen: SectionName[];
try {
  chosen = chosenSections(process.argv.slice(2), sectionNames);
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
  const title = sectionTitles[name];
  const sectionStarted = performance.now();
  // Other work on the machine skews every figure; the load at the start of each section says how much there was.
  const loadAverageAtStart = os.loadavg()[0]!;
  console.log(`${title}… (load average ${loadAverageAtStart.toFixed(2)})`);
  try {
    figures.push(...(await runSectionInChild(name)));
  } catch (error) {
    // A section failing because Ctrl-C stopped its children is no result; the interrupt handler exits.
    await haltIfInterrupted();
    errors.push({ section: name, message: error instanceof Error ? error.message : String(error) });
    console.error(`${title} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  await haltIfInterrupted();
  const durationSec = (performance.now() - sectionStarted) / 1000;
  timings.push({ section: name, durationSec, loadAverageAtStart });
  console.log(`${title}: ${durationSec.toFixed(1)} s`);
}
const durationSec = (performance.now() - started) / 1000;

console.log(`\n${formatTable(figures)}\n`);
console.log(`machine load average (1 / 5 / 15 min): ${loadAverage()} on ${os.cpus().length} cores`);
const judged = figures.filter((f) => f.pass !== undefined);
console.log(
  `${judged.filter((f) => f.pass).length} of ${judged.length} targets met; ran in ${durationSec.toFixed(0)} s.`,
);
const resultsPath = fileURLToPath(new URL('../results.json', import.meta.url));
await writeResults(resultsPath, { startedAt, durationSec, sections: timings, figures, errors });
console.log(`wrote ${resultsPath}`);
// A missed target is a finding to report, not a crash; a section that could not measure is a failure.
if (errors.length > 0) process.exitCode = 1;
