import { describe, expect, it } from 'vitest';
import { calibrateGaussian, calibrateLaplace } from '../../src/dp/additive.js';
import { discreteGaussianHalfWidth } from '../../src/dp/discrete-gaussian.js';
import { discreteLaplaceHalfWidth } from '../../src/dp/discrete-laplace.js';
import { fromDecimal } from '../../src/dp/rational.js';

/**
 * Agreement with OpenDP's documented behaviour (OpenDP cannot be run here: see the README's DP
 * section). The facts are OpenDP's published formulas and proofs, from the library's
 * repository (github.com/opendp/opendp, rust/src/…, commit bc6e18b of 2026-08-06):
 * - privacy maps: discrete Laplace with scale s spends ε = Δ/s
 *   (measurements/noise/distribution/laplace, NoisePrivacyMap for ZExpFamily<1>); discrete
 *   Gaussian with scale σ spends ρ = (Δ/σ)²/2 (…/gaussian, NoisePrivacyMap for ZExpFamily<2>);
 * - accuracy: `discrete_laplacian_scale_to_accuracy(s, α)` = s·ln(2/(α(e^{1/s} + 1))) + 1 and
 *   `discrete_gaussian_scale_to_accuracy(σ, α)` = the smallest i with
 *   (1 − α)·Σ_y e^{−(y/σ)²/2} ≤ Σ_{x<i} (1 + 1[x≠0]) e^{−(x/σ)²/2} (accuracy/*.tex), both defined
 *   by α = P[|Y| ≥ a]. Our interval half-width k is the smallest integer with P[|Y| > k] ≤ α,
 *   so the two must satisfy k = ⌈a⌉ − 1.
 */
const openDpLaplaceAccuracy = (s: number, alpha: number) =>
  s * Math.log(2 / (alpha * (Math.exp(1 / s) + 1))) + 1;

function openDpGaussianAccuracy(sigma: number, alpha: number): number {
  const w = (y: number) => Math.exp(-((y / sigma) ** 2) / 2);
  let total = w(0);
  for (let y = 1; y < 60 * sigma + 10; y++) total += 2 * w(y);
  let inside = 0;
  for (let i = 1; ; i++) {
    const x = i - 1;
    inside += (x === 0 ? 1 : 2) * w(x);
    if ((1 - alpha) * total <= inside) return i;
  }
}

describe("OpenDP's documented semantics", () => {
  it('discrete Laplace: same scale for the same ε (ε = Δ/s) and the same 95 % accuracy', () => {
    for (const [sens, eps] of [
      [1n, '0.1'],
      [1n, '0.3'],
      [1n, '1'],
      [1n, '3'],
      [5n, '1'],
      [5n, '0.5'],
    ] as const) {
      const c = calibrateLaplace(sens, fromDecimal(eps));
      expect(Number(sens) / c.scale).toBeCloseTo(Number(eps), 12);
      const a = openDpLaplaceAccuracy(c.scale, 0.05);
      expect(c.halfWidth(0.05)).toBe(Math.ceil(a) - 1);
    }
    for (const s of [0.7, 2, 12.5, 20, 333, 10_000])
      for (const alpha of [0.05, 0.01, 0.5])
        expect(discreteLaplaceHalfWidth(s, alpha)).toBe(Math.ceil(openDpLaplaceAccuracy(s, alpha)) - 1);
  });

  it('discrete Gaussian: ρ = (Δ/σ)²/2 and the same 95 % accuracy', () => {
    for (const [sens, rho] of [
      [1n, 0.5],
      [1n, 0.005],
      [5n, 0.1],
    ] as const) {
      const c = calibrateGaussian(sens, rho);
      // σ² is rounded up to a dyadic rational, so ρ is met or undercut, never exceeded
      const achieved = (Number(sens) / c.scale) ** 2 / 2;
      expect(achieved).toBeLessThanOrEqual(rho * (1 + 1e-12));
      expect(achieved).toBeGreaterThan(rho * (1 - 1e-6));
      expect(c.loss.rho).toBeCloseTo(achieved, 12);
    }
    for (const sigma of [0.8, 1, 3, 10, 50])
      for (const alpha of [0.05, 0.01])
        expect(discreteGaussianHalfWidth(sigma * sigma, alpha)).toBe(
          openDpGaussianAccuracy(sigma, alpha) - 1,
        );
  });
});
