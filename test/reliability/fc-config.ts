/**
 * Shared settings of the property and fuzz tests: a fixed seed and few runs in `npm test` (a few
 * seconds in all), many more under `npm run test:deep` (WUMING_DEEP=1), which runs the same
 * properties with a seed of its own unless WUMING_SEED pins one (print it to replay a failure).
 */
export const DEEP = process.env.WUMING_DEEP === '1';
export const SEED = Number(process.env.WUMING_SEED ?? (DEEP ? Date.now() % 2 ** 31 : 20261202));
/** Runs of a property: `n` normally, 40 × n deep. */
export const runs = (n: number): number => (DEEP ? n * 40 : n);
export const fcOptions = (n: number) => ({ seed: SEED, numRuns: runs(n), endOnFailure: true });
/** Test timeout: generous when deep. */
export const timeout = (ms: number): number => (DEEP ? ms * 60 : ms);
