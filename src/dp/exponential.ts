import type { Random } from '../random.js';
import { bernoulliExp } from './bernoulli.js';
import { type Rational, rational } from './rational.js';

/**
 * The exponential mechanism (McSherry & Talwar 2007): choose candidate i with probability
 * ∝ exp(ε·u_i / (2Δ)) for integer utilities u_i of sensitivity Δ; ε-differentially private.
 *
 * Sampled exactly by rejection: propose i uniformly and accept with probability
 * exp(−ε(u* − u_i)/(2Δ)) (u* the best utility), an exact Bernoulli(exp(−γ)) with rational γ
 * (CKS 2020 Algorithm 1). Accepted proposals have exactly the mechanism's distribution; the
 * best candidate is always accepted, so at most `candidates` proposals are expected.
 *
 * `factor` replaces 2 in the exponent's denominator when the utility is monotone (McSherry &
 * Talwar allow ε·u/Δ then); callers keep the default unless they can argue it.
 */
export function sampleExponential(
  rng: Random,
  utilities: readonly (number | bigint)[],
  epsilon: Rational,
  sensitivity: number | bigint,
  factor = 2n,
): number {
  const m = utilities.length;
  if (m === 0) throw new RangeError('the exponential mechanism needs at least one candidate');
  const u = utilities.map((x) => {
    if (typeof x === 'number' && !Number.isInteger(x)) throw new RangeError('utilities must be integers');
    return BigInt(x);
  });
  const delta = BigInt(sensitivity);
  if (delta <= 0n) throw new RangeError('sensitivity must be > 0');
  let best = u[0];
  for (const x of u) if (x > best) best = x;
  // γ_i = ε(u* − u_i)/(factor·Δ) = ε.num·(u* − u_i) / (ε.den·factor·Δ)
  const den = epsilon.den * factor * delta;
  for (;;) {
    const i = rng.int(m);
    if (bernoulliExp(rng, rational(epsilon.num * (best - u[i]), den))) return i;
  }
}

/** The mechanism's exact selection probabilities (floating point), for tests and accuracy bounds. */
export function exponentialProbabilities(
  utilities: readonly number[],
  epsilon: number,
  sensitivity: number,
  factor = 2,
): number[] {
  const best = Math.max(...utilities);
  const w = utilities.map((x) => Math.exp((epsilon * (x - best)) / (factor * sensitivity)));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

/**
 * Utility loss the mechanism stays within with probability ≥ 1 − β:
 * u(output) ≥ u* − (2Δ/ε)·ln(m/β) (McSherry & Talwar 2007, Thm 6; Dwork & Roth 2014, Thm 3.11).
 */
export function exponentialUtilityLoss(
  candidates: number,
  epsilon: number,
  sensitivity: number,
  beta: number,
) {
  return ((2 * sensitivity) / epsilon) * Math.log(candidates / beta);
}
