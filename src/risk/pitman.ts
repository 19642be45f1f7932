import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import type { PopulationContext, PopulationUniquenessEstimator, UniquenessEstimate } from './estimator.js';
import { classCount, classesOfSize, recordCount, type SizeHistogram } from './histogram.js';
import { solve2 } from './solver.js';

/**
 * Population uniqueness under Pitman's sampling formula (two-parameter Poisson–Dirichlet
 * partition), as proposed for disclosure risk by Hoshino (2001, "Applying Pitman's sampling
 * formula to microdata disclosure risk assessment", J. Official Statistics 17(4)).
 *
 * The likelihood of u classes with c_j classes of size j among n records is
 *   L(theta, alpha) = prod_{i=1}^{u-1} (theta + i alpha) / prod_{i=1}^{n-1} (theta + i)
 *                     * prod_j [ prod_{k=1}^{j-1} (k - alpha) ]^{c_j}.
 * Its score equations, written with the digamma function psi:
 *   sum_{i<u} 1/(theta + i alpha) = psi(theta + n) - psi(theta + 1)
 *   sum_{i<u} i/(theta + i alpha) = sum_j c_j (psi(j - alpha) - psi(1 - alpha)),
 *   sum_{i<u} 1/(theta + i alpha) = (psi(theta/alpha + u) - psi(theta/alpha + 1)) / alpha.
 * With the MLE, the expected number of population uniques in a population of N is
 *   N^alpha * Gamma(theta + 1) / Gamma(theta + alpha)   (Hoshino 2001, eq. for E[U_1]),
 * reported as a share of N (as ARX does).
 */
export function pitmanFit(h: SizeHistogram): { theta: number; alpha: number } | null {
  const u = classCount(h);
  const n = recordCount(h);
  if (u < 2 || u >= n) return null;
  const sizes = h.sizes;
  const counts = h.counts;
  const scale2 = u;
  const score = (theta: number, alpha: number): [number, number] => {
    const r = theta / alpha;
    const a = (digamma(r + u) - digamma(r + 1)) / alpha;
    const s1 = a - (digamma(theta + n) - digamma(theta + 1));
    const sumI = (u - 1 - theta * a) / alpha;
    let rhs = 0;
    const base = digamma(1 - alpha);
    for (let i = 0; i < sizes.length; i++)
      if (sizes[i] > 1) rhs += counts[i] * (digamma(sizes[i] - alpha) - base);
    return [s1, (sumI - rhs) / scale2];
  };
  const inside = (t: number, a: number) => a > 1e-9 && a < 1 - 1e-9 && t > -a + 1e-12;
  const starts: [number, number][] = [
    [u / 2, 0.5],
    [u, 0.3],
    [u / 10, 0.7],
    [1, 0.9],
    [u * 2, 0.1],
    [10, 0.5],
  ];
  for (const s of starts) {
    const r = solve2(score, s, { inside, tolerance: 1e-11, maxIterations: 300 });
    if (r) return { theta: r[0], alpha: r[1] };
  }
  return null;
}

export function pitmanUniqueness(h: SizeHistogram, pop: PopulationContext): UniquenessEstimate {
  // Without sample uniques the population has none the model could point at (ARX reports 0).
  if (classesOfSize(h, 1) === 0) return { share: 0, uniques: 0 };
  const fit = pitmanFit(h);
  if (!fit) return { share: null, uniques: null };
  const { theta, alpha } = fit;
  const uniques = Math.exp(gammaln(theta + 1) - gammaln(theta + alpha) + alpha * Math.log(pop.size));
  if (!Number.isFinite(uniques) || uniques < 0 || uniques > pop.size)
    return { share: null, uniques: null, parameters: { theta, alpha } };
  return { share: uniques / pop.size, uniques, parameters: { theta, alpha } };
}

export const pitman: PopulationUniquenessEstimator = {
  id: 'pitman',
  label: 'Pitman',
  method: 'fits a Pitman-Yor partition by maximum likelihood',
  estimate: pitmanUniqueness,
};
