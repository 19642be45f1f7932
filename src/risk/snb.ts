import type { PopulationContext, PopulationUniquenessEstimator, UniquenessEstimate } from './estimator.js';
import { classCount, classesOfSize, type SizeHistogram } from './histogram.js';
import { solve2 } from './solver.js';

/**
 * The slide negative binomial (SNB) model of Chen & Keller-McNulty (1998, "Estimation of
 * identification disclosure risk in microdata", J. Official Statistics 14(1)): the K non-empty
 * population cells have sizes F with F - 1 ~ NegBin(alpha, beta), and the sample takes each
 * record with probability pi. The sample class size f then has, with d = (1-pi)(1-beta),
 *   P(f = 1) = pi (beta/(1-d))^alpha (1 + alpha d/(1-d))
 *   P(f = 2) = pi^2/2 * alpha beta^alpha (1-beta) (1-d)^-(alpha+2) (2 - (1-alpha) d)
 * (derived from the probability generating function s (beta / (1-(1-beta)s))^alpha of F at
 * s = 1 - pi + pi z). Matching K P(f=1) = c_1 and K P(f=2) = c_2 gives alpha and beta; the
 * population uniques are K P(F = 1) = K beta^alpha. K is estimated with Shlosser's estimator
 * (Shlosser 1981; Haas et al. 1995, VLDB): K = u + c_1 sum_j (1-pi)^j c_j / sum_j j pi (1-pi)^(j-1) c_j.
 * This is a moment fit that often has no solution for tiny sampling fractions: then the
 * estimate is null (ARX reports it as unavailable too).
 */
export function shlosser(h: SizeHistogram, pi: number): number {
  const u = classCount(h);
  const c1 = classesOfSize(h, 1);
  let num = 0;
  let den = 0;
  for (let i = 0; i < h.sizes.length; i++) {
    const j = h.sizes[i];
    num += Math.exp(j * Math.log1p(-pi)) * h.counts[i];
    den += j * pi * Math.exp((j - 1) * Math.log1p(-pi)) * h.counts[i];
  }
  return den > 0 ? u + (c1 * num) / den : u;
}

export function snbProbabilities(alpha: number, beta: number, pi: number): [number, number] {
  const d = (1 - pi) * (1 - beta);
  const w = 1 - d;
  const p1 = pi * Math.exp(alpha * Math.log(beta / w)) * (1 + (alpha * d) / w);
  const p2 =
    ((pi * pi) / 2) *
    alpha *
    Math.exp(alpha * Math.log(beta) - (alpha + 2) * Math.log(w)) *
    (1 - beta) *
    (2 - (1 - alpha) * d);
  return [p1, p2];
}

export function snbUniqueness(h: SizeHistogram, pop: PopulationContext): UniquenessEstimate {
  const c1 = classesOfSize(h, 1);
  if (c1 === 0) return { share: 0, uniques: 0 };
  const c2 = classesOfSize(h, 2);
  const pi = pop.fraction;
  if (c2 === 0 || pi >= 1) return { share: null, uniques: null };
  const K = shlosser(h, pi);
  const fit = snbFit(c1, c2, K, pi);
  if (!fit) return { share: null, uniques: null, parameters: { K } };
  const uniques = K * Math.exp(fit.alpha * Math.log(fit.beta));
  if (!Number.isFinite(uniques) || uniques < 0 || uniques > pop.size)
    return { share: null, uniques: null, parameters: { K } };
  return { share: uniques / pop.size, uniques, parameters: { alpha: fit.alpha, beta: fit.beta, K } };
}

/** Solve K P(f=1) = c_1, K P(f=2) = c_2 for alpha > 0, 0 < beta < 1; null without a solution. */
export function snbFit(
  c1: number,
  c2: number,
  K: number,
  pi: number,
): { alpha: number; beta: number } | null {
  // Unknowns on an unbounded scale: x = ln alpha, y = logit beta; residuals relative to c_1, c_2.
  const fn = (x: number, y: number): [number, number] => {
    const alpha = Math.exp(x);
    const beta = 1 / (1 + Math.exp(-y));
    const [p1, p2] = snbProbabilities(alpha, beta, pi);
    return [(K * p1) / c1 - 1, (K * p2) / c2 - 1];
  };
  const inside = (x: number, y: number) => Math.abs(x) < 40 && Math.abs(y) < 40;
  for (const ax of [0, -2, 2, -5, 4]) {
    for (const by of [0, -4, 4, -8, -12]) {
      const r = solve2(fn, [ax, by], { inside, tolerance: 1e-9, maxIterations: 200 });
      if (r) return { alpha: Math.exp(r[0]), beta: 1 / (1 + Math.exp(-r[1])) };
    }
  }
  return null;
}

export const snb: PopulationUniquenessEstimator = {
  id: 'snb',
  label: 'SNB',
  method: 'fits a slide negative binomial to the classes of size 1 and 2',
  estimate: snbUniqueness,
};
