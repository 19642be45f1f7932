import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { Random } from '../random.js';
import { bernoulliExp } from './bernoulli.js';
import { sampleDiscreteLaplace } from './discrete-laplace.js';
import { isqrt, type Rational, rational, toNumber } from './rational.js';

/**
 * The discrete Gaussian on the integers: P[Z = z] ∝ exp(−z²/(2σ²)). Adding it to an integer
 * query of L2 sensitivity Δ satisfies (Δ²/(2σ²))-zCDP (Canonne, Kamath & Steinke 2020, Thm 4),
 * the same as the continuous Gaussian, with exact sampling.
 *
 * Sampled exactly, CKS 2020 Algorithm 3, for a rational σ²: with t = ⌊σ⌋ + 1, propose
 * Y ~ discrete Laplace(scale t) and accept with probability exp(−(|Y| − σ²/t)²/(2σ²)).
 * With σ² = n/d the exponent is the rational (|Y|·t·d − n)² / (2·n·d·t²).
 */
export function sampleDiscreteGaussian(rng: Random, sigma2: Rational): bigint {
  const n = sigma2.num;
  const d = sigma2.den;
  if (n <= 0n) throw new RangeError('discrete Gaussian variance must be > 0');
  // ⌊σ⌋ = ⌊√(n/d)⌋ = ⌊√(n·d)⌋ / d rounded down: largest f with f²·d ≤ n.
  let f = isqrt(n / d);
  while ((f + 1n) * (f + 1n) * d <= n) f++;
  while (f * f * d > n) f--;
  const t = f + 1n;
  const lap = rational(t);
  for (;;) {
    const y = sampleDiscreteLaplace(rng, lap);
    const a = (y < 0n ? -y : y) * t * d - n;
    if (bernoulliExp(rng, rational(a * a, 2n * n * d * t * t))) return y;
  }
}

/** P[Z = z] for the discrete Gaussian, normalised by direct summation (σ up to ~10^5). */
export function discreteGaussianPmf(sigma: number): (z: number) => number {
  const reach = Math.ceil(40 * sigma) + 10;
  let norm = 0;
  for (let z = -reach; z <= reach; z++) norm += Math.exp(-(z * z) / (2 * sigma * sigma));
  return (z) => Math.exp(-(z * z) / (2 * sigma * sigma)) / norm;
}

/**
 * Half-width k of an exact (1 − α) interval: the smallest k with P[|Z| > k] ≤ α. Summed exactly
 * for σ ≤ 1000; above that the discrete Gaussian's tail differs from the continuous one by far
 * less than one unit, and the normal quantile (rounded up) is used.
 */
export function discreteGaussianHalfWidth(sigma2: Rational | number, alpha = 0.05): number {
  const s2 = typeof sigma2 === 'number' ? sigma2 : toNumber(sigma2);
  const sigma = Math.sqrt(s2);
  if (sigma > 1000) return Math.ceil(sigma * normalQuantile(1 - alpha / 2, 0, 1)) + 1;
  const pmf = discreteGaussianPmf(sigma);
  let inside = pmf(0);
  let k = 0;
  while (1 - inside > alpha) {
    k++;
    inside += 2 * pmf(k);
  }
  return k;
}
