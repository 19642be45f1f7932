import { describe, expect, it } from 'vitest';
import { frequencyFromRecords } from '../../src/core/table.js';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import { createEntropyMetric, metricById, metrics } from '../../src/metrics/index.js';
import { Checker, kAnonymity } from '../../src/privacy/index.js';
import { view } from '../../src/search/evaluator.js';

// One column, 4 leaves: a,b → AB; c,d → CD; then *. Records: a a b c c d (n = 6).
const h = parseArxHierarchy('a;AB;*\nb;AB;*\nc;CD;*\nd;CD;*\n', 'q', 'mem');
const table = frequencyFromRecords(['q'], [['a'], ['a'], ['b'], ['c'], ['c'], ['d']], [h]);

function at(level: number, k: number, suppression: number) {
  const checker = new Checker(table, [kAnonymity(k)]);
  const p = checker.partition([level]);
  const c = checker.check(p, Math.floor(suppression * table.n));
  return view(p, c);
}

describe('utility metrics', () => {
  it('Loss: shares over the hierarchy, (x − n/size)/(n − n/size), suppressed records count 1', () => {
    const loss = metricById('loss').prepare(table);
    expect(loss.score(at(0, 1, 0))).toBe(0);
    // Level 1: every record has share 2/4 → x = 3; (3 − 1.5)/(6 − 1.5) = 1/3.
    expect(loss.score(at(1, 1, 0))).toBeCloseTo(1 / 3, 10);
    expect(loss.score(at(2, 1, 0))).toBeCloseTo(1, 10);
    // Level 0 with k=2 and suppression allowed: b and d (1 record each) suppressed → x = 4·¼ + 2 = 3.
    const v = at(0, 2, 0.5);
    expect(v.suppressed).toBe(2);
    expect(loss.score(v)).toBeCloseTo(1 / 3, 10);
    expect(loss.lowerBound!([0])).toBe(0);
  });

  it('non-uniform entropy: −log2 P(original | generalized) from data frequencies', () => {
    const ent = metricById('entropy').prepare(table);
    expect(ent.score(at(0, 1, 0))).toBe(0);
    // Level 1: AB holds a,a,b: a → −log2(2/3) twice, b → −log2(1/3); same for CD.
    const e1 = 2 * (2 * -Math.log2(2 / 3) + -Math.log2(1 / 3));
    expect(ent.score(at(1, 1, 0))).toBeCloseTo(e1, 10);
    // Suppression term (ARX): b and d suppressed at level 0 → values {b, d} among S = 2 → 2·1 bit.
    const v = at(0, 2, 0.5);
    expect(createEntropyMetric({ suppressionPenalty: true }).prepare(table).score(v)).toBeCloseTo(2, 10);
    expect(createEntropyMetric({ suppressionPenalty: false }).prepare(table).score(v)).toBe(0);
  });

  it('precision, discernibility, AECS and height', () => {
    const v = at(0, 2, 0.5);
    expect(metrics.precision.prepare(table).score(at(1, 1, 0))).toBeCloseTo(0.5, 10);
    expect(metrics.precision.prepare(table).score(v)).toBeCloseTo(2 / 6, 10);
    // Classes a(2), c(2) kept, 2 suppressed: 4 + 4 + 2·6 = 20.
    expect(metrics.discernibility.prepare(table).score(v)).toBe(20);
    // 6 records / (2 classes + 1 suppressed block).
    expect(metrics.aecs.prepare(table).score(v)).toBe(2);
    expect(metrics.height.prepare(table).score(at(2, 1, 0))).toBe(2);
  });

  it('unknown metric is a usage error', () => {
    expect(() => metricById('nope')).toThrow(/unknown metric/);
  });
});
