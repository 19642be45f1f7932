import type { PopulationContext, PopulationUniquenessEstimator, UniquenessEstimate } from './estimator.js';
import { classCount, classesOfSize, type SizeHistogram } from './histogram.js';

/**
 * Zayatz (1991, "Estimation of the percent of unique population elements on a microdata file
 * using the sample", U.S. Census Bureau SRD Report RR-91/08). The probability that a sample
 * unique is a population unique is estimated from the sample class-size distribution, taking
 * the sample class sizes as the distribution of population class sizes:
 *   P(pop unique | sample unique) = (c_1/u) P(X_1 = 1) / sum_j (c_j/u) P(X_j = 1),
 * X_j ~ Hypergeometric(N, j, n) the number of sampled records of a population class of size j.
 * Population uniques = c_1 * P(pop unique | sample unique) / (n/N), reported as a share of N.
 */
export function hypergeometricOne(N: number, K: number, n: number): number {
  // P(X = 1) = K C(N-K, n-1) / C(N, n) = (K n / N) * prod_{i=1}^{K-1} (N - n - i + 1) / (N - i),
  // evaluated as a sum of log1p terms so it stays exact for N in the billions.
  if (K > N || n > N) return 0;
  let log = Math.log(K) + Math.log(n) - Math.log(N);
  for (let i = 1; i < K; i++) {
    const num = N - n - i + 1;
    if (num <= 0) return 0;
    log += Math.log1p(-(n - 1) / (N - i));
  }
  return Math.exp(log);
}

export function zayatzUniqueness(h: SizeHistogram, pop: PopulationContext): UniquenessEstimate {
  const c1 = classesOfSize(h, 1);
  if (c1 === 0) return { share: 0, uniques: 0 };
  const u = classCount(h);
  const N = pop.size;
  const n = pop.sampleSize;
  let denom = 0;
  for (let i = 0; i < h.sizes.length; i++) denom += (h.counts[i] / u) * hypergeometricOne(N, h.sizes[i], n);
  const cond = ((c1 / u) * hypergeometricOne(N, 1, n)) / denom;
  const uniques = (c1 * cond) / pop.fraction;
  if (!Number.isFinite(uniques)) return { share: null, uniques: null };
  return { share: uniques / N, uniques, parameters: { conditionalUniqueness: cond } };
}

export const zayatz: PopulationUniquenessEstimator = {
  id: 'zayatz',
  label: 'Zayatz',
  method: "assumes the population's classes are shaped like the sample's",
  estimate: zayatzUniqueness,
};
