/**
 * Issue 16, case 9: journalist and marketer risk from a population size alone were 20× to
 * 10,000× too low against the truth on a generated population (Benedetti-Franconi's flat prior
 * puts almost no mass on F = f), `--population china` printed a journalist risk of 8.4e-5 next to
 * its own estimate that every record is population-unique, and estimators that did not converge
 * could be shown as 0. Here the truth is known: a population from the sample generator, uniform
 * samples of it, the true class sizes counted in the population.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/duckdb.js';
import type { Engine } from '../../src/engine/engine.js';
import { assessRisk } from '../../src/risk/assess.js';
import { histogramFromClassSizes } from '../../src/risk/histogram.js';
import { riskFromHistogram } from '../../src/risk/model.js';
import { runRisk } from '../../src/run/risk.js';
import { generate } from '../../src/sample/generate.js';

const POP = 200_000;
const QI5 = ['sex', 'age', 'province', 'education', 'marital_status'];
const QI7 = [...QI5, 'ethnicity', 'occupation'];

describe('journalist and marketer risk from a population size, against the truth', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine();
    const cols = ['rn', ...QI7];
    const rows: (string | number)[][] = [];
    let i = 0;
    for (const p of generate({ rows: POP, seed: 16 }))
      rows.push([
        i++,
        p.sex,
        String(p.age),
        p.province,
        p.education,
        p.marital_status,
        p.ethnicity,
        p.occupation,
      ]);
    await engine.loadTable(
      'pop',
      cols.map((c) => ({ name: c, type: c === 'rn' ? 'INTEGER' : 'VARCHAR' })),
      rows,
    );
  }, 120_000);
  afterAll(() => engine.close());

  for (const [qi, fraction] of [
    [QI5, 0.1],
    [QI7, 0.05],
    [QI7, 0.1],
  ] as const) {
    it(`${qi.length} quasi-identifiers, ${fraction * 100} % sample: estimate near the true figures`, async () => {
      const name = `s_${qi.length}_${fraction * 100}`;
      await engine.materialize(name, `SELECT * FROM pop WHERE hash(rn, 9) % 1000 < ${fraction * 1000}`);
      const est = await assessRisk({ engine, relation: name, qi, population: POP, curve: false });
      const truth = await assessRisk({ engine, relation: name, qi, populationTable: 'pop', curve: false });
      // the old model was 5-20× low here; within a factor of 1.6 now, and never far below
      const ratio = est.marketer / truth.marketer;
      expect(ratio).toBeGreaterThan(0.8);
      expect(ratio).toBeLessThan(1.6);
      for (const t of ['0.2', '0.05'])
        expect(Math.abs(est.journalist.recordsAbove[t] - truth.journalist.recordsAbove[t])).toBeLessThan(
          0.12,
        );
      // the records it expects to be population-unique: close to the true share
      const [{ u }] = await engine.query(
        `SELECT avg(CASE WHEN c = 1 THEN 1.0 ELSE 0.0 END) AS u FROM (SELECT count(*) OVER (PARTITION BY ${qi.map((c) => `"${c}"`).join(', ')}) AS c FROM pop)`,
      );
      expect(Math.abs(est.journalistBasis.populationUniqueRecords! - Number(u))).toBeLessThan(0.06);
      expect(est.journalistModel).toBe('pitman');
      expect(est.journalistBasis.validated).toBe(true);
      expect(truth.journalistModel).toBe('population-table');
    }, 60_000);
  }
});

describe('risk figures that cannot be computed say so', () => {
  it('--population china on data where every record is unique: consistent figures, basis stated', async () => {
    const r = await runRisk({
      input: 'data/sample/people.csv',
      qi: ['region_code', 'birth_date', 'sex', 'ethnicity', 'education', 'occupation', 'marital_status'],
      population: 'china',
      curve: false,
    });
    expect(r.sampleUniqueness).toBe(1);
    // Pitman cannot be fitted when every class has one record: not available, never 0
    expect(r.populationUniqueness.pitman).toBeNull();
    const pu = r.populationUniqueness.dankar!;
    expect(pu).toBeGreaterThan(0.99);
    // the journalist figures may not contradict that estimate: records unique in the population
    // have risk 1, so at least that share is above every threshold
    for (const t of r.thresholds)
      expect(r.journalist.recordsAbove[String(t)]).toBeGreaterThanOrEqual(pu - 1e-9);
    expect(r.journalistModel).toBe('prosecutor');
    expect(r.journalistBasis.validated).toBe(false);
    expect(r.journalistBasis.statement).toMatch(/NOT estimated/);
    expect(r.marketer).toBe(r.prosecutor.average);
    expect(r.assumption).toMatch(/1,408,280,000/);
  });

  it('--population china with a fitted model: journalist consistent with its own uniqueness estimate', async () => {
    const r = await runRisk({
      input: 'data/sample/people.csv',
      qi: ['sex', 'education', 'marital_status', 'ethnicity'],
      population: 'china',
      curve: false,
    });
    expect(r.journalistModel).toBe('pitman');
    // the posterior (conditioned on the sample) and the prior expectation of Pitman's estimate agree
    const pu = r.populationUniqueness.pitman!;
    expect(Math.abs(r.journalistBasis.populationUniqueRecords! - pu) / pu).toBeLessThan(0.2);
    expect(r.journalist.recordsAbove['0.2']).toBeGreaterThanOrEqual(r.populationUniqueness.pitman!);
    expect(r.journalistBasis.statement).toMatch(/extrapolation/);
  });

  it('a Pitman fit that does not converge gives null and the conservative fallback, never 0', () => {
    // 1 % sample of 10^6 where the fit has no solution (every class but one a singleton)
    const h = histogramFromClassSizes([...Array.from({ length: 500 }, () => 1), 2]);
    const r = riskFromHistogram(h, { population: 1_000_000 });
    expect(r.populationUniqueness.pitman).toBeNull();
    expect(r.journalistModel).toBe('prosecutor');
    expect(r.journalist).toEqual(r.prosecutor);
    expect(r.marketer).toBe(r.prosecutor.average);
  });
});
