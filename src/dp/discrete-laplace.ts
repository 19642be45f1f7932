import type { Random } from '../random.js';
import { bernoulliExp, bernoulliRational, uniformBig } from './bernoulli.js';
import { type Rational, rational, toNumber } from './rational.js';

/**
 * The discrete Laplace (two-sided geometric) distribution on the integers:
 * P[Z = z] ∝ exp(−|z| / scale). Adding it to an integer query of L1 sensitivity Δ with
 * scale = Δ/ε is ε-differentially private (Ghosh, Roughgarden & Sundararajan 2009), and unlike a
 * floating-point Laplace it has no low-order bits that betray the true value (Mironov 2012).
 *
 * Sampled exactly, CKS 2020 Algorithm 2, for scale = t/s with integers s, t ≥ 1:
 * U ~ Uniform{0..t−1} accepted with probability e^(−U/t), V ~ Geometric(1 − e^−1), so
 * X = U + t·V is Geometric(1 − e^(−1/t)); Y = ⌊X/s⌋ is Geometric(1 − e^(−s/t)); a fair sign,
 * rejecting "−0" so that 0 is not counted twice.
 */
export function sampleDiscreteLaplace(rng: Random, scale: Rational): bigint {
  const t = scale.num;
  const s = scale.den;
  if (t <= 0n) throw new RangeError('discrete Laplace scale must be > 0');
  for (;;) {
    const u = uniformBig(rng, t);
    if (!bernoulliExp(rng, rational(u, t))) continue;
    let v = 0n;
    while (bernoulliExp(rng, ONE)) v++;
    const y = (u + t * v) / s;
    const negative = bernoulliRational(rng, 1n, 2n);
    if (negative && y === 0n) continue;
    return negative ? -y : y;
  }
}

const ONE = rational(1n);

/** P[Z = z] for the discrete Laplace with this scale (for tests and error bars). */
export function discreteLaplacePmf(scale: number, z: number): number {
  const q = Math.exp(-1 / scale);
  return ((1 - q) / (1 + q)) * q ** Math.abs(z);
}

/** Standard deviation of the discrete Laplace: √(2q)/(1−q), q = e^(−1/scale). */
export function discreteLaplaceSd(scale: Rational | number): number {
  const b = typeof scale === 'number' ? scale : toNumber(scale);
  const q = Math.exp(-1 / b);
  return Math.sqrt(2 * q) / (1 - q);
}

/**
 * The smallest integer k with P[|Z| > k] ≤ α: P[|Z| > k] = 2q^(k+1)/(1+q). The released value
 * ± k is an exact (1 − α) interval for the true integer answer, since the noise is independent
 * of the data.
 */
export function discreteLaplaceHalfWidth(scale: Rational | number, alpha = 0.05): number {
  const b = typeof scale === 'number' ? scale : toNumber(scale);
  const q = Math.exp(-1 / b);
  // 2q^(k+1)/(1+q) ≤ α  ⇔  k + 1 ≥ ln(α(1+q)/2) / ln q
  const tail = (k: number) => (2 * q ** (k + 1)) / (1 + q);
  let k = Math.max(0, Math.ceil(Math.log((alpha * (1 + q)) / 2) / Math.log(q) - 1));
  // Guard the closed form against rounding in either direction.
  while (tail(k) > alpha) k++;
  while (k > 0 && tail(k - 1) <= alpha) k--;
  return k;
}

/** P[Z ≥ k] for k ≥ 1: q^k/(1+q). Used to size the partition-selection threshold. */
export function discreteLaplaceTail(scale: number, k: number): number {
  const q = Math.exp(-1 / scale);
  // By symmetry P[Z ≥ k] = 1 − P[Z ≥ 1 − k] for k ≤ 0.
  return k >= 1 ? q ** k / (1 + q) : 1 - q ** (1 - k) / (1 + q);
}
