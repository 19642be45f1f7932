import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DpQuery, dpAggregate } from '../../src/dp/aggregates.js';
import { selectionThreshold } from '../../src/dp/partition-selection.js';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { readSource } from '../../src/io/read.js';
import { seededRandom } from '../../src/random.js';

/**
 * `by` for histograms and quantiles: group keys public (a data-only key never appears) or
 * selected privately (a key held by one person does not pass at a small δ), contributions
 * bounded per unit across all cells, and every released value with its scale and 95 % interval.
 */
const dir = mkdtempSync(join(tmpdir(), 'wuming-dp-by-'));
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => {
  await engine.close();
});

/**
 * 400 people in Beijing (ages 0..99, one row each), 400 in Shanghai (ages 50..149 clamped by
 * the bounds), one person alone in "Lhasa" (a key only in the data), optionally a person with
 * 1,000 rows in Beijing, and a few non-numeric ages (not values: counted in no bin).
 */
function csv(heavy = false): string {
  const lines = ['pid,city,age'];
  for (let i = 0; i < 400; i++) lines.push(`b${i},Beijing,${i % 100}`);
  for (let i = 0; i < 400; i++) lines.push(`s${i},Shanghai,${50 + (i % 100)}`);
  lines.push('lonely,Lhasa,33');
  for (let i = 0; i < 7; i++) lines.push(`x${i},Beijing,unknown`);
  if (heavy) for (let j = 0; j < 1000; j++) lines.push('heavy,Beijing,5');
  return `${lines.join('\n')}\n`;
}

async function load(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return readSource(engine, path);
}

const hist: Extract<DpQuery, { kind: 'histogram' }> = {
  kind: 'histogram',
  column: 'age',
  bounds: [0, 100],
  bins: 4,
  by: ['city'],
};

describe('histogram --by', () => {
  it('public keys: one histogram per key, data-only keys never released, absent keys released as noise', async () => {
    const rel = await load('h.csv', csv());
    const r = await dpAggregate(engine, rel, {
      query: { ...hist, by: ['city'] },
      privacyUnit: 'pid',
      epsilon: 1_000_000,
      publicKeys: [['Beijing'], ['Shanghai'], ['Guangzhou']],
      random: seededRandom(1),
    });
    expect(r.keys).toEqual({ kind: 'public', count: 3 });
    expect(r.results).toHaveLength(12);
    expect(r.results.some((x) => x.group.city === 'Lhasa')).toBe(false);
    const cell = (city: string, bin: number) => r.results.filter((x) => x.group.city === city)[bin];
    // at ε = 10^6 the noise is 0: exact bin counts, the 7 "unknown" ages in no bin
    expect([0, 1, 2, 3].map((i) => cell('Beijing', i).value)).toEqual([100, 100, 100, 100]);
    expect([0, 1, 2, 3].map((i) => cell('Shanghai', i).value)).toEqual([0, 0, 100, 300]);
    expect([0, 1, 2, 3].map((i) => cell('Guangzhou', i).value)).toEqual([0, 0, 0, 0]);
    expect(cell('Beijing', 0).group).toEqual({ city: 'Beijing', age: '[0, 25)' });
    expect(cell('Beijing', 3).group).toEqual({ city: 'Beijing', age: '[75, 100]' });
    for (const x of r.results) {
      expect(x.scale).toBeGreaterThan(0);
      expect(x.ci95[0]).toBeLessThanOrEqual(x.value);
      expect(x.ci95[1]).toBeGreaterThanOrEqual(x.value);
    }
  });

  it('a person with 1,000 rows moves all cells together by at most the bound', async () => {
    const run = async (heavy: boolean) =>
      dpAggregate(engine, await load(`hb-${heavy}.csv`, csv(heavy)), {
        query: hist,
        privacyUnit: 'pid',
        maxContributions: 3,
        epsilon: 1_000_000,
        publicKeys: [['Beijing'], ['Shanghai']],
        random: seededRandom(2),
      });
    const total = (r: Awaited<ReturnType<typeof run>>) => r.results.reduce((a, x) => a + x.value, 0);
    expect(total(await run(true)) - total(await run(false))).toBe(3);
  });

  it('private keys: half the budget selects groups, the bins get the other half, the lone key stays out', async () => {
    const rel = await load('hp.csv', csv());
    const r = await dpAggregate(engine, rel, {
      query: hist,
      privacyUnit: 'pid',
      maxContributions: 2,
      epsilon: 1,
      delta: 1e-9,
      random: seededRandom(3),
    });
    // selection at ε/2 with bound 2: scale 4
    expect(r.keys).toMatchObject({ kind: 'private', threshold: selectionThreshold(2, 4, 1e-9) });
    expect([...new Set(r.results.map((x) => x.group.city))]).toEqual(['Beijing', 'Shanghai']);
    expect(r.results.every((x) => x.scale === 4)).toBe(true);
    expect(r.measurements.map((m) => m.scale)).toEqual([4, 4]);
    expect(r.delta).toBe(1e-9);
  });

  it('without public keys and without δ it refuses (the keys would leak)', async () => {
    const rel = await load('hr.csv', csv());
    await expect(
      dpAggregate(engine, rel, { query: hist, privacyUnit: 'pid', epsilon: 1, random: seededRandom(4) }),
    ).rejects.toMatchObject({ code: 'BAD_FLAG' });
    await expect(
      dpAggregate(engine, rel, {
        query: { ...hist, by: ['age'] },
        privacyUnit: 'pid',
        epsilon: 1,
        delta: 1e-6,
      }),
    ).rejects.toThrow(/cannot also be a group column/);
  });
});

