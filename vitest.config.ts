import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/** Files that mock a module (vi.mock): each gets a fresh module registry. */
const ISOLATED = ['test/reliability/atomic-write.test.ts'];

/**
 * `npm test` has to stay under 3 minutes on an idle 2-core machine. Most test files import the
 * same src/ modules: re-importing them in a fresh registry per file (vitest's default isolation)
 * cost about half the CPU time of the unit tests, so files share a worker's registry unless they
 * mock a module. Vitest's default of cores − 1 workers is one worker on 2 cores, which leaves a
 * core idle while a test waits on a child process or DuckDB: two workers there.
 */
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // scripts/mutate-verifier.ts: force one reference check to pass (WUMING_MUTATE=<model id>).
    setupFiles: process.env.WUMING_MUTATE ? ['test/mutation-setup.ts'] : [],
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...ISOLATED],
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
