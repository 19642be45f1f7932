import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/duckdb.js';
import type { Engine } from '../../src/engine/engine.js';
import { assessRisk } from '../../src/risk/assess.js';
import { riskHistogramSvg, uniquenessCurveSvg } from '../../src/risk/charts.js';
import { uniquenessCurve } from '../../src/risk/curve.js';

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
