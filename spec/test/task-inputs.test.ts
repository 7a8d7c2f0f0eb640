// turbo hashes a task's inputs before it runs the task. A file that git ignores but that a glob of `inputs` matches
// makes the next `pnpm test` miss the cache of a task whose real inputs did not change. The type check writes a
// tsconfig.tsbuildinfo listing each program's files: the import test (about 80 s of CPU) ran again in the first edit
// loop after a fresh clone, and after any file was added to a package. `$TURBO_DEFAULT$` leaves out what git ignores;
// a glob of a task's own (`$TURBO_ROOT$/packages/**`) must leave it out itself. Checked with a probe folder under
// packages/ holding one file for each pattern of .gitignore, and a file git would track.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, run } from './support/scratch-repo.js';

const probe = `packages/task-inputs-probe-${process.pid}`;
const tracked = `${probe}/probe.txt`;

/** A path under the probe for each pattern of .gitignore that can match inside a package folder. */
function ignoredPaths(gitignore: string): string[] {
  return gitignore
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'))
    .filter((pattern) => !pattern.replace(/\/$/, '').includes('/'))
    .map((pattern) => {
      const name = pattern.replace(/\/$/, '').replace(/\*/g, 'probe');
      return `${probe}/${pattern.endsWith('/') ? `${name}/probe.js` : name}`;
    });
}

let ignored: string[] = [];

beforeAll(async () => {
  ignored = ignoredPaths(await readFile(join(repoRoot, '.gitignore'), 'utf8'));
  for (const path of [tracked, ...ignored]) {
    await mkdir(dirname(join(repoRoot, path)), { recursive: true });
    await writeFile(join(repoRoot, path), '');
  }
});

afterAll(() => rm(join(repoRoot, probe), { recursive: true, force: true }));

describe("turbo's task inputs", () => {
  it('the probe holds a file git ignores for each pattern of .gitignore, and one it would track', async () => {
    expect(ignored).toEqual(expect.arrayContaining([`${probe}/probe.tsbuildinfo`, `${probe}/dist.next/probe.js`]));
    const checked = await run('git', ['check-ignore', '--no-index', ...ignored, tracked], repoRoot);
    expect(checked.stdout.trim().split('\n').sort()).toEqual([...ignored].sort());
  });

  it("hold no file git ignores, in any task of pnpm test; the import test's glob over packages/ sees the probe", async () => {
    const script = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')).scripts.test as string;
    const tasks = script.replace(/^turbo run /, '').split(' ');
    const dry = await run(join(repoRoot, 'node_modules/.bin/turbo'), ['run', ...tasks, '--dry=json'], repoRoot);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { tasks: { taskId: string; directory: string; inputs: object }[] };
    const probed = plan.tasks.flatMap(({ taskId, directory, inputs }) =>
      Object.keys(inputs)
        .map((file) => relative(repoRoot, join(repoRoot, directory, file)))
        .filter((path) => path.startsWith(`${probe}/`))
        .map((path) => `${taskId} ${path}`),
    );
    expect(probed).toContain(`@paykit/spec#test:import ${tracked}`);
    expect(probed.filter((entry) => !entry.endsWith(` ${tracked}`))).toEqual([]);
  });
});
