import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Generation (openapi-typescript over every spec) and the loopback HTTP tests take seconds on a shared, loaded
    // machine; vitest's 5 s default failed them there without anything being wrong. No test asserts on time.
    testTimeout: 60_000,
    // Type tests (`*.test-d.ts`) run through `tsc` on every `vitest run`: a type regression fails `pnpm test`.
    typecheck: {
      enabled: true,
      include: ['src/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
