import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchSpecSources } from '../src/cli/spec-watcher.js';
import { tempDir } from './support/temp-dir.js';

// A copy of the spec folder layout in a temp dir: the real spec belongs to its authors.
function specLayout(): string {
  const dir = tempDir('paykit-spec-');
  for (const api of ['connect', 'ten99policy']) mkdirSync(join(dir, api, 'paths'), { recursive: true });
  return dir;
}

describe('watchSpecSources', () => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  it('reports which API changed, once edits settle, for files in nested folders', async () => {
    const dir = specLayout();
    const batches: Set<string>[] = [];
    stop = watchSpecSources(dir, (changed) => batches.push(changed));
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, 'ten99policy', 'paths', 'cancel.yaml'), `v${i}`);
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000, interval: 25 });
    expect([...(batches[0] as Set<string>)]).toEqual(['ten99policy']);
  });

  it('ignores editor swap and backup files', async () => {
    const dir = specLayout();
    const batches: Set<string>[] = [];
    stop = watchSpecSources(dir, (changed) => batches.push(changed));
    writeFileSync(join(dir, 'connect', '.openapi.yaml.swp'), 'x');
    writeFileSync(join(dir, 'connect', 'openapi.yaml~'), 'x');
    writeFileSync(join(dir, 'ten99policy', 'openapi.yaml'), 'x');
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000, interval: 25 });
    expect([...(batches[0] as Set<string>)]).toEqual(['ten99policy']);
  });

  it('counts redocly.yaml as a change to both APIs', async () => {
    const dir = specLayout();
    const batches: Set<string>[] = [];
    stop = watchSpecSources(dir, (changed) => batches.push(changed));
    writeFileSync(join(dir, 'redocly.yaml'), 'telemetry: off');
    await vi.waitFor(() => expect(batches).toHaveLength(1), { timeout: 5_000, interval: 25 });
    expect([...(batches[0] as Set<string>)].sort()).toEqual(['connect', 'ten99policy']);
  });
});
