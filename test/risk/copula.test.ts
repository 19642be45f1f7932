import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/duckdb.js';
import type { Engine } from '../../src/engine/engine.js';
import { seededRandom } from '../../src/random.js';
import {
  type CodedCombinations,
  cellProbabilities,
  copulaUniqueness,
  correctnessOf,
  fitCopula,
  uniquenessOf,
} from '../../src/risk/copula.js';
import { syntheticPopulationSql, validateCopula } from '../../src/risk/copula-validation.js';

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

  it('estimates population uniqueness from 1 %, 5 % and 10 % samples with MAE < 0.1', async () => {
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
    expect(v.meanAbsoluteError).toBeLessThan(0.1);
  });
});
