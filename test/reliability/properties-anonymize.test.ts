import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import type { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import { anonymize } from '../../src/run/anonymize.js';
import { fcOptions, timeout } from './fc-config.js';

/**
 * Issue 19, "invariants as property tests": for random small tables, hierarchies and models,
 * (1) rows in = rows out, the suppressed rows are exactly the rows written with '*' in every QI,
 * and every output row is its input row (same position, same other columns, each QI the
 * hierarchy's label of the input value at the chosen level); (2) the verifier passed what the
 * search chose (anonymize refuses otherwise) and a brute-force walk of the whole lattice, with
 * its own class counting, finds the transformation admissible and with the same optimum score;
 * when the search finds none, neither does the walk.
 */

interface Case {
  /** Per QI: number of leaves and, per level above the leaves, the group of each lower group. */
  qis: { leaves: number; levels: number[][] }[];
  rows: { qi: number[]; s: number }[];
  k: number;
  l: number;
  suppressionPercent: number;
  metric: 'height' | 'discernibility';
}

/** A random coarsening chain: level j maps each group of level j-1 to one of fewer groups. */
const qiArb = fc.integer({ min: 2, max: 6 }).chain((leaves) =>
  fc.integer({ min: 0, max: 2 }).chain((extra) => {
    const chain = (size: number, left: number): fc.Arbitrary<number[][]> =>
      left === 0 || size <= 1
        ? fc.constant([])
        : fc
            .integer({ min: 1, max: size - 1 })
            .chain((next) =>
              fc
                .array(fc.integer({ min: 0, max: next - 1 }), { minLength: size, maxLength: size })
                .chain((map) => chain(next, left - 1).map((rest) => [map, ...rest])),
            );
    return chain(leaves, extra).map((levels) => ({ leaves, levels }));
  }),
);

const caseArb: fc.Arbitrary<Case> = fc.array(qiArb, { minLength: 1, maxLength: 3 }).chain((qis) =>
  fc.record({
    qis: fc.constant(qis),
    rows: fc.array(
      fc.record({
        qi: fc.tuple(...qis.map((q) => fc.integer({ min: 0, max: q.leaves - 1 }))),
        s: fc.integer({ min: 0, max: 3 }),
      }),
      { minLength: 3, maxLength: 40 },
    ),
    k: fc.integer({ min: 2, max: 4 }),
    l: fc.constantFrom(0, 0, 2),
    suppressionPercent: fc.constantFrom(0, 10, 30, 60),
    metric: fc.constantFrom('height' as const, 'discernibility' as const),
  }),
);

/** ARX text of a QI's hierarchy: leaf;level1;…;* with labels that are never another leaf. */
function hierarchyOf(q: Case['qis'][number], i: number): Hierarchy {
  const lines: string[] = [];
  for (let v = 0; v < q.leaves; v++) {
    const cells = [`q${i}v${v}`];
    let g = v;
    q.levels.forEach((map, j) => {
      g = map[g];
      cells.push(`q${i}L${j + 1}g${g}`);
    });
    cells.push('*');
    lines.push(cells.join(';'));
  }
  return parseArxHierarchy(`${lines.join('\n')}\n`, `q${i}`, `q${i}.csv`);
}

/** Every level vector of the lattice. */
function* lattice(heights: number[]): Generator<number[]> {
  const v = heights.map(() => 0);
  for (;;) {
    yield v.slice();
    let i = 0;
    while (i < v.length && v[i] === heights[i]) v[i++] = 0;
    if (i === v.length) return;
    v[i]++;
  }
}

/** The brute-force evaluation of one transformation, counted from the records directly. */
function evaluate(c: Case, hs: Hierarchy[], levels: number[]) {
  const label = (i: number, leaf: number, L: number) => {
    const h = hs[i];
    const code = h.leaves.indexOf(`q${i}v${leaf}`);
    return h.labels[L][h.maps[L][code]];
  };
  const classes = new Map<string, { size: number; s: Set<number> }>();
  for (const r of c.rows) {
    const key = r.qi.map((leaf, i) => label(i, leaf, levels[i])).join('\u001f');
    const cl = classes.get(key) ?? { size: 0, s: new Set() };
    cl.size++;
    cl.s.add(r.s);
    classes.set(key, cl);
  }
  let suppressed = 0;
  let squares = 0;
  for (const cl of classes.values()) {
    if (cl.size < c.k || (c.l > 0 && cl.s.size < c.l)) suppressed += cl.size;
    else squares += cl.size * cl.size;
  }
  const n = c.rows.length;
  const budget = Math.floor((c.suppressionPercent / 100) * n + 1e-9);
  const score = c.metric === 'height' ? levels.reduce((a, b) => a + b, 0) : suppressed * n + squares;
  return { admissible: suppressed <= budget, suppressed, score, label };
}

describe('anonymize on random small tables (property)', () => {
  it(
    'rows trace to input rows, the verifier passes, and a brute-force lattice walk finds the same optimum',
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const hs = c.qis.map(hierarchyOf);
          const qi = hs.map((h) => h.column);
          const columns = ['id', ...qi, 'diag'];
          const rows = c.rows.map((r, n) => [`r${n}`, ...r.qi.map((leaf, i) => `q${i}v${leaf}`), `s${r.s}`]);
          const heights = hs.map((h) => h.maps.length - 1);
          let best: number | undefined;
          for (const levels of lattice(heights)) {
            const e = evaluate(c, hs, levels);
            if (e.admissible && (best === undefined || e.score < best)) best = e.score;
          }
          let result: Awaited<ReturnType<typeof anonymize>>;
          try {
            result = await anonymize({
              input: { columns, rows },
              hierarchies: Object.fromEntries(hs.map((h) => [h.column, h])),
              qi,
              models: c.l > 0 ? { k: c.k, l: c.l, lVariant: 'distinct', sensitive: 'diag' } : { k: c.k },
              suppressionPercent: c.suppressionPercent,
              metric: c.metric,
              dataPath: 'memory',
            });
          } catch (e) {
            // No admissible transformation: the walk must agree.
            expect((e as { code?: string }).code).toBe('NO_SOLUTION');
            expect(best).toBeUndefined();
            return;
          }
          expect(result.verification.ok).toBe(true);
          const levels = qi.map((q) => result.transformation[q]);
          const e = evaluate(c, hs, levels);
          expect(e.admissible).toBe(true);
          expect(result.suppressed).toBe(e.suppressed);
          if (result.optimal) {
            expect(result.score).toBe(best);
            expect(e.score).toBe(best);
          }
          // Rows in = rows out; suppressed rows are the all-'*' ones; each row is its input row.
          const out = result.rows ?? [];
          expect(out).toHaveLength(rows.length);
          expect(result.rowsIn).toBe(rows.length);
          expect(result.rowsOut).toBe(rows.length);
          let stars = 0;
          out.forEach((o, n) => {
            expect(o.id).toBe(`r${n}`);
            expect(o.diag).toBe(`s${c.rows[n].s}`);
            const starred = qi.map((q) => o[q] === '*');
            if (starred.every(Boolean)) stars++;
            else
              qi.forEach((q, i) => {
                expect(o[q]).toBe(e.label(i, c.rows[n].qi[i], levels[i]));
              });
          });
          // A QI whose top level is '*' may show '*' without suppression only at that level.
          expect(stars).toBeGreaterThanOrEqual(result.suppressed);
          const fullyGeneral = levels.every((L, i) => L === heights[i]);
          if (!fullyGeneral) expect(stars).toBe(result.suppressed);
        }),
        fcOptions(25),
      );
    },
    timeout(60_000),
  );
});
