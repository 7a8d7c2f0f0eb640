import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Generation (openapi-typescript over every spec) and the loopback HTTP tests take seconds on a shared, loaded
    // machine; vitest's 5 s default failed them there without anything being wrong. No test asserts on time.
    testTimeout: 60_000,
    // One module graph for all files: importing the generated clients, openapi-typescript and esbuild once per file
    // was most of the run (import 29 s of 75 s at load 10; 35 s in all without). No file keeps state another reads:
    // servers are per test; the one stubbed global is unstubbed after its test (and by vitest before every test).
    isolate: false,
    unstubGlobals: true,
    unstubEnvs: true,
    // The type tests (`*.test-d.ts`) are in tsconfig.json, so `typecheck` (`tsc --noEmit`, in `pnpm test`) checks
    // them: a type regression fails `pnpm test` there, not again here in a second tsc over the same files.
  },
});
