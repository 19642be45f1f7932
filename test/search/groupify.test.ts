import { describe, expect, it } from 'vitest';
import { classOfRows, groupify, type Partition } from '../../src/core/groupify.js';
import type { FrequencyTable } from '../../src/core/table.js';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import type { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import { seededRandom } from '../../src/random.js';

/** A hierarchy of `leaves` numbered leaves: leaf; leaf / 10; leaf / 100; ...; '*'. */
function numbered(column: string, leaves: number, levels: number): Hierarchy {
  const lines: string[] = [];
  for (let v = 0; v < leaves; v++) {
    const cells = [`${column}${v}`];
    for (let l = 1; l < levels - 1; l++) cells.push(`${column}${Math.floor(v / 10 ** l)}x${l}`);
    cells.push('*');
    lines.push(cells.join(';'));
  }
  return parseArxHierarchy(`${lines.join('\n')}\n`, column, 'test');
}

/** A frequency table of `rows` random leaf combinations (duplicates allowed), counts 1..3. */
function table(hs: Hierarchy[], rows: number, seed: number, withPublic = false): FrequencyTable {
  const rng = seededRandom(seed);
  const rnd = () => rng.next();
  const codes = hs.map((h) => {
    const a = new Int32Array(rows);
    // Skewed draws so classes of very different sizes appear.
    for (let r = 0; r < rows; r++) a[r] = Math.floor(h.leaves.length * rnd() ** 2);
    return a;
  });
  const counts = new Float64Array(rows);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    counts[r] = 1 + Math.floor(rnd() * 3);
    n += counts[r];
  }
  const publicCounts = withPublic ? counts.map((c) => c * 2 + 1) : undefined;
  return { qi: hs.map((h) => h.column), hierarchies: hs, codes, counts, publicCounts, rows, n };
}

/** Reference grouping with a Map of generalized tuples. */
function reference(t: FrequencyTable, levels: number[]) {
  const key = (r: number) => t.hierarchies.map((h, i) => h.maps[levels[i]][t.codes[i][r]]).join(',');
  const classes = new Map<string, { size: number; pub: number }>();
  for (let r = 0; r < t.rows; r++) {
    const k = key(r);
    const c = classes.get(k) ?? { size: 0, pub: 0 };
    c.size += t.counts[r];
    c.pub += t.publicCounts?.[r] ?? 0;
    classes.set(k, c);
  }
  return { classes, key };
}

function expectSame(t: FrequencyTable, p: Partition, levels: number[]) {
  const { classes, key } = reference(t, levels);
  expect(p.numClasses).toBe(classes.size);
  // Mismatches are collected and compared once: an expect() per class would dominate the run.
  const bad: string[] = [];
  const seen = new Set<string>();
  for (let c = 0; c < p.numClasses; c++) {
    const k = key(p.rep[c]);
    if (seen.has(k)) bad.push(`class ${c}: duplicate tuple`);
    seen.add(k);
    if (p.sizes[c] !== classes.get(k)!.size) bad.push(`class ${c}: size`);
    if (t.publicCounts && p.publicSizes![c] !== classes.get(k)!.pub) bad.push(`class ${c}: public size`);
  }
  if (p.classOf) {
    for (let r = 0; r < t.rows; r += 7) if (key(p.rep[p.classOf[r]]) !== key(r)) bad.push(`row ${r}: class`);
  }
  expect(bad.slice(0, 5)).toEqual([]);
}

/** A partition's kept codes are its representatives' generalized codes. */
function expectCodes(t: FrequencyTable, p: Partition) {
  expect(p.codes).toBeDefined();
  const bad: string[] = [];
  t.hierarchies.forEach((h, i) => {
    const map = h.maps[p.levels[i]];
    for (let c = 0; c < p.numClasses; c++)
      if (p.codes![i][c] !== map[t.codes[i][p.rep[c]]]) bad.push(`class ${c} column ${i}`);
  });
  expect(bad.slice(0, 5)).toEqual([]);
}

