import { describe, expect, it } from 'vitest';
import { journalistClassRisk } from '../../src/risk/journalist.js';
import { pitmanClassRisk, pitmanExtraProbabilities } from '../../src/risk/pitman-population.js';

describe('Pitman posterior population classes', () => {
  it('with alpha = theta = 0 is the Benedetti-Franconi negative binomial', () => {
    for (const [n, N] of [
      [1000, 10_000],
      [10_000, 1_000_000],
      [30_162, 317_238_626],
    ])
      for (const f of [1, 2, 3, 7, 40]) {
        const m = { theta: 0, alpha: 0, sampleSize: n, populationSize: N };
        const want = journalistClassRisk(f, n / N);
        expect(Math.abs(pitmanClassRisk(f, m) - want) / want).toBeLessThan(1e-7);
      }
  });

  it('E[1/F] by the integral equals the sum over the negative binomial', () => {
    const m = { theta: 250, alpha: 0.6, sampleSize: 2000, populationSize: 20_000 };
    for (const f of [1, 2, 5]) {
      const p = pitmanExtraProbabilities(f, m, 200_000);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      const sum = p.reduce((a, q, x) => a + q / (f + x), 0);
      expect(pitmanClassRisk(f, m)).toBeCloseTo(sum, 8);
    }
  });

  it('a larger alpha keeps more sample uniques unique in the population', () => {
    const at = (alpha: number) =>
      pitmanClassRisk(1, { theta: 1000, alpha, sampleSize: 10_000, populationSize: 1_000_000 });
    expect(at(0.2)).toBeLessThan(at(0.5));
    expect(at(0.5)).toBeLessThan(at(0.9));
    expect(at(0.999)).toBeGreaterThan(0.9);
    // the census: F = f
    expect(pitmanClassRisk(4, { theta: 5, alpha: 0.5, sampleSize: 100, populationSize: 100 })).toBe(0.25);
  });
});
