import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { describe, expect, it } from 'vitest';
import { bernoulliExp, bernoulliRational, uniformBig } from '../../src/dp/bernoulli.js';
import { discreteGaussianPmf, sampleDiscreteGaussian } from '../../src/dp/discrete-gaussian.js';
import {
  discreteLaplaceHalfWidth,
  discreteLaplacePmf,
  discreteLaplaceTail,
  sampleDiscreteLaplace,
} from '../../src/dp/discrete-laplace.js';
import { exponentialProbabilities, sampleExponential } from '../../src/dp/exponential.js';
import {
  estimateFrequencies,
  keepProbability,
  randomizedResponse,
} from '../../src/dp/randomized-response.js';
import { fromDecimal, rational } from '../../src/dp/rational.js';
import { seededRandom } from '../../src/random.js';

const N = 100_000;

/**
 * Pearson's χ² goodness of fit of integer draws against a pmf: cells from `lo` to `hi`, the two
 * tails lumped, cells with expected count < 5 merged into their neighbour. Returns the p-value.
 */
function chiSquareP(draws: Map<number, number>, pmf: (z: number) => number, lo: number, hi: number): number {
  const n = [...draws.values()].reduce((a, b) => a + b, 0);
  let pIn = 0;
  const cells: { obs: number; exp: number }[] = [];
  for (let z = lo; z <= hi; z++) {
    const p = pmf(z);
    pIn += p;
    cells.push({ obs: draws.get(z) ?? 0, exp: n * p });
  }
  let obsLow = 0;
  let obsHigh = 0;
  for (const [z, c] of draws) {
    if (z < lo) obsLow += c;
    if (z > hi) obsHigh += c;
  }
  // Split the out-of-range mass by symmetry when both tails exist.
  let pLow = 0;
  for (let z = lo - 1; z > lo - 100000; z--) {
    const p = pmf(z);
    pLow += p;
    if (p < 1e-300) break;
  }
  const pHigh = Math.max(0, 1 - pIn - pLow);
  cells.unshift({ obs: obsLow, exp: n * pLow });
  cells.push({ obs: obsHigh, exp: n * pHigh });
  const merged: { obs: number; exp: number }[] = [];
  for (const c of cells) {
    const last = merged[merged.length - 1];
    if (last && last.exp < 5) {
      last.obs += c.obs;
      last.exp += c.exp;
    } else merged.push({ ...c });
  }
  while (merged.length > 1 && merged[merged.length - 1].exp < 5) {
    const c = merged.pop()!;
    merged[merged.length - 1].obs += c.obs;
    merged[merged.length - 1].exp += c.exp;
  }
  const stat = merged.reduce((s, c) => s + (c.obs - c.exp) ** 2 / c.exp, 0);
  return 1 - chisquareCdf(stat, merged.length - 1);
}

const histogram = (draw: () => number | bigint) => {
  const m = new Map<number, number>();
  for (let i = 0; i < N; i++) {
    const z = Number(draw());
    m.set(z, (m.get(z) ?? 0) + 1);
  }
  return m;
};

