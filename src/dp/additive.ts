import type { Random } from '../random.js';
import { gaussianVarianceForZcdp, zcdpForApprox } from './accountant.js';
import { discreteGaussianHalfWidth, sampleDiscreteGaussian } from './discrete-gaussian.js';
import { discreteLaplaceHalfWidth, discreteLaplaceSd, sampleDiscreteLaplace } from './discrete-laplace.js';
import { ceilDyadic, div, type Rational, rational, toNumber } from './rational.js';

/**
 * Additive integer noise calibrated to a query's sensitivity: the Laplace mechanism (discrete
 * Laplace with scale Δ₁/ε, pure ε-DP) or the Gaussian mechanism (discrete Gaussian with
 * σ² = Δ₂²/(2ρ), ρ-zCDP, with ρ the largest that converts to the requested (ε, δ) by CKS 2020
 * Cor. 13). Queries are integers (counts, sums on a fixed grid), so the exact samplers apply.
 */
export type NoiseMechanism = 'laplace' | 'gaussian';

export interface Calibration {
  mechanism: NoiseMechanism;
  /** Sensitivity in the query's integer units: L1 for Laplace, L2 for Gaussian. */
  sensitivity: bigint;
  /** Laplace: the scale b; Gaussian: the variance σ² (exact rationals). */
  parameter: Rational;
  /** Noise scale in query units: b for Laplace, σ for Gaussian (what a release reports as "scale"). */
  scale: number;
  /** Standard deviation of the noise. */
  sd: number;
  /** What this measurement spends: ε (Laplace, pure DP) or ρ (Gaussian, zCDP). */
  loss: { epsilon?: number; rho?: number };
  /** Half-width of the exact central interval of the noise at 1 − α. */
  halfWidth(alpha: number): number;
}

/** Laplace mechanism: discrete Laplace with scale b = Δ₁/ε (exact rational), pure ε-DP. */
export function calibrateLaplace(sensitivity: bigint, epsilon: Rational): Calibration {
  if (sensitivity <= 0n) throw new RangeError('sensitivity must be ≥ 1');
  if (epsilon.num <= 0n) throw new RangeError('ε must be > 0');
  const b = div(rational(sensitivity), epsilon);
  return {
    mechanism: 'laplace',
    sensitivity,
    parameter: b,
    scale: toNumber(b),
    sd: discreteLaplaceSd(b),
    loss: { epsilon: toNumber(epsilon) },
    halfWidth: (alpha) => discreteLaplaceHalfWidth(b, alpha),
  };
}

/**
 * Gaussian mechanism for ρ-zCDP: discrete Gaussian with σ² = Δ₂²/(2ρ), rounded UP to a dyadic
 * rational (more noise, never less privacy); the ρ reported is the one the rounded σ² achieves.
 */
export function calibrateGaussian(sensitivity: bigint, rho: number): Calibration {
  if (sensitivity <= 0n) throw new RangeError('sensitivity must be ≥ 1');
  const s2 = ceilDyadic(gaussianVarianceForZcdp(Number(sensitivity), rho));
  const sigma2 = toNumber(s2);
  const achieved = Number(sensitivity) ** 2 / (2 * sigma2);
  return {
    mechanism: 'gaussian',
    sensitivity,
    parameter: s2,
    scale: Math.sqrt(sigma2),
    sd: Math.sqrt(sigma2),
    loss: { rho: achieved },
    halfWidth: (alpha) => discreteGaussianHalfWidth(s2, alpha),
  };
}

/** The ρ to spend for an (ε, δ) request answered with Gaussian noise (CKS 2020 Cor. 13, inverted). */
export const rhoFor = (epsilon: number, delta: number): number => zcdpForApprox(epsilon, delta);

export function addNoise(rng: Random, c: Calibration, value: bigint): bigint {
  return (
    value +
    (c.mechanism === 'laplace'
      ? sampleDiscreteLaplace(rng, c.parameter)
      : sampleDiscreteGaussian(rng, c.parameter))
  );
}