describe('quantile --by', () => {
  const quant: Extract<DpQuery, { kind: 'quantile' }> = {
    kind: 'quantile',
    column: 'age',
    bounds: [0, 200],
    quantiles: [0.5],
    candidates: 200,
    by: ['city'],
  };

  it("public keys: each group's median, data-only keys never released", async () => {
    const rel = await load('q.csv', csv());
    const r = await dpAggregate(engine, rel, {
      query: quant,
      privacyUnit: 'pid',
      epsilon: 5,
      publicKeys: [['Beijing'], ['Shanghai'], ['Guangzhou']],
      random: seededRandom(5),
    });
    expect(r.results.map((x) => x.group.city)).toEqual(['Beijing', 'Shanghai', 'Guangzhou']);
    const [bj, sh] = r.results;
    // true medians 49.5 and 99.5 (the 7 "unknown" ages are not values)
    expect(Math.abs(bj.value - 49.5)).toBeLessThanOrEqual(3);
    expect(Math.abs(sh.value - 99.5)).toBeLessThanOrEqual(3);
    for (const x of r.results) {
      expect(x.scaleUnit).toBe('rank');
      expect(x.scale).toBeGreaterThan(0);
      expect(x.ci95[0]).toBeLessThanOrEqual(x.value);
      expect(x.ci95[1]).toBeGreaterThanOrEqual(x.value);
    }
  });

  it('private keys: the lone key stays out, and the quantiles spend the half left after selection', async () => {
    const rel = await load('qp.csv', csv());
    const r = await dpAggregate(engine, rel, {
      query: { ...quant, quantiles: [0.25, 0.75] },
      privacyUnit: 'pid',
      epsilon: 2,
      delta: 1e-9,
      random: seededRandom(6),
    });
    expect(r.keys).toMatchObject({ kind: 'private' });
    expect(r.results.map((x) => `${x.group.city} ${x.quantile}`)).toEqual([
      'Beijing 0.25',
      'Shanghai 0.25',
      'Beijing 0.75',
      'Shanghai 0.75',
    ]);
    // ε 2 → 1 for the selection count, 1 shared by two quantiles
    const q = r.measurements.filter((m) => m.mechanism.startsWith('exponential'));
    expect(q.map((m) => m.epsilon)).toEqual([0.5, 0.5]);
    expect(r.measurements[0]).toMatchObject({ epsilon: 1, scale: 1 });
  });
});

describe('quantile intervals', () => {
  it('cover the true quantile on tied data (integers on a 0.1 grid), and stay narrow', async () => {
    const lines = ['v'];
    for (let i = 0; i < 2000; i++) lines.push(String(i % 11));
    const rel = await load('ties.csv', `${lines.join('\n')}\n`);
    const rng = seededRandom(9);
    let covered = 0;
    let width = 0;
    const runs = 60;
    for (let t = 0; t < runs; t++) {
      const r = await dpAggregate(engine, rel, {
        query: { kind: 'quantile', column: 'v', bounds: [0, 20], quantiles: [0.5], candidates: 200 },
        privacyUnit: 'row',
        epsilon: 3,
        random: rng,
      });
      // the true median on the grid: the smallest candidate c with #(v ≤ c) ≥ n/2, i.e. 5.0
      const [lo, hi] = r.results[0].ci95;
      if (lo <= 5 && 5 <= hi) covered++;
      width += hi - lo;
    }
    expect(covered / runs).toBeGreaterThanOrEqual(0.93);
    // one grid step below 5 and the tie block [5, 5.9] above: about 1 wide, not the whole range
    expect(width / runs).toBeLessThan(2);
  });
});

describe('clamping skips cells that are not numbers', () => {
  it('a mean counts only numeric cells', async () => {
    const rel = await load('m.csv', csv());
    const r = await dpAggregate(engine, rel, {
      query: { kind: 'mean', column: 'age', bounds: [0, 200] },
      privacyUnit: 'pid',
      epsilon: 1_000_000,
      random: seededRandom(7),
    });
    // (400·49.5 + 400·99.5 + 33) / 801, not diluted by the 7 "unknown" cells as zeros
    expect(r.results[0].value).toBeCloseTo((400 * 49.5 + 400 * 99.5 + 33) / 801, 3);
  });
});