describe('exact coins', () => {
  it('uniformBig covers [0, n) evenly beyond 2^30', () => {
    const rng = seededRandom(7);
    const n = (1n << 62n) + 12345n;
    let below = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = uniformBig(rng, n);
      expect(x >= 0n && x < n).toBe(true);
      if (x < n / 2n) below++;
    }
    expect(Math.abs(below / 20_000 - 0.5)).toBeLessThan(0.02);
  });

  it('Bernoulli(exp(−γ)) hits e^−γ for γ below and above 1', () => {
    const rng = seededRandom(11);
    for (const [num, den] of [
      [1n, 3n],
      [5n, 2n],
    ] as const) {
      let k = 0;
      for (let i = 0; i < N; i++) if (bernoulliExp(rng, rational(num, den))) k++;
      const p = Math.exp(-Number(num) / Number(den));
      // 5 standard errors
      expect(Math.abs(k / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
    }
    expect(bernoulliRational(rng, 0n, 5n)).toBe(false);
    expect(bernoulliRational(rng, 5n, 5n)).toBe(true);
  });
});

describe('discrete Laplace (CKS 2020 Algorithm 2), 10^5 seeded draws', () => {
  for (const scale of ['0.7', '3', '12.5']) {
    it(`fits exp(−|z|/${scale}) (χ² p > 0.001)`, () => {
      const rng = seededRandom(101);
      const b = fromDecimal(scale);
      const h = histogram(() => sampleDiscreteLaplace(rng, b));
      const K = Math.ceil(8 * Number(scale));
      expect(chiSquareP(h, (z) => discreteLaplacePmf(Number(scale), z), -K, K)).toBeGreaterThan(0.001);
    });
  }

  it('the test has power: draws at scale 3 are rejected against scale 3.3', () => {
    const rng = seededRandom(102);
    const h = histogram(() => sampleDiscreteLaplace(rng, fromDecimal(3)));
    expect(chiSquareP(h, (z) => discreteLaplacePmf(3.3, z), -24, 24)).toBeLessThan(0.001);
  });

  it('half-width and tail match the pmf', () => {
    const b = 4;
    const k = discreteLaplaceHalfWidth(b, 0.05);
    let inside = 0;
    for (let z = -k; z <= k; z++) inside += discreteLaplacePmf(b, z);
    expect(inside).toBeGreaterThanOrEqual(0.95);
    expect(inside - 2 * discreteLaplacePmf(b, k)).toBeLessThan(0.95);
    let tail = 0;
    for (let z = 3; z < 400; z++) tail += discreteLaplacePmf(b, z);
    expect(discreteLaplaceTail(b, 3)).toBeCloseTo(tail, 12);
    expect(discreteLaplaceTail(b, -2)).toBeCloseTo(1 - discreteLaplaceTail(b, 3), 12);
  });
});

describe('discrete Gaussian (CKS 2020 Algorithm 3), 10^5 seeded draws', () => {
  for (const s2 of ['0.5', '4', '30.25']) {
    it(`fits exp(−z²/(2·${s2})) (χ² p > 0.001)`, () => {
      const rng = seededRandom(201);
      const h = histogram(() => sampleDiscreteGaussian(rng, fromDecimal(s2)));
      const sigma = Math.sqrt(Number(s2));
      const K = Math.ceil(6 * sigma);
      expect(chiSquareP(h, discreteGaussianPmf(sigma), -K, K)).toBeGreaterThan(0.001);
    });
  }

  it('the test has power: σ² = 4 draws are rejected against σ² = 4.4', () => {
    const rng = seededRandom(202);
    const h = histogram(() => sampleDiscreteGaussian(rng, fromDecimal(4)));
    expect(chiSquareP(h, discreteGaussianPmf(Math.sqrt(4.4)), -12, 12)).toBeLessThan(0.001);
  });
});

describe('exponential mechanism (exact rejection), 10^5 seeded draws', () => {
  it('selects with probability ∝ exp(ε·u/(2Δ))', () => {
    const rng = seededRandom(301);
    const u = [0, -1, -3, -4, -10, -2, 0, -7];
    const p = exponentialProbabilities(u, 1, 1);
    const h = histogram(() => sampleExponential(rng, u, fromDecimal(1), 1));
    expect(chiSquareP(h, (i) => (i >= 0 && i < u.length ? p[i] : 0), 0, u.length - 1)).toBeGreaterThan(0.001);
    // power: the same draws against ε = 1.2
    const wrong = exponentialProbabilities(u, 1.2, 1);
    expect(chiSquareP(h, (i) => (i >= 0 && i < u.length ? wrong[i] : 0), 0, u.length - 1)).toBeLessThan(
      0.001,
    );
  });
});

describe('randomized response, 10^5 seeded draws', () => {
  it('keeps the truth with probability e^ε/(e^ε + k − 1) and the estimator is unbiased', () => {
    const rng = seededRandom(401);
    const eps = fromDecimal('0.5');
    const k = 4;
    const h = histogram(() => randomizedResponse(rng, 2, k, eps));
    const keep = keepProbability(0.5, k);
    const pmf = (i: number) => (i === 2 ? keep : i >= 0 && i < k ? (1 - keep) / (k - 1) : 0);
    expect(chiSquareP(h, pmf, 0, k - 1)).toBeGreaterThan(0.001);
    const f = estimateFrequencies(
      [0, 1, 2, 3].map((i) => h.get(i) ?? 0),
      0.5,
    );
    expect(f[2]).toBeCloseTo(1, 1);
    expect(Math.abs(f[0])).toBeLessThan(0.05);
  });
});
