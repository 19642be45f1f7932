import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/duckdb.js';
import type { Engine } from '../../src/engine/engine.js';
import { seededRandom } from '../../src/random.js';
import {
  bivariateNormalCdf,
  type CodedCombinations,
  calibrationFactor,
  cellProbabilities,
  conditionedRisk,
  copulaUniqueness,
  correctnessOf,
  fitCopula,
  polychoric,
  uniquenessOf,
} from '../../src/risk/copula.js';
import { syntheticPopulationSql, validateCopula } from '../../src/risk/copula-validation.js';
import { generate } from '../../src/sample/generate.js';

describe('Gaussian copula uniqueness (Rocher et al. 2019)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine();
    await engine.materialize('pop', syntheticPopulationSql(100_000));
  });
  afterAll(() => engine.close());

  it('uniqueness and correctness follow the closed forms', () => {
    // (1 - xi)^(N-1) and E[1/(1+X)], X ~ Bin(N-1, xi), checked against a direct sum
    const N = 50;
    const xi = 0.03;
    let direct = 0;
    let logC = 0;
    for (let x = 0; x <= N - 1; x++) {
      if (x > 0) logC += Math.log(N - x) - Math.log(x);
      direct += Math.exp(logC + x * Math.log(xi) + (N - 1 - x) * Math.log1p(-xi)) / (1 + x);
    }
    expect(correctnessOf(xi, N)).toBeCloseTo(direct, 12);
    expect(uniquenessOf(xi, N)).toBeCloseTo((1 - xi) ** (N - 1), 12);
    expect(uniquenessOf(0, N)).toBe(1);
  });

  it('bivariate normal CDF matches the orthant formula and a direct quadrature', () => {
    for (const rho of [-0.9, -0.3, 0, 0.5, 0.95])
      expect(bivariateNormalCdf(0, 0, rho)).toBeCloseTo(0.25 + Math.asin(rho) / (2 * Math.PI), 10);
    // P(Z1 <= 1, Z2 <= -0.5), rho = 0.7, by the midpoint rule on the density over [-8, h] x [-8, k]
    const rho = 0.7;
    const step = 0.005;
    let direct = 0;
    const c = 1 / (2 * Math.PI * Math.sqrt(1 - rho * rho));
    for (let x = -8 + step / 2; x < 1; x += step)
      for (let y = -8 + step / 2; y < -0.5; y += step)
        direct += c * Math.exp(-(x * x - 2 * rho * x * y + y * y) / (2 * (1 - rho * rho))) * step * step;
    expect(bivariateNormalCdf(1, -0.5, rho)).toBeCloseTo(direct, 4);
    expect(bivariateNormalCdf(1, Number.POSITIVE_INFINITY, rho)).toBeCloseTo(0.8413447, 6);
  });

  it('polychoric correlation recovers the latent correlation of a discretised normal pair', () => {
    const cutsA = Float64Array.from([Number.NEGATIVE_INFINITY, -1, 0, 0.7, Number.POSITIVE_INFINITY]);
    const cutsB = Float64Array.from([Number.NEGATIVE_INFINITY, -0.3, 1.2, Number.POSITIVE_INFINITY]);
    for (const rho of [-0.4, 0.6]) {
      const table = new Float64Array(4 * 3);
      const F = (i: number, j: number) => bivariateNormalCdf(cutsA[i], cutsB[j], rho);
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 3; j++)
          table[i * 3 + j] = Math.round(1e5 * (F(i + 1, j + 1) - F(i, j + 1) - F(i + 1, j) + F(i, j)));
      expect(polychoric(table, cutsA, cutsB)).toBeCloseTo(rho, 2);
    }
  });

  it('calibration recovers a known scale error of the cell probabilities', () => {
    // 3,000 cells with skewed probabilities, a multinomial sample of 20,000 records
    const rnd = seededRandom(5);
    const cells = 3000;
    const p = Float64Array.from({ length: cells }, (_, i) => 1 / (i + 10) ** 1.1);
    const total = p.reduce((a, b) => a + b, 0);
    for (let i = 0; i < cells; i++) p[i] /= total;
    const cum = new Float64Array(cells);
    p.reduce((a, b, i) => {
      cum[i] = a + b;
      return cum[i];
    }, 0);
    const n = 20_000;
    const count = new Float64Array(cells);
    for (let r = 0; r < n; r++) {
      const u = rnd.next();
      let lo = 0;
      let hi = cells - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      count[lo]++;
    }
    const seen = [...count.keys()].filter((i) => count[i] > 0);
    const counts = Float64Array.from(seen, (i) => count[i]);
    const halved = Float64Array.from(seen, (i) => p[i] / 2);
    const c = calibrationFactor(halved, counts, n);
    expect(c).toBeGreaterThan(1.75);
    expect(c).toBeLessThan(2.3);
    expect(
      calibrationFactor(
        Float64Array.from(seen, (i) => p[i]),
        counts,
        n,
      ),
    ).toBeCloseTo(1, 0);
  });

  it('conditions a record on how many sampled records share its combination', () => {
    expect(conditionedRisk(1e-6, 2, 100, 1000).u).toBe(0); // another sampled record shares it
    expect(conditionedRisk(1e-3, 1, 1000, 1000).u).toBe(1); // the sample is the population
    const { u, k } = conditionedRisk(1e-3, 1, 100, 1100);
    expect(u).toBeCloseTo((1 - 1e-3) ** 1000, 12);
    expect(k).toBeCloseTo(correctnessOf(1e-3, 1001), 12);
  });

  it('cell probabilities of independent columns are products of the marginals, and sum to 1', () => {
    // two independent columns with marginals (0.5, 0.3, 0.2) and (0.6, 0.4): all 6 cells observed
    const p = [0.5, 0.3, 0.2];
    const q = [0.6, 0.4];
    const codes: [number[], number[]] = [[], []];
    const counts: number[] = [];
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 2; b++) {
        codes[0].push(a);
        codes[1].push(b);
        counts.push(Math.round(p[a] * q[b] * 1000));
      }
    const t: CodedCombinations = {
      codes: codes.map((c) => Int32Array.from(c)),
      counts: Float64Array.from(counts),
      categories: [
        ['10', '20', '30'],
        ['1', '2'],
      ],
      numeric: [true, true],
    };
    const model = fitCopula(['a', 'b'], t);
    expect(Math.abs(model.correlation[0][1])).toBeLessThan(0.01);
    const xi = cellProbabilities(model, t.codes, 512, seededRandom(3));
    let total = 0;
    for (let i = 0; i < xi.length; i++) {
      total += xi[i];
      expect(xi[i]).toBeCloseTo(counts[i] / 1000, 2);
    }
    expect(total).toBeCloseTo(1, 2);
  });

  it('recovers a strong dependence between two columns', async () => {
    await engine.materialize(
      'dep',
      `SELECT CAST(floor(u * 10) AS INTEGER) AS a, CAST(least(9, floor(u * 10 + v)) AS INTEGER) AS b
       FROM (SELECT (hash(i, 1) % 100000) / 100000.0 AS u, (hash(i, 2) % 100000) / 100000.0 AS v FROM range(20000) t(i))`,
    );
    const r = await copulaUniqueness({
      engine,
      relation: 'dep',
      qi: ['a', 'b'],
      population: 1e6,
      random: seededRandom(1),
    });
    expect(r.correlation[0][1]).toBeGreaterThan(0.8);
    // cell (5, 5) has probability about 0.1 * 0.5 = 0.05; independence would give about 0.01
    const t = r.combinations;
    const diag = t.codes[0].findIndex(
      (c, i) => t.categories[0][c] === '5' && t.categories[1][t.codes[1][i]] === '5',
    );
    expect(r.xi[diag]).toBeGreaterThan(0.035);
    expect(r.xi[diag]).toBeLessThan(0.065);
  });

  it('estimates population uniqueness from 1 %, 5 % and 10 % samples with MAE < 0.03', async () => {
    const v = await validateCopula({
      engine,
      population: 'pop',
      qi: ['age', 'sex', 'region', 'marital', 'ethnicity'],
      fractions: [0.01, 0.05, 0.1],
      seed: 11,
      points: 128,
    });
    expect(v.populationRecords).toBe(100_000);
    expect(v.rows.map((r) => r.fraction)).toEqual([0.01, 0.05, 0.1]);
    for (const r of v.rows) {
      expect(r.trueUniqueness).toBeGreaterThan(0.01);
      expect(r.absoluteError).toBeLessThan(0.1);
    }
    expect(v.meanAbsoluteError).toBeLessThan(0.03);
  });

  it('estimates uniqueness on 7 attributes of the generated population within a few points', async () => {
    // the case where the pure copula overestimates uniqueness by 0.12 (bench/risk.ts): 7
    // attributes with non-monotone dependences (ethnicity on province, occupation on education)
    const cols = [
      'age',
      'sex',
      'province',
      'ethnicity',
      'education',
      'occupation',
      'marital_status',
    ] as const;
    // Bulk-loaded through the appender (INSERT ... VALUES text took most of this test's time).
    const rows: string[][] = [];
    for (const r of generate({ rows: 100_000, seed: 3 })) rows.push(cols.map((c) => String(r[c])));
    await engine.loadTable(
      'gen',
      cols.map((name) => ({ name, type: 'VARCHAR' as const })),
      rows,
    );
    const v = await validateCopula({
      engine,
      population: 'gen',
      qi: [...cols],
      fractions: [0.02, 0.1],
      seed: 5,
      points: 64,
    });
    for (const r of v.rows) {
      expect(r.trueUniqueness).toBeGreaterThan(0.15);
      expect(r.absoluteError).toBeLessThan(0.06);
      // the calibrated, conditioned estimate beats the pure model
      expect(r.absoluteError).toBeLessThan(r.modelAbsoluteError);
    }
  }, 180_000);
});
