import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/duckdb.js';
import type { Engine } from '../../src/engine/engine.js';
import { assessRisk } from '../../src/risk/assess.js';
import { classSizeHistogram, histogramFromClassSizes } from '../../src/risk/histogram.js';
import { riskFromHistogram } from '../../src/risk/model.js';
import { hypergeometricOne } from '../../src/risk/zayatz.js';

const ADULT = "SELECT * FROM read_csv('data/adult/adult.csv', delim=';', header=true, all_varchar=true)";

describe('risk on Adult (all 9 columns, ARX USA population 317,238,626)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine();
    await engine.materialize('adult', ADULT);
  });
  afterAll(() => engine.close());

  it('reproduces ARX 3.9.2 (data/adult/ARX-BASELINE.md) to the stated precision', async () => {
    const r = await assessRisk({ engine, relation: '"adult"', qi: 'all', population: 'usa', curve: false });
    expect(r.records).toBe(30162);
    expect(r.population.size).toBe(317_238_626);
    // ARX: sample uniques 51.43 %, Pitman 3.89 %, Zayatz 26.46 %
    expect(r.sampleUniqueness * 100).toBeCloseTo(51.43, 2);
    expect(r.populationUniqueness.pitman! * 100).toBeCloseTo(3.89, 2);
    expect(r.populationUniqueness.zayatz! * 100).toBeCloseTo(26.46, 2);
    // Sampling fraction < 10 %: Dankar's rule picks Pitman.
    expect(r.populationUniqueness.dankarModel).toBe('pitman');
    expect(r.populationUniqueness.dankar).toBe(r.populationUniqueness.pitman);
    // ARX: highest prosecutor risk 1.0, average 0.6466, records at risk > 0.2: 77.8 %
    expect(r.prosecutor.highest).toBe(1);
    expect(r.prosecutor.average).toBeCloseTo(0.6466, 4);
    expect(r.prosecutor.recordsAbove['0.2'] * 100).toBeCloseTo(77.8, 1);
    // journalist/marketer from the Pitman posterior: below prosecutor, and consistent with the
    // Pitman population uniqueness (the share of records expected unique in the population)
    expect(r.journalistModel).toBe('pitman');
    expect(r.journalistBasis.populationUniqueRecords!).toBeCloseTo(r.populationUniqueness.pitman!, 3);
    expect(r.journalist.recordsAbove['0.2']).toBeGreaterThanOrEqual(r.populationUniqueness.pitman!);
    expect(r.journalist.average).toBeLessThan(r.prosecutor.average);
    expect(r.marketer).toBe(r.journalist.average);
    expect(r.distribution.reduce((a, b) => a + b.records, 0)).toBe(30162);
  });

  it('matches ARX after 5-anonymity at 0 % ([0,4,1,1,3,2,2,1,0]): highest 0.01449, average 0.000796', async () => {
    // The optimum's classes: reproduce them by generalizing with the vendored hierarchies.
    const levels: Record<string, number> = {
      sex: 0,
      age: 4,
      race: 1,
      'marital-status': 1,
      education: 3,
      'native-country': 2,
      workclass: 2,
      occupation: 1,
      'salary-class': 0,
    };
    const cols: string[] = [];
    for (const [col, level] of Object.entries(levels)) {
      if (level === 0) {
        cols.push(`"${col}"`);
        continue;
      }
      await engine.materialize(
        `h_${col}`,
        `SELECT column0 AS leaf, column${level} AS gen FROM read_csv('data/adult/adult_hierarchy_${col}.csv', delim=';', header=false, all_varchar=true)`,
      );
      cols.push(`(SELECT gen FROM "h_${col}" WHERE leaf = a."${col}") AS "${col}"`);
    }
    await engine.materialize('adult5', `SELECT ${cols.join(', ')} FROM "adult" a`);
    const h = await classSizeHistogram(engine, '"adult5"', Object.keys(levels));
    expect(Math.min(...h.sizes)).toBeGreaterThanOrEqual(5);
    const r = riskFromHistogram(h, { population: 317_238_626 });
    expect(r.prosecutor.highest).toBeCloseTo(0.01449, 5);
    expect(r.prosecutor.average).toBeCloseTo(0.000796, 6);
    expect(r.sampleUniqueness).toBe(0);
    expect(r.populationUniqueness.pitman).toBe(0);
    expect(r.populationUniqueness.dankar).toBe(0);
  });

  it('treats NULL as a value and rejects unknown columns', async () => {
    await engine.materialize(
      'nulls',
      `SELECT * FROM (VALUES ('a', NULL), ('a', NULL), ('b', 'x')) t(c1, c2)`,
    );
    const r = await assessRisk({ engine, relation: '"nulls"', qi: ['c1', 'c2'], curve: false });
    expect(r.classes).toBe(2);
    expect(r.sampleUniqueness).toBeCloseTo(1 / 3, 12);
    await expect(assessRisk({ engine, relation: '"nulls"', qi: ['nope'] })).rejects.toThrow(/no such column/);
    await expect(assessRisk({ engine, relation: '"nulls"', qi: ['c1'], population: 2 })).rejects.toThrow(
      /smaller/,
    );
  });
});

