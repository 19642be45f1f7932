import type { Random } from '../random.js';
import { addNoise, type Calibration } from './additive.js';
import { discreteLaplaceTail } from './discrete-laplace.js';

/**
 * Private partition selection by a noisy-count threshold (Korolova, Kenthapadi, Mishra &
 * Ntoulas 2009; Wilson et al. 2020, "Differentially Private SQL with Bounded User
 * Contribution", as Google's library does it): a group key found in the data is released only if
 * its count of bounded rows plus discrete Laplace noise (scale b = C/ε) reaches a threshold τ.
 *
 * With each privacy unit bounded to C rows, a unit present in one dataset and not the other can
 * create groups of counts c_k ≥ 1, Σc_k ≤ C. Each such group is released with probability
 * P[Z ≥ τ − c_k] = q^(τ−c_k)/(1+q), q = e^(−1/b), for τ > C. The sum over the unit's groups is
 * Schur-convex in (c_k), so its maximum is at one group of C rows or at C groups of one row:
 *   δ(τ) = q^τ · max(q^(−C), C·q^(−1)) / (1 + q).
 * On groups present in both datasets the noisy counts are ε-DP; so the whole release is
 * (ε, δ(τ))-DP. τ is the smallest integer with δ(τ) ≤ δ.
 */
export function selectionThreshold(contributionBound: number, scale: number, delta: number): number {
  if (!(delta > 0 && delta < 1)) throw new RangeError('partition selection needs 0 < δ < 1');
  const C = contributionBound;
  const risk = (tau: number) =>
    Math.max(discreteLaplaceTail(scale, tau - C), C * discreteLaplaceTail(scale, tau - 1));
  // Start from the closed form and correct for rounding.
  const q = Math.exp(-1 / scale);
  const worst = Math.max(q ** -C, C / q) / (1 + q);
  let tau = Math.max(C + 1, Math.ceil(Math.log(delta / worst) / Math.log(q)));
  while (risk(tau) > delta) tau++;
  while (tau > C + 1 && risk(tau - 1) <= delta) tau--;
  return tau;
}

/** δ actually achieved by threshold τ (≤ the δ asked for). */
export function selectionDelta(contributionBound: number, scale: number, tau: number): number {
  const C = contributionBound;
  return Math.max(discreteLaplaceTail(scale, tau - C), C * discreteLaplaceTail(scale, tau - 1));
}

/**
 * Select the keys to release: each key's count plus noise from `cal` (discrete Laplace of scale
 * C/ε), kept when it reaches the threshold for δ. Keys are visited in sorted order so neither
 * the output nor the noise assignment depends on the data's row order. Returns the threshold and
 * the released keys with their noisy counts (which are themselves ε-DP counts).
 */
export function selectPartitions(
  rng: Random,
  counts: ReadonlyMap<string, bigint>,
  cal: Calibration,
  contributionBound: number,
  delta: number,
): { threshold: number; delta: number; released: Map<string, bigint> } {
  if (cal.mechanism !== 'laplace') throw new RangeError('partition selection uses discrete Laplace noise');
  const threshold = selectionThreshold(contributionBound, cal.scale, delta);
  const released = new Map<string, bigint>();
  for (const k of [...counts.keys()].sort()) {
    const noisy = addNoise(rng, cal, counts.get(k)!);
    if (noisy >= BigInt(threshold)) released.set(k, noisy);
  }
  return { threshold, delta: selectionDelta(contributionBound, cal.scale, threshold), released };
}
