import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/duckdb.js';
import type { Engine } from '../../src/engine/engine.js';
import { assessRisk } from '../../src/risk/assess.js';
import { riskHistogramSvg, uniquenessCurveSvg } from '../../src/risk/charts.js';
import { uniquenessCurve, uniquenessCurveReference } from '../../src/risk/curve.js';
import { classesOfSize, classSizeHistogram } from '../../src/risk/histogram.js';

describe('uniqueness curve and charts', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine();
    // id-like column k (all distinct) is the most identifying; c is constant
    await engine.materialize(
      't',
      `SELECT CAST(i AS VARCHAR) AS k, CAST(i % 2 AS VARCHAR) AS b, 'x' AS c, CAST(i % 5 AS VARCHAR) AS f FROM range(40) t(i)`,
    );
  });
  afterAll(() => engine.close());

  it('adds the most identifying attribute first and ends at the full uniqueness', async () => {
    const curve = await uniquenessCurve({ engine, relation: 't', qi: ['c', 'b', 'f', 'k'] });
    expect(curve.order[0]).toBe('k');
    expect(curve.points[0].uniqueShare).toBe(1);
    expect(curve.points.map((p) => p.attributes)).toEqual([1, 2, 3, 4]);
    // then every candidate ties (40 uniques, 40 classes): column order decides
    expect(curve.order).toEqual(['k', 'c', 'b', 'f']);
    const shares = curve.points.map((p) => p.uniqueShare);
    for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeGreaterThanOrEqual(shares[i - 1]);
  });

  it('grows as attributes are added on a table without an identifier', async () => {
    const curve = await uniquenessCurve({ engine, relation: 't', qi: ['c', 'b', 'f'] });
    // f alone: 5 classes of 8 -> 0 uniques; f+b: 10 classes of 4 (i%2, i%5 -> i%10) -> 0
    expect(curve.order[0]).toBe('f');
    expect(curve.points.every((p) => p.uniqueShare === 0)).toBe(true);
    expect(curve.points[1].classes).toBe(10);
  });

  it('matches the reference curve (one GROUP BY over all rows per candidate) on skewed data', async () => {
    // skewed columns with NULLs: many duplicates, uniques appear step by step
    await engine.materialize(
      'skew',
      `SELECT CAST(floor(20 * pow((hash(i, 1) % 1000) / 1000.0, 3)) AS VARCHAR) AS a,
              CASE WHEN hash(i, 2) % 7 = 0 THEN NULL ELSE CAST(hash(i, 2) % 3 AS VARCHAR) END AS b,
              CAST(floor(50 * pow((hash(i, 3) % 1000) / 1000.0, 2)) AS VARCHAR) AS c,
              CAST(hash(i, 4) % 2 AS VARCHAR) AS d,
              CAST(floor(9 * pow((hash(i, 5) % 1000) / 1000.0, 4)) AS VARCHAR) AS e
       FROM range(3000) t(i)`,
    );
    const qi = ['a', 'b', 'c', 'd', 'e'];
    const fast = await uniquenessCurve({ engine, relation: 'skew', qi });
    const ref = await uniquenessCurveReference({ engine, relation: 'skew', qi });
    expect(fast.orderFrom).toBe('all records');
    expect(fast.order).toEqual(ref.order);
    expect(fast.points).toEqual(ref.points);
    expect(fast.points[0].uniqueShare).toBeLessThan(fast.points[4].uniqueShare);
    expect(fast.points[4].uniqueShare).toBeGreaterThan(0.05);
  });

  it('chooses the order on a sample of a large input and reports exact points for it', async () => {
    const qi = ['a', 'b', 'c', 'd', 'e'];
    const curve = await uniquenessCurve({ engine, relation: 'skew', qi, sampleRows: 800, fullGroups: 50 });
    expect(curve.orderFrom).toBe('sample');
    expect(curve.records).toBe(3000);
    expect([...curve.order].sort()).toEqual(qi);
    // every point is the exact uniqueness of its prefix of the order on all 3,000 records
    for (const p of curve.points) {
      const h = await classSizeHistogram(engine, 'skew', curve.order.slice(0, p.attributes));
      expect(p.uniqueShare).toBeCloseTo(classesOfSize(h, 1) / 3000, 12);
      expect(p.classes).toBe(h.counts.reduce((a, b) => a + b, 0));
    }
    const ref = await uniquenessCurveReference({ engine, relation: 'skew', qi });
    // the first choice (most uniques alone) is clear-cut here, and the last point is order-free
    expect(curve.order[0]).toBe(ref.order[0]);
    expect(curve.points[4].uniqueShare).toBe(ref.points[4].uniqueShare);
  });

  it('renders SVG charts of the risk distribution and the curve', async () => {
    const a = await assessRisk({ engine, relation: 't', qi: ['b', 'f'] });
    expect(a.distribution.find((b) => b.high === 0.25)?.records).toBe(40); // classes of 4 -> risk 0.25
    const svg = await riskHistogramSvg(a.distribution);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('share of records');
    const curveSvg = await uniquenessCurveSvg(a.uniquenessCurve!);
    expect(curveSvg).toContain('attributes combined');
    expect(curveSvg).toContain('<path');
  });
});