describe('groupify on large inputs (radix-partitioned path)', () => {
  it('matches a reference grouping from the rows and rolled up, with class of each row', () => {
    const hs = [numbered('a', 3000, 4), numbered('b', 500, 3), numbered('c', 40, 3), numbered('d', 7, 2)];
    const t = table(hs, 140_000, 7, true);
    for (const levels of [
      [0, 0, 0, 0],
      [1, 0, 1, 0],
      [2, 1, 0, 1],
      [1, 1, 1, 0],
    ]) {
      expectSame(t, groupify(t, levels, { withClassOf: true }), levels);
    }
    // Roll-ups: from a fine partition to coarser ones, with and without classOf.
    const fine = groupify(t, [1, 0, 0, 0], { withClassOf: true });
    expectSame(t, groupify(t, [1, 1, 0, 0], { from: fine }), [1, 1, 0, 0]);
    expectSame(t, groupify(t, [2, 1, 1, 0], { from: fine, withClassOf: true }), [2, 1, 1, 0]);
    const partial = groupify(t, [1, 0, 1, 0]);
    expectSame(t, groupify(t, [2, 2, 2, 1], { from: partial }), [2, 2, 2, 1]);
  });

  it("a source partition keeps its classes' codes (not read from the rows), and roll-ups from it equal direct grouping", () => {
    // 4,000 × 350 × 40 leaf cells (beyond the direct-address limit, so the radix path runs),
    // but only 10,000 distinct combinations among 140 k rows: few classes, a roll-up source.
    const hs = [numbered('a', 4000, 3), numbered('b', 350, 2), numbered('c', 40, 2)];
    const rng = seededRandom(5);
    const pool = hs.map((h) =>
      Int32Array.from({ length: 10_000 }, () => Math.floor(rng.next() * h.leaves.length)),
    );
    const rows = 140_000;
    const pick = Int32Array.from({ length: rows }, () => Math.floor(rng.next() * 10_000));
    const t: FrequencyTable = {
      qi: ['a', 'b', 'c'],
      hierarchies: hs,
      codes: pool.map((col) => Int32Array.from(pick, (k) => col[k])),
      counts: new Float64Array(rows).fill(1),
      rows,
      n: rows,
    };
    const p = groupify(t, [0, 0, 0]);
    expect(p.numClasses * 2).toBeLessThanOrEqual(t.rows);
    expectSame(t, p, [0, 0, 0]);
    expectCodes(t, p);
    for (const levels of [
      [1, 0, 0],
      [1, 1, 1],
      [2, 0, 1],
    ]) {
      const up = groupify(t, levels, { from: p, withClassOf: true });
      expectSame(t, up, levels);
      expectCodes(t, up);
    }
  });

  it('roll-ups equal direct grouping on random tables and random pairs of transformations', () => {
    const rng = seededRandom(11);
    for (let round = 0; round < 6; round++) {
      const hs = [
        numbered('a', 200 + Math.floor(rng.next() * 3000), 4),
        numbered('b', 20 + Math.floor(rng.next() * 400), 3),
        numbered('c', 2 + Math.floor(rng.next() * 30), 2),
        numbered('d', 2 + Math.floor(rng.next() * 9), 2),
      ];
      // Below and above the radix threshold (2^17 items).
      const t = table(hs, round % 2 === 0 ? 20_000 : 150_000, 100 + round, round % 3 === 0);
      const heights = hs.map((h) => h.maps.length);
      const draw = (below?: number[]) =>
        heights.map((h, i) => {
          const lo = below ? below[i] : 0;
          return lo + Math.floor(rng.next() * (h - lo));
        });
      const fine = draw();
      const src = groupify(t, fine);
      expectSame(t, src, fine);
      for (let k = 0; k < 3; k++) {
        const coarse = draw(fine);
        const rolled = groupify(t, coarse, { from: src });
        const direct = groupify(t, coarse);
        expectSame(t, rolled, coarse);
        expect(rolled.numClasses).toBe(direct.numClasses);
        if (rolled.codes) expectCodes(t, rolled);
        // A second step from the rolled-up partition.
        const coarser = draw(coarse);
        expectSame(t, groupify(t, coarser, { from: rolled }), coarser);
      }
    }
  });

  it("classOfRows finds each frequency row's class without regrouping", () => {
    const hs = [numbered('a', 3000, 4), numbered('b', 500, 3), numbered('c', 40, 3), numbered('d', 7, 2)];
    const t = table(hs, 50_000, 9);
    for (const levels of [
      [0, 0, 0, 0],
      [2, 1, 1, 0],
      [3, 2, 2, 1],
    ]) {
      const p = groupify(t, levels, { withClassOf: true });
      expect(Array.from(classOfRows(t, p))).toEqual(Array.from(p.classOf!));
    }
    const wide = ['p', 'q', 'r', 's', 't'].map((c) => numbered(c, 20_000, 2));
    const tw = table(wide, 30_000, 4);
    const pw = groupify(tw, [0, 1, 0, 1, 0], { withClassOf: true });
    expect(Array.from(classOfRows(tw, pw))).toEqual(Array.from(pw.classOf!));
  });

  it('keys beyond 2^53 (hashed tuples, equality checked) group exactly', () => {
    // 5 columns of 20,000 leaves: 3.2 × 10^21 combinations, so the key is a hash of the tuple.
    const hs = ['p', 'q', 'r', 's', 't'].map((c) => numbered(c, 20_000, 2));
    const t = table(hs, 140_000, 3);
    expectSame(t, groupify(t, [0, 0, 0, 0, 0]), [0, 0, 0, 0, 0]);
    expectSame(t, groupify(t, [1, 0, 1, 0, 1], { withClassOf: true }), [1, 0, 1, 0, 1]);
  });
});
