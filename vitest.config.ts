import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // scripts/mutate-verifier.ts: force one reference check to pass (WUMING_MUTATE=<model id>).
    setupFiles: process.env.WUMING_MUTATE ? ['test/mutation-setup.ts'] : [],
  },
});
