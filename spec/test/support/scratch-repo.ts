// A throwaway copy of this repository (tracked and untracked files, not ignored ones) committed in a fresh git
// repository, with its workspace installed offline from the local pnpm store: commands run there cannot touch the
// working tree, and `git status` there shows exactly what they changed. It starts from this checkout's bundles, docs
// pages and their manifests (spec/dist/) and the client generator's manifest, so it redoes only the APIs a test adds:
// each keys its work by a hash of its inputs' contents, so a copy that is not current is redone.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr, for messages. */
  output: string;
}

/**
 * The environment of the test minus what the runner around it set (vitest, turbo, pnpm's npm_* variables), so that
 * pnpm, turbo and vitest in the scratch copy behave as on a developer's shell.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(VITEST|TURBO_|npm_|PNPM_SCRIPT|NODE_ENV$|INIT_CWD$)/.test(name)),
  );
  return { ...env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1' };
}

/** Runs a command to its end; never rejects (the exit code is in the result). `env` adds to a developer's shell. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs = 300_000,
  env: NodeJS.ProcessEnv = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...cleanEnv(), ...env }, maxBuffer: 1 << 30, timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

async function mustRun(command: string, args: string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.code}):\n${result.output}`);
  return result.stdout;
}

export interface ScratchRepo {
  dir: string;
  /** `git status --porcelain` paths changed or added since the copy (untracked folders listed file by file). */
  changedPaths(): Promise<string[]>;
  remove(): Promise<void>;
}

/**
 * Copies the files of a folder that still exist when read, skipping `.tmp` files and any file or folder `skip` names
 * at its top. The spec's steps write a file as `<file>.tmp` and rename it into place: one listed and then renamed away
 * is left out, not an error.
 */
async function copyPresent(from: string, to: string, skip: (name: string) => boolean = () => false): Promise<void> {
  const entries = await readdir(from, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!entries) return;
  await mkdir(to, { recursive: true });
  for (const entry of entries.filter(({ name }) => !name.endsWith('.tmp') && !skip(name))) {
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    await (entry.isDirectory() ? copyPresent(source, target) : copyFile(source, target)).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      },
    );
  }
}

/**
 * Copies what the scratch copy may reuse of this checkout's build outputs (ignored by git, so not in its status).
 * turbo may run the import tests while the spec's bundle and docs steps write spec/dist (they do not wait for them, so
 * that an edit to a hand-written API does not re-run these tests): the manifests are copied first, and each step records
 * an API's hash only once its output is written, so a copied hash never vouches for an output copied half-written.
 */
async function copyBuilt(dir: string): Promise<void> {
  const dist = join(repoRoot, 'spec/dist');
  await copyPresent(join(dist, 'manifest'), join(dir, 'spec/dist/manifest'));
  await copyPresent(dist, join(dir, 'spec/dist'), (name) => name === 'manifest');
  // The client generator's manifest: a hash of the inputs of each API's generated files, so that the copy regenerates
  // only the APIs the imports add.
  const manifest = 'packages/client/node_modules/.cache/paykit-generate.json';
  if (existsSync(join(repoRoot, manifest))) {
    await mkdir(dirname(join(dir, manifest)), { recursive: true });
    await copyFile(join(repoRoot, manifest), join(dir, manifest));
  }
}

export async function createScratchRepo(): Promise<ScratchRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'paykit-scratch-'));
  const files = await mustRun('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repoRoot);
  const list = join(dir, '.scratch-files');
  await writeFile(list, files);
  // A file deleted in the working tree but still in the index is listed and missing: --ignore-failed-read skips it.
  await mustRun(
    'tar',
    ['-C', repoRoot, '--null', '--ignore-failed-read', '-T', list, '-cf', join(dir, '.scratch.tar')],
    repoRoot,
  );
  await mustRun('tar', ['-xf', '.scratch.tar'], dir);
  await rm(join(dir, '.scratch.tar'));
  await rm(list);
  await mustRun('git', ['init', '-q'], dir);
  await mustRun('git', ['add', '-A'], dir);
  await mustRun('git', ['-c', 'user.name=paykit', '-c', 'user.email=paykit@invalid', 'commit', '-qm', 'scratch'], dir);
  await mustRun('pnpm', ['install', '--offline', '--frozen-lockfile'], dir);
  await copyBuilt(dir);
  return {
    dir,
    async changedPaths() {
      const status = await mustRun('git', ['status', '--porcelain', '--untracked-files=all'], dir);
      return status
        .split('\n')
        .filter(Boolean)
        .map((line) => line.slice(3));
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
