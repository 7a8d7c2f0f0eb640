import { readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { exec } from '../exec.js';

export interface StepTiming {
  step: string;
  ms: number;
}

async function sh(cwd: string, command: string, repoRoot: string): Promise<number> {
  const path = [join(cwd, 'node_modules', '.bin'), join(repoRoot, 'node_modules', '.bin'), process.env['PATH']].join(
    delimiter,
  );
  return (await exec('sh', ['-c', command], { cwd, env: { ...process.env, PATH: path } })).ms;
}

async function script(packageDir: string, name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const command = manifest.scripts?.[name];
  if (!command) throw new Error(`${packageDir}/package.json has no "${name}" script`);
  return command;
}

/**
 * The loop's essential tools back to back, without turbo or lint: Redocly's bundle, then the
 * client's own generate and build scripts. The regeneration loop is judged against this floor.
 */
export async function runEssentialTools(repoRoot: string): Promise<StepTiming[]> {
  const spec = join(repoRoot, 'spec');
  const client = join(repoRoot, 'packages', 'client');
  const steps: [string, string, string][] = [
    ['spec: redocly bundle', spec, 'redocly bundle'],
    [`client: ${await script(client, 'generate')}`, client, await script(client, 'generate')],
    [`client: ${await script(client, 'build')}`, client, await script(client, 'build')],
  ];
  const timings: StepTiming[] = [];
  for (const [step, cwd, command] of steps) timings.push({ step, ms: await sh(cwd, command, repoRoot) });
  return timings;
}
