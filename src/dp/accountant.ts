import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { add, fromDecimal, type Rational, toNumber } from './rational.js';

/**
 * Privacy-loss accounting: pure ε-DP, approximate (ε, δ)-DP and ρ-zero-concentrated DP (zCDP),
 * the standard conversions between them and sequential composition.
 *
 * Definitions: Dwork, McSherry, Nissim & Smith 2006 (ε-DP); Dwork, Kenthapadi, McSherry, Mironov
 * & Naor 2006 ((ε, δ)-DP); Bun & Steinke 2016 (zCDP). Every function returns a guarantee that is
 * at least as strong as the paper's bound claims and never rounds in the mechanism's favour.
 */
export type PrivacyLoss =
  | { kind: 'pure'; epsilon: number }
  | { kind: 'approx'; epsilon: number; delta: number }
  | { kind: 'zcdp'; rho: number };

/** ε-DP ⇒ (ε²/2)-zCDP (Bun & Steinke 2016, Proposition 1.4). */
export function pureToZcdp(epsilon: number): number {
  return (epsilon * epsilon) / 2;
}

/** ρ-zCDP ⇒ (ρ + 2√(ρ·ln(1/δ)), δ)-DP (Bun & Steinke 2016, Proposition 1.3). */
export function zcdpToApproxSimple(rho: number, delta: number): number {
  checkDelta(delta);
  return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
}

/**
 * ρ-zCDP ⇒ (ε, δ)-DP with the tighter conversion of Canonne, Kamath & Steinke 2020,
 * Corollary 13 (after Asoodeh et al. 2020):
 *   ε = inf_{α>1} αρ + (ln(1/δ) + (α−1)·ln(1 − 1/α) − ln α)/(α − 1).
 * The bracket is minimised numerically (golden section on ln(α−1), where it is unimodal) and the
 * result is never above the Bun–Steinke bound, which also holds.
 */
export function zcdpToApprox(rho: number, delta: number): number {
  checkDelta(delta);
  if (rho < 0) throw new RangeError('ρ must be ≥ 0');
  if (rho === 0) return 0;
  const L = Math.log(1 / delta);
  const f = (a: number) => a * rho + (L + (a - 1) * Math.log1p(-1 / a) - Math.log(a)) / (a - 1);
  // Search x = ln(α − 1) over a range wide enough for any ρ, δ used in practice.
  let lo = -20;
  let hi = 20;
  const g = (x: number) => f(1 + Math.exp(x));
  const phi = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - phi * (hi - lo);
  let x2 = lo + phi * (hi - lo);
  let g1 = g(x1);
  let g2 = g(x2);
  for (let i = 0; i < 200; i++) {
    if (g1 < g2) {
      hi = x2;
      x2 = x1;
      g2 = g1;
      x1 = hi - phi * (hi - lo);
      g1 = g(x1);
    } else {
      lo = x1;
      x1 = x2;
      g1 = g2;
      x2 = lo + phi * (hi - lo);
      g2 = g(x2);
    }
  }
  const best = Math.max(0, Math.min(g1, g2));
  return Math.min(best, zcdpToApproxSimple(rho, delta));
}

/**
 * The largest ρ whose zCDP guarantee converts (Corollary 13) to at most (ε, δ)-DP: how much
 * Gaussian noise an (ε, δ) request needs. ε(ρ) is increasing in ρ, so bisection finds it; the
 * lower end of the bracket is returned, so the converted ε never exceeds the request.
 */
export function zcdpForApprox(epsilon: number, delta: number): number {
  checkDelta(delta);
  if (!(epsilon > 0)) throw new RangeError('ε must be > 0');
  let lo = 0;
  let hi = epsilon; // ε ≥ ρ always, so ρ ≤ ε
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (zcdpToApprox(mid, delta) <= epsilon) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Noise for ρ-zCDP with L2 sensitivity Δ: σ² = Δ²/(2ρ) (Bun & Steinke 2016, Prop. 1.6; CKS 2020, Thm 4). */
export function gaussianVarianceForZcdp(sensitivity: number, rho: number): number {
  if (!(rho > 0)) throw new RangeError('ρ must be > 0');
  return (sensitivity * sensitivity) / (2 * rho);
}

/**
 * Exact (ε, δ) of the (continuous) Gaussian mechanism with noise σ and L2 sensitivity Δ
 * (Balle & Wang 2018, Theorem 8): δ = Φ(Δ/(2σ) − εσ/Δ) − e^ε·Φ(−Δ/(2σ) − εσ/Δ).
 */
export function gaussianDelta(epsilon: number, sigma: number, sensitivity: number): number {
  const a = sensitivity / (2 * sigma);
  const b = (epsilon * sigma) / sensitivity;
  return normalCdf(a - b, 0, 1) - Math.exp(epsilon) * normalCdf(-a - b, 0, 1);
}

/** Any loss as (ε, δ)-DP: zCDP needs the δ to convert at. */
export function toApprox(loss: PrivacyLoss, delta = 0): { epsilon: number; delta: number } {
  switch (loss.kind) {
    case 'pure':
      return { epsilon: loss.epsilon, delta: 0 };
    case 'approx':
      return { epsilon: loss.epsilon, delta: loss.delta };
    case 'zcdp':
      return { epsilon: zcdpToApprox(loss.rho, delta), delta };
  }
}

/**
 * Sequential (basic) composition: running mechanisms one after another on the same data costs
 * the sum of their ε and of their δ (Dwork, Kenthapadi, McSherry, Mironov & Naor 2006; Dwork &
 * Roth 2014, Theorem 3.16). ε's are summed as the exact decimals they were stated in, so that
 * 0.1 + 0.2 spends exactly 0.3 of a budget of 0.3.
 */
export function composeSequential(losses: readonly { epsilon: number; delta: number }[]): {
  epsilon: number;
  delta: number;
} {
  let e: Rational = fromDecimal(0);
  let d: Rational = fromDecimal(0);
  for (const l of losses) {
    e = add(e, fromDecimal(l.epsilon));
    d = add(d, fromDecimal(l.delta));
  }
  return { epsilon: toNumber(e), delta: toNumber(d) };
}

/** zCDP composes by adding ρ (Bun & Steinke 2016, Lemma 1.7). */
export function composeZcdp(rhos: readonly number[]): number {
  return rhos.reduce((a, b) => a + b, 0);
}

/**
 * Advanced composition of k (ε, δ)-DP mechanisms (Dwork, Rothblum & Vadhan 2010; Dwork & Roth
 * 2014, Theorem 3.20): (ε·√(2k·ln(1/δ')) + k·ε·(e^ε − 1), k·δ + δ')-DP.
 */
export function advancedComposition(
  epsilon: number,
  delta: number,
  k: number,
  deltaPrime: number,
): { epsilon: number; delta: number } {
  checkDelta(deltaPrime);
  return {
    epsilon: epsilon * Math.sqrt(2 * k * Math.log(1 / deltaPrime)) + k * epsilon * Math.expm1(epsilon),
    delta: k * delta + deltaPrime,
  };
}

function checkDelta(delta: number) {
  if (!(delta > 0 && delta < 1)) throw new RangeError('δ must be in (0, 1)');
}
