import { describe, expect, it } from 'vitest';
import { journalistClassRisk } from '../../src/risk/journalist.js';

/** E[1/F | f] by summing the negative binomial series directly (slow, for checking). */
function series(f: number, p: number): number {
  let s = 0;
  // log pmf of h: log C(h-1, f-1) + f log p + (h-f) log(1-p)
  let logC = 0; // C(f-1, f-1) = 1
  for (let h = f; h < f + 2e6; h++) {
    if (h > f) logC += Math.log(h - 1) - Math.log(h - f);
    const term = Math.exp(logC + f * Math.log(p) + (h - f) * Math.log1p(-p)) / h;
    s += term;
    if (term < 1e-18 && h > f / p) break;
  }
  return s;
}

describe('journalist class risk E[1/F | f] (Benedetti–Franconi negative binomial)', () => {
  it('has the closed form p/(1-p) ln(1/p) for sample uniques', () => {
    expect(journalistClassRisk(1, 0.1)).toBeCloseTo((0.1 / 0.9) * Math.log(10), 14);
  });
  it('agrees with the direct series', () => {
    for (const p of [0.3, 0.05, 0.01]) {
      for (const f of [1, 2, 3, 7, 25]) {
        const want = series(f, p);
        expect(Math.abs(journalistClassRisk(f, p) - want) / want).toBeLessThan(1e-6);
      }
    }
  });
  it('is 1/f for a census and decreases with f', () => {
    expect(journalistClassRisk(4, 1)).toBe(0.25);
    let prev = 1;
    for (const f of [1, 2, 5, 50, 500, 5000]) {
      const r = journalistClassRisk(f, 1e-4);
      expect(r).toBeLessThan(prev);
      expect(r).toBeGreaterThan(0);
      prev = r;
    }
    // for large f, F is about f/p: E[1/F] -> p/f
    expect(journalistClassRisk(5000, 1e-4) / (1e-4 / 5000)).toBeCloseTo(1, 2);
  });
});
