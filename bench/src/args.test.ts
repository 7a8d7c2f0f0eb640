import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { chosenSections, UsageError } from './args.js';

const known = ['client', 'size', 'regen', 'mock'];

describe('chosenSections', () => {
  it('runs every section when none is named', () => {
    assert.deepEqual(chosenSections([], known), known);
  });

  it('accepts a leading `--`, as pnpm hands it through from `pnpm --filter @paykit/bench bench -- --only …`', () => {
    assert.deepEqual(chosenSections(['--', '--only', 'size,client'], known), ['size', 'client']);
    assert.deepEqual(chosenSections(['--only=regen'], known), ['regen']);
  });

  it('names the valid sections when --only names an unknown one, in one line', () => {
    assert.throws(
      () => chosenSections(['--only', 'size,clients'], known),
      (error: unknown) =>
        error instanceof UsageError &&
        error.message === '--only has unknown section(s) "clients"; valid sections: client, size, regen, mock',
    );
  });

  it('refuses an empty --only and stray arguments with the usage', () => {
    assert.throws(
      () => chosenSections(['--only', ','], known),
      /--only names no section; valid sections: client, size, regen, mock/,
    );
    assert.throws(
      () => chosenSections(['size'], known),
      /^UsageError: Unexpected argument 'size'; usage: pnpm bench \[-- --only client,size,regen,mock\]$/,
    );
    assert.throws(
      () => chosenSections(['--only'], known),
      (e: unknown) => e instanceof UsageError && !e.message.includes('\n'),
    );
  });
});
