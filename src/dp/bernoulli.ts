import type { Random } from '../random.js';
import { bitLength, type Rational } from './rational.js';

/**
 * Exact coin flips from a `Random` (secureRandom in production, seededRandom in tests): only
 * uniform integers are drawn, never a floating-point probability, so no rounding can bias a
 * sampler built on them (Canonne, Kamath & Steinke 2020, "The Discrete Gaussian for
 * Differential Privacy", §5).
 */

const CHUNK = 2 ** 30;
const CHUNK_BITS = 30n;

/** Uniform integer in [0, n), n ≥ 1, by rejection on whole random bits (no modulo bias). */
export function uniformBig(rng: Random, n: bigint): bigint {
  if (n <= 0n) throw new RangeError('uniformBig needs n ≥ 1');
  if (n <= BigInt(CHUNK)) return BigInt(rng.int(Number(n)));
  const bits = bitLength(n - 1n);
  const chunks = Math.ceil(bits / 30);
  const extra = BigInt(chunks * 30 - bits);
  for (;;) {
    let x = 0n;
    for (let i = 0; i < chunks; i++) x = (x << CHUNK_BITS) | BigInt(rng.int(CHUNK));
    x >>= extra;
    if (x < n) return x;
  }
}

/** Bernoulli(num/den), 0 ≤ num ≤ den. */
export function bernoulliRational(rng: Random, num: bigint, den: bigint): boolean {
  if (num < 0n || num > den) throw new RangeError('Bernoulli probability outside [0, 1]');
  if (num === 0n) return false;
  if (num === den) return true;
  return uniformBig(rng, den) < num;
}

/**
 * Bernoulli(exp(−γ)) for a rational γ ≥ 0: CKS 2020 Algorithm 1. For γ ∈ [0, 1] draw
 * A_k ~ Bernoulli(γ/k) for k = 1, 2, … until the first A_k = 0 and return whether that k is
 * odd (P = Σ (−γ)^j/j! = e^−γ). For γ > 1, e^−γ = (e^−1)^⌊γ⌋ · e^−(γ−⌊γ⌋): ⌊γ⌋ independent
 * Bernoulli(e^−1) coins and one more for the fractional part.
 */
export function bernoulliExp(rng: Random, gamma: Rational): boolean {
  const { num, den } = gamma;
  if (num < 0n) throw new RangeError('bernoulliExp needs γ ≥ 0');
  if (num <= den) return bernoulliExpUnit(rng, num, den);
  const whole = num / den;
  for (let i = 0n; i < whole; i++) if (!bernoulliExpUnit(rng, 1n, 1n)) return false;
  return bernoulliExpUnit(rng, num - whole * den, den);
}

function bernoulliExpUnit(rng: Random, num: bigint, den: bigint): boolean {
  let k = 1n;
  for (;;) {
    if (!bernoulliRational(rng, num, den * k)) break;
    k++;
  }
  return (k & 1n) === 1n;
}
