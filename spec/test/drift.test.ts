// The drift check of generated files (drift.js), in a throwaway git repository standing for a checkout: a file
// committed as generated from the old spec, then a spec edit regenerated but not committed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generatedDrift, onCi, readFromGit } from '../drift.js';

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
const write = (path: string, text: string) => writeFileSync(join(repo, path), text);

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'paykit-drift-'));
  git('init', '-q');
  write('types.ts', 'export type Status = "open";\n');
  git('add', 'types.ts');
  git('-c', 'user.name=paykit', '-c', 'user.email=paykit@invalid', 'commit', '-qm', 'generated from the old spec');
});

afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('the drift check of generated files', () => {
  const regenerated = { 'types.ts': 'export type Status = "open" | "closed";\n' };

  it('passes a developer’s uncommitted spec edit once its files are regenerated (they are on disk, not in git)', () => {
    write('types.ts', regenerated['types.ts']);
    expect(generatedDrift(regenerated, repo, { ci: false })).toEqual([]);
  });

  it('fails on CI when the committed files are not what the spec generates, naming the file and the fix', () => {
    write('types.ts', regenerated['types.ts']); // what turbo's generate wrote before the test
    expect(generatedDrift(regenerated, repo, { ci: true })).toEqual([
      'types.ts: committed without what the spec generates (CI checks git): run pnpm generate and commit',
    ]);
    git('add', 'types.ts'); // staged (a clean clone has it committed): nothing left to say
    expect(generatedDrift(regenerated, repo, { ci: true })).toEqual([]);
  });

  it('fails anywhere when the file on disk is not what the spec generates, or is missing', () => {
    const fresh = { ...regenerated, 'metadata.ts': 'export const x = 1;\n' };
    for (const ci of [false, true]) {
      expect(generatedDrift(fresh, repo, { ci })).toEqual([
        'types.ts: differs from what the spec generates: run pnpm generate',
        'metadata.ts: differs from what the spec generates: run pnpm generate',
      ]);
    }
  });

  it('is on CI when CI is set (to anything but 0 or false), the convention of CI services', () => {
    expect([{ CI: 'true' }, { CI: '1' }, {}, { CI: 'false' }, { CI: '0' }, { CI: '' }].map(onCi)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('reads generated files of any size from git (beyond execFileSync’s 1 MiB default)', () => {
    const big = `export type Big = ${JSON.stringify('x'.repeat(3 * 1024 * 1024))};\n`;
    write('big.ts', big);
    git('add', 'big.ts');
    expect(readFromGit('big.ts', repo)).toBe(big);
    expect(readFromGit('missing.ts', repo)).toBeUndefined();
  });
});
