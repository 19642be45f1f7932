import { describe, expect, it } from 'vitest';
import { histogramFromPairs } from '../../src/risk/histogram.js';
import { shlosser, snbFit, snbProbabilities, snbUniqueness } from '../../src/risk/snb.js';

/** log of the NegBin(alpha, beta) pmf of x = F - 1. */
function logNb(x: number, alpha: number, beta: number): number {
  let lg = 0;
  for (let i = 0; i < x; i++) lg += Math.log(alpha + i) - Math.log(i + 1);
  return lg + alpha * Math.log(beta) + x * Math.log1p(-beta);
}

describe('slide negative binomial model (Chen & Keller-McNulty 1998)', () => {
  it('P(f=1) and P(f=2) agree with summing over population cell sizes', () => {
    for (const [alpha, beta, pi] of [
      [0.8, 0.3, 0.2],
      [2.5, 0.05, 0.1],
      [0.3, 0.6, 0.5],
    ]) {
      let p1 = 0;
      let p2 = 0;
      let lp = logNb(0, alpha, beta);
      for (let F = 1; F < 5000; F++) {
        if (F > 1) lp += Math.log(alpha + F - 2) - Math.log(F - 1) + Math.log1p(-beta);
        const pf = Math.exp(lp);
        p1 += pf * F * pi * (1 - pi) ** (F - 1);
        p2 += pf * ((F * (F - 1)) / 2) * pi ** 2 * (1 - pi) ** (F - 2);
      }
      const [a1, a2] = snbProbabilities(alpha, beta, pi);
      expect(a1).toBeCloseTo(p1, 10);
      expect(a2).toBeCloseTo(p2, 10);
    }
  });

  it('fits expected counts back to the population uniques', () => {
    // Expected sample histogram of K cells under known parameters; the fit should recover
    // K beta^alpha up to the error of Shlosser's estimate of K.
    const alpha = 1.2;
    const beta = 0.25;
    const pi = 0.3;
    const K = 100_000;
    const pairs: [number, number][] = [];
    const maxF = 400;
    const pF = Array.from({ length: maxF + 1 }, (_, F) =>
      F === 0 ? 0 : Math.exp(logNb(F - 1, alpha, beta)),
    );
    for (let f = 1; f <= 60; f++) {
      let p = 0;
      let logC = 0; // log C(F, f), built up as F grows
      for (let F = f; F <= maxF; F++) {
        logC = F === f ? 0 : logC + Math.log(F) - Math.log(F - f);
        p += pF[F] * Math.exp(logC + f * Math.log(pi) + (F - f) * Math.log1p(-pi));
      }
      const c = Math.round(K * p);
      if (c > 0) pairs.push([f, c]);
    }
    const h = histogramFromPairs(pairs);
    const n = pairs.reduce((a, [f, c]) => a + f * c, 0);
    const N = Math.round(n / pi);
    const est = snbUniqueness(h, { size: N, sampleSize: n, fraction: n / N });
    const truth = K * beta ** alpha;
    expect(shlosser(h, n / N)).toBeGreaterThan(0.5 * K);
    expect(est.uniques).not.toBeNull();
    // with the true K the moment equations give back alpha and beta exactly
    const exact = snbFit(pairs[0][1], pairs[1][1], K, n / N)!;
    expect(exact.alpha).toBeCloseTo(alpha, 2);
    expect(exact.beta).toBeCloseTo(beta, 3);
    // with K estimated (Shlosser) the uniques carry K's error, amplified: measured +36 %
    expect(Math.abs(est.uniques! - truth) / truth).toBeLessThan(0.5);
  });
});
