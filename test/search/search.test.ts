import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FrequencyTable } from '../../src/core/table.js';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import type { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import { metricById } from '../../src/metrics/index.js';
import {
  Checker,
  distinctLDiversity,
  entropyLDiversity,
  equalDistanceTCloseness,
  kAnonymity,
  type PrivacyModel,
} from '../../src/privacy/index.js';
import { view } from '../../src/search/evaluator.js';
import { frequencyFromRecords, Lattice, search } from '../../src/search/index.js';
import { localRecoding } from '../../src/search/local.js';
import { ADULT_QI, adultHierarchy, adultRecords } from './adult.js';

// Small hierarchies: a (4 leaves, 3 levels), b (6 leaves, 4 levels), c (3 leaves, 2 levels).
const ha = parseArxHierarchy('a0;A;*\na1;A;*\na2;B;*\na3;B;*\n', 'a', 'mem');
const hb = parseArxHierarchy(
  'b0;b01;B0;*\nb1;b01;B0;*\nb2;b23;B0;*\nb3;b23;B0;*\nb4;b45;B1;*\nb5;b45;B1;*\n',
  'b',
  'mem',
);
const hc = parseArxHierarchy('c0;*\nc1;*\nc2;*\n', 'c', 'mem');
const HS: Hierarchy[] = [ha, hb, hc];

function randomTable(recs: number[][]): FrequencyTable {
  const records = recs.map(([a, b, c, s]) => [`a${a}`, `b${b}`, `c${c}`, `s${s}`]);
  return frequencyFromRecords(['a', 'b', 'c', 's'], records, HS, { sensitive: 's' });
}

/** Brute force: every node, the same admissibility rule, the minimum score (ties: first in the same order). */
function bruteForce(table: FrequencyTable, models: PrivacyModel[], metricId: string, suppression: number) {
  const lattice = new Lattice(table.hierarchies.map((h) => h.maps.length));
  const checker = new Checker(table, models);
  const metric = metricById(metricId).prepare(table, {
    modelsMonotonicWithSuppression: models.every((m) => m.monotonicWithSuppression),
  });
  const budget = Math.floor(suppression * table.n + 1e-9);
  let best = Number.POSITIVE_INFINITY;
  for (let id = 0; id < lattice.size; id++) {
    const p = checker.partition(lattice.levels(id));
    const c = checker.check(p, budget);
    if (!c.anonymous) continue;
    best = Math.min(best, metric.score(view(p, c)));
  }
  return best;
}

const recordArb = fc.array(
  fc.tuple(
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 5 }),
    fc.integer({ min: 0, max: 2 }),
    fc.integer({ min: 0, max: 3 }),
  ),
  {
    minLength: 8,
    maxLength: 80,
  },
);

describe('optimal search', () => {
  it('finds the same optimum score as brute force (random tables, models, metrics, limits)', () => {
    fc.assert(
      fc.property(
        recordArb,
        fc.integer({ min: 2, max: 5 }),
        fc.constantFrom(0, 0.05, 0.2),
        fc.constantFrom('loss', 'entropy', 'precision', 'discernibility', 'aecs', 'height'),
        fc.constantFrom('k', 'k+distinct', 'entropy', 't'),
        (recs, k, supp, metricId, which) => {
          const table = randomTable(recs);
          const models: PrivacyModel[] =
            which === 'k'
              ? [kAnonymity(k)]
              : which === 'k+distinct'
                ? [kAnonymity(k), distinctLDiversity('s', 2)]
                : which === 'entropy'
                  ? [entropyLDiversity('s', 1.5)]
                  : [kAnonymity(2), equalDistanceTCloseness('s', 0.4)];
          const expected = bruteForce(table, models, metricId, supp);
          if (!Number.isFinite(expected)) {
            expect(() => search(table, models, metricById(metricId), { suppression: supp })).toThrow(
              /no transformation/,
            );
            return;
          }
          const r = search(table, models, metricById(metricId), { suppression: supp });
          expect(r.optimal).toBe(true);
          expect(r.score).toBeCloseTo(expected, 9);
          // The reported node really is admissible.
          const checker = new Checker(table, models);
          const c = checker.check(checker.partition(r.levels), r.budget);
          expect(c.anonymous).toBe(true);
          expect(c.suppressed).toBe(r.suppressed);
        },
      ),
      { numRuns: 150, seed: 7 },
    );
  });

  it('the heuristic returns an admissible transformation, never better than the optimum', () => {
    fc.assert(
      fc.property(recordArb, fc.integer({ min: 2, max: 4 }), (recs, k) => {
        const table = randomTable(recs);
        const models = [kAnonymity(k)];
        let opt: number;
        try {
          opt = search(table, models, metricById('loss'), { suppression: 0.05 }).score;
        } catch {
          return;
        }
        const h = search(table, models, metricById('loss'), {
          suppression: 0.05,
          algorithm: 'heuristic',
          timeLimitMs: 1000,
        });
        expect(h.algorithm).toBe('heuristic');
        expect(h.optimal).toBe(false);
        expect(h.score).toBeGreaterThanOrEqual(opt - 1e-12);
        const checker = new Checker(table, models);
        expect(checker.check(checker.partition(h.levels), h.budget).anonymous).toBe(true);
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('groups tables whose radix product exceeds 2^53 correctly (hashed keys)', () => {
    // 8 columns of 200 leaves each: 200^8 = 2.56e18 > 2^53.
    const hs = Array.from({ length: 8 }, (_, i) =>
      parseArxHierarchy(Array.from({ length: 200 }, (_, v) => `${v};${v % 10};*`).join('\n'), `x${i}`, 'mem'),
    );
    const records = Array.from({ length: 500 }, (_, r) => hs.map((_, i) => String((r * (i + 3)) % 200)));
    const t = frequencyFromRecords(
      hs.map((h) => h.column),
      records,
      hs,
    );
    const checker = new Checker(t, [kAnonymity(1)]);
    const p = checker.partition(new Int32Array(8));
    expect(p.numClasses).toBe(new Set(records.map((r) => r.join(','))).size);
  });
});

describe('local recoding on Adult', () => {
  it('keeps every class k-anonymous and beats the best global transformation on granularity', () => {
    const { header, records } = adultRecords();
    const table = frequencyFromRecords(header, records, ADULT_QI.map(adultHierarchy));
    const global = search(table, [kAnonymity(5)], metricById('loss'), { suppression: 0 });
    const local = localRecoding(table, [kAnonymity(5)]);
    for (let c = 0; c < local.view.numClasses; c++) expect(local.view.sizes[c]).toBeGreaterThanOrEqual(5);
    expect(local.view.suppressed).toBe(0);
    const loss = metricById('loss').prepare(table);
    expect(loss.score(local.view)).toBeLessThan(global.score);
  });
});

describe('time limit', () => {
  it('returns an admissible, non-proven transformation when the limit is hit', () => {
    const { header, records } = adultRecords();
    const table = frequencyFromRecords(header, records, ADULT_QI.map(adultHierarchy));
    const r = search(table, [kAnonymity(5)], metricById('loss'), { suppression: 0.05, timeLimitMs: 0 });
    expect(r.optimal).toBe(false);
    const checker = new Checker(table, [kAnonymity(5)]);
    expect(checker.check(checker.partition(r.levels), r.budget).anonymous).toBe(true);
  });
});