describe('riskFromHistogram (pure)', () => {
  it('computes prosecutor figures from a hand-made histogram', () => {
    // classes of sizes 1,1,2,5 -> n = 9, u = 4
    const h = histogramFromClassSizes([1, 1, 2, 5]);
    const r = riskFromHistogram(h, { thresholds: [0.2, 0.5] });
    expect(r.records).toBe(9);
    expect(r.prosecutor.highest).toBe(1);
    expect(r.prosecutor.average).toBeCloseTo(4 / 9, 12);
    expect(r.prosecutor.recordsAbove['0.2']).toBeCloseTo(4 / 9, 12); // sizes 1,1,2 (1/5 is not > 0.2)
    expect(r.prosecutor.recordsAbove['0.5']).toBeCloseTo(2 / 9, 12);
    // census: journalist = prosecutor, marketer = classes / records, population = sample uniqueness
    expect(r.journalist.average).toBeCloseTo(r.prosecutor.average, 12);
    expect(r.marketer).toBeCloseTo(4 / 9, 12);
    expect(r.populationUniqueness.dankarModel).toBe('census');
    expect(r.populationUniqueness.pitman).toBeCloseTo(2 / 9, 12);
  });

  it('has no population uniques when there are no sample uniques', () => {
    const r = riskFromHistogram(histogramFromClassSizes([2, 3, 3, 7]), { population: 1e6 });
    expect(r.populationUniqueness).toMatchObject({
      pitman: 0,
      zayatz: 0,
      snb: 0,
      dankar: 0,
      dankarModel: 'none',
    });
  });

  it('uses SNB or Zayatz (whichever is lower) above a 10 % sampling fraction', () => {
    const sizes: number[] = [];
    for (let i = 0; i < 300; i++) sizes.push(1);
    for (let i = 0; i < 120; i++) sizes.push(2);
    for (let i = 0; i < 60; i++) sizes.push(3);
    for (let i = 0; i < 40; i++) sizes.push(5);
    for (let i = 0; i < 10; i++) sizes.push(20);
    const h = histogramFromClassSizes(sizes);
    const r = riskFromHistogram(h, { population: 3000 });
    const p = r.populationUniqueness;
    expect(r.population.samplingFraction).toBeGreaterThan(0.1);
    expect(['snb', 'zayatz']).toContain(p.dankarModel);
    if (p.snb !== null) expect(p.dankar).toBe(Math.min(p.snb, p.zayatz!));
    else expect(p.dankar).toBe(p.zayatz);
    // population uniques can never exceed... the share of records that are sample uniques scaled to N
    expect(p.zayatz!).toBeGreaterThan(0);
    expect(p.zayatz!).toBeLessThan(1);
  });

  it('hypergeometric P(X=1) agrees with the direct formula', () => {
    // N = 50, K = 4, n = 10: P(X=1) = C(4,1) C(46,9) / C(50,10)
    const lc = (a: number, b: number) => {
      let s = 0;
      for (let i = 0; i < b; i++) s += Math.log(a - i) - Math.log(i + 1);
      return s;
    };
    const direct = 4 * Math.exp(lc(46, 9) - lc(50, 10));
    expect(hypergeometricOne(50, 4, 10)).toBeCloseTo(direct, 12);
    expect(hypergeometricOne(1000, 1, 10)).toBeCloseTo(0.01, 14);
  });
});

describe('journalist and marketer risk from a population table', () => {
  it('uses the true population class sizes', async () => {
    const engine = await createEngine();
    try {
      // population: class A has 4 people, B has 2, C has 1; the sample takes A:2, B:1, C:1
      await engine.materialize(
        'popt',
        `SELECT * FROM (VALUES ('A'),('A'),('A'),('A'),('B'),('B'),('C')) t(q)`,
      );
      await engine.materialize('smp', `SELECT * FROM (VALUES ('A'),('A'),('B'),('C')) t(q)`);
      const r = await assessRisk({
        engine,
        relation: '"smp"',
        qi: ['q'],
        populationTable: '"popt"',
        thresholds: [0.3],
        curve: false,
      });
      expect(r.journalistModel).toBe('population-table');
      expect(r.population.size).toBe(7);
      expect(r.journalist.highest).toBe(1); // C is unique in the population
      // marketer = (2/4 + 1/2 + 1/1) / 4; average = max(3 / 7, marketer)
      expect(r.marketer).toBeCloseTo(2 / 4, 12);
      expect(r.journalist.average).toBeCloseTo(Math.max(3 / 7, 0.5), 12);
      // records with 1/F > 0.3: B (1/2) and C (1): 2 of 4
      expect(r.journalist.recordsAbove['0.3']).toBeCloseTo(0.5, 12);
      // prosecutor still works on the sample alone
      expect(r.prosecutor.highest).toBe(1);
    } finally {
      await engine.close();
    }
  });
});

describe('population models', () => {
  it('resolves names, numbers and the census default', async () => {
    const { resolvePopulation } = await import('../../src/risk/population.js');
    expect(resolvePopulation('usa', 10).size).toBe(317_238_626);
    expect(resolvePopulation('China', 10).size).toBe(1_408_280_000);
    expect(resolvePopulation('1,000', 10).size).toBe(1000);
    expect(resolvePopulation(undefined, 10)).toMatchObject({ size: 10 });
    expect(() => resolvePopulation('mars', 10)).toThrow(/positive integer or one of: usa, china/);
    expect(() => resolvePopulation(5, 10)).toThrow(/smaller/);
  });
});
