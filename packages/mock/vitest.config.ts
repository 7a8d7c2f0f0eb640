import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Both mocks start once per run; tests reach them with inject('connectMockUrl') / inject('ten99policyMockUrl').
    // And one Chromium per run for the browser files, each in a context of its own (test/support/chromium.ts).
    globalSetup: ['./src/vitest-global-setup.ts', './test/support/chromium-server.ts'],
    // One module graph for all files: each file imported Prism's engine, the sandbox and the client again (import
    // 81 s of a 302 s run; 11 s of 113 s without, both at load 8-12). No file replaces a module or writes
    // process.env; each starts its own mocks, servers and browsers; the one process listener is removed after use.
    isolate: false,
    unstubGlobals: true,
    unstubEnvs: true,
    // Some tests start their own Prism (about a second each) or a child process.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Vite's transforms of the test files and sources kept on disk (node_modules/.experimental-vitest-cache) and
    // reused by the next run for every file whose content is unchanged: after a spec edit, only what changed is
    // compiled again. Keyed by content, not by what an import resolves to: after renaming a module that an unchanged
    // file imports, `pnpm vitest --clearCache` (vitest-dev/vitest#11246).
    experimental: { fsModuleCache: true },
    // The workspace's builds (this package's dist/, which test/prism-patches.test.ts runs, and @paykit/client's) are
    // plain ES modules Node loads as they are: through Vite, the 2 MB engine bundle was compiled again with its source
    // map into the cache (6.7 MB) on a fresh clone, and run through Vite's module runner on every run.
    server: { deps: { external: [/\/packages\/[^/]+\/dist\//] } },
  },
});
