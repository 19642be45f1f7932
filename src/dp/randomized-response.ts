import type { Random } from '../random.js';
import { sampleExponential } from './exponential.js';
import type { Rational } from './rational.js';

/**
 * k-ary randomized response (Warner 1965; the k-ary form of Kairouz, Oh & Viswanath 2014):
 * report the true category with probability e^ε/(e^ε + k − 1), otherwise one of the other k − 1
 * uniformly. ε-locally differentially private for each respondent.
 *
 * The weights are 1 for the truth and e^−ε for every other category, so the draw is exactly an
 * exponential mechanism with utility 1 for the truth and 0 otherwise at "ε/2 per unit of utility"
 * and is sampled by the same exact rejection (no floating-point probability is ever compared).
 */
export function randomizedResponse(
  rng: Random,
  truth: number,
  categories: number,
  epsilon: Rational,
): number {
  if (!(Number.isInteger(categories) && categories >= 2)) throw new RangeError('need at least 2 categories');
  if (!(Number.isInteger(truth) && truth >= 0 && truth < categories))
    throw new RangeError('truth out of range');
  const utilities = Array.from({ length: categories }, (_, i) => (i === truth ? 1 : 0));
  // exp(ε·u/(factor·Δ)) with factor = 1, Δ = 1 gives weights e^ε : 1, the same ratio as 1 : e^−ε.
  return sampleExponential(rng, utilities, epsilon, 1, 1n);
}

/** P[report the truth] = e^ε/(e^ε + k − 1). */
export function keepProbability(epsilon: number, categories: number): number {
  return Math.exp(epsilon) / (Math.exp(epsilon) + categories - 1);
}

/**
 * Unbiased frequency estimates from randomized-response reports: with p = keep probability and
 * q = (1 − p)/(k − 1), E[observed_j] = n·(q + (p − q)·f_j), so f_j = (observed_j/n − q)/(p − q).
 */
export function estimateFrequencies(reportCounts: readonly number[], epsilon: number): number[] {
  const k = reportCounts.length;
  const n = reportCounts.reduce((a, b) => a + b, 0);
  const p = keepProbability(epsilon, k);
  const q = (1 - p) / (k - 1);
  return reportCounts.map((c) => (c / n - q) / (p - q));
}
