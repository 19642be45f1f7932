import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/duckdb.js';
import type { Engine } from '../../src/engine/engine.js';
import { article29 } from '../../src/risk/article29.js';

describe('Article 29 Working Party criteria', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine();
    // classes on (age, zip): A = 3 records all 'flu' (homogeneous), B = 2 records 'flu','cold', C = 1 record
    await engine.materialize(
      't',
      `SELECT * FROM (VALUES ('30','100','flu'), ('30','100','flu'), ('30','100','flu'),
         ('40','200','flu'), ('40','200','cold'), ('50','300',NULL)) v(age, zip, diagnosis)`,
    );
  });
  afterAll(() => engine.close());

  it('measures singling out, linkability (model) and inference', async () => {
    const a = await article29({ engine, relation: 't', qi: ['age', 'zip'], sensitive: ['diagnosis'] });
    expect(a.singlingOut.uniqueRecords).toBeCloseTo(1 / 6, 12);
    expect(a.singlingOut.highestRisk).toBe(1);
    expect(a.singlingOut.atRisk).toBe(true);
    expect(a.linkability.source).toBe('model');
    expect(a.linkability.expectedSuccessRate).toBeCloseTo(3 / 6, 12); // classes / records (census)
    const inf = a.inference.attributes[0];
    expect(inf.classes).toBe(3);
    expect(inf.homogeneousClasses).toBeCloseTo(2 / 3, 12); // A and the single record C
    expect(inf.recordsInHomogeneousClasses).toBeCloseTo(4 / 6, 12);
    expect(inf.minDistinctValues).toBe(1);
    expect(inf.highestConfidence).toBe(1);
    expect(inf.averageConfidence).toBeCloseTo((3 + 1 + 1) / 6, 12);
    expect(a.inference.atRisk).toBe(true);
  });

  it('uses the attack result for linkability when given', async () => {
    const a = await article29({
      engine,
      relation: 't',
      qi: ['age', 'zip'],
      linkage: {
        auxiliaryRecords: 10,
        releasedRecords: 6,
        on: ['age', 'zip'],
        uniqueMatches: 0.3,
        uniqueCorrectMatches: 0.2,
        correctInMatches: 0.9,
        expectedSuccessRate: 0.4,
        noMatch: 0.1,
        matchSizes: [],
        undecided: { zip: 2 },
        undecidedRecords: 0.1,
        undecidedCount: 1,
        decoded: {},
        bounds: {
          uniqueMatches: { low: 0.3, high: 0.4 },
          uniqueCorrectMatches: { low: 0.2, high: 0.3 },
          expectedSuccessRate: { low: 0.4, high: 0.5 },
        },
      },
    });
    expect(a.linkability).toEqual({
      source: 'attack',
      expectedSuccessRate: 0.4,
      uniqueMatches: 0.2,
      undecidedRecords: 0.1,
      expectedSuccessRateHigh: 0.5,
      atRisk: true,
    });
    expect(a.inference.attributes).toEqual([]);
    expect(a.inference.atRisk).toBe(false);
  });
});
