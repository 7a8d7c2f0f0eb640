import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { guardDirectory } from './orphan-guard.js';

/**
 * Private copies of a spec for Prism to load. Prism watches the file it serves and, when it changes, reloads in
 * place: its port is closed meanwhile, and it exits if the new file does not load. Each Prism of a mock therefore
 * loads a copy, so re-bundling the spec never disturbs a running mock (a test run, say); `restart()` is the one way
 * to a new spec, without a gap. The copy must be self-contained, as the bundles are.
 */
export class SpecSnapshots {
  #dir: string | undefined;
  #release: (() => void) | undefined;
  #count = 0;

  take(specPath: string): string {
    if (this.#dir === undefined) {
      this.#dir = mkdtempSync(join(tmpdir(), 'paykit-mock-spec-'));
      this.#release = guardDirectory(this.#dir);
    }
    const copy = join(this.#dir, `${++this.#count}-${basename(specPath)}`);
    copyFileSync(specPath, copy);
    return copy;
  }

  discard(copy: string): void {
    rmSync(copy, { force: true });
  }

  discardAll(): void {
    if (this.#dir === undefined) return;
    rmSync(this.#dir, { recursive: true, force: true });
    this.#release?.();
    this.#dir = undefined;
  }
}
