import { defineConfig } from 'vitest/config';

/** The end-to-end import test: `pnpm api:add` in a scratch copy of the repository (turbo's `test:import` task). */
const importTests = ['test/import.test.ts'];

export default defineConfig({
  test: {
    // Several tests run Redocly's CLI: a second or two alone, 30 s at a load average of 30 while the other packages'
    // tests run beside them. A limit against hangs, not a timed assertion.
    testTimeout: 120_000,
    // Removing a scratch copy of the repository (its node_modules included) takes seconds on a loaded machine.
    hookTimeout: 120_000,
    // vitest's default on 2 cores is one worker, i.e. one file after another. The longest file mostly waits on other
    // processes (Chromium for docs.test.ts), so two run side by side: docs beside the short files, instead of adding up.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'spec',
          include: ['test/**/*.test.ts'],
          exclude: importTests,
          // One module graph for all files, not one per file: each imported Redocly, Ajv and the YAML parser again
          // (about 1.5 s of CPU a file). No file replaces a module, writes process.env or a global.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'import', include: importTests } },
    ],
  },
});
