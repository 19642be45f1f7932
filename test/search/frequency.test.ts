import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrequencyTable } from '../../src/core/table.js';
import type { Engine } from '../../src/engine/engine.js';
import { createEngine } from '../../src/engine/index.js';
import { WumingError } from '../../src/errors.js';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import { seededRandom } from '../../src/random.js';
import { buildFrequencyTable, countKeys } from '../../src/run/data-path/engine-frequency.js';

async function* batches(values: number[], size: number) {
  for (let i = 0; i < values.length; i += size) {
    const chunk = Float64Array.from(values.slice(i, i + size));
    yield { rowCount: chunk.length, columns: [chunk] };
  }
}

describe('countKeys', () => {
  it('counts distinct keys in ascending order across many buffer flushes', async () => {
    const rng = seededRandom(9);
    const values = Array.from({ length: 5000 }, () => Math.floor(rng.next() * 300) * 1e9 - 7);
    const ref = new Map<number, number>();
    for (const v of values) ref.set(v, (ref.get(v) ?? 0) + 1);
    // A buffer of 37 keys: dozens of sort-and-merge rounds with keys recurring across rounds.
    const { keys, counts } = await countKeys(batches(values, 100), { maxBuffer: 37 });
    const single = await countKeys(batches(values, 100));
    expect(Array.from(single.keys)).toEqual(Array.from(keys));
    expect(Array.from(single.counts)).toEqual(Array.from(counts));
    const expected = [...ref.entries()].sort((a, b) => a[0] - b[0]);
    expect(Array.from(keys)).toEqual(expected.map((e) => e[0]));
    expect(Array.from(counts)).toEqual(expected.map((e) => e[1]));
  });
});

/** A frequency table as sorted rows of "codes|sensitive:count", independent of row order. */
function rowsOf(t: FrequencyTable): string[] {
  const out: string[] = [];
  for (let r = 0; r < t.rows; r++) {
    const codes = t.codes.map((c) => c[r]).join(',');
    const s = t.sensitive ? t.sensitive.values[t.sensitive.codes[r]] : '';
    out.push(`${codes}|${s}:${t.counts[r]}`);
  }
  return out.sort();
}

describe('buildFrequencyTable: counting here and in the engine agree', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine();
    const rng = seededRandom(4);
    const rows: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const a = `a${Math.floor(rng.next() * 40)}`;
      const b = `b${Math.floor(rng.next() * 6)}`;
      const s = rng.next() < 0.1 ? 'NULL' : `'s${Math.floor(rng.next() * 5)}'`;
      rows.push(`('${a}', '${b}', ${s})`);
    }
    await engine.exec(
      `CREATE TABLE t (a VARCHAR, b VARCHAR, s VARCHAR); INSERT INTO t VALUES ${rows.join(',')}`,
    );
  });
  afterAll(() => engine.close());

  const ha = parseArxHierarchy(
    `${Array.from({ length: 40 }, (_, i) => `a${i};A${i % 4};*`).join('\n')}\n`,
    'a',
    'mem',
  );
  const hb = parseArxHierarchy(`${Array.from({ length: 6 }, (_, i) => `b${i};*`).join('\n')}\n`, 'b', 'mem');
  const rel = { sql: 't', source: 't', columns: ['a', 'b', 's'].map((name) => ({ name, type: 'VARCHAR' })) };

  it('with and without a sensitive column (NULLs included)', async () => {
    for (const sensitive of [undefined, 's']) {
      const here = await buildFrequencyTable(engine, rel, {
        qi: ['a', 'b'],
        hierarchies: [ha, hb],
        sensitive,
      });
      const there = await buildFrequencyTable(engine, rel, {
        qi: ['a', 'b'],
        hierarchies: [ha, hb],
        sensitive,
        aggregate: 'engine',
      });
      expect(here.n).toBe(3000);
      expect(rowsOf(here)).toEqual(rowsOf(there));
      expect(here.sensitive?.values).toEqual(there.sensitive?.values);
    }
  });

  it('a value missing from a hierarchy is the same error on both paths', async () => {
    const short = parseArxHierarchy(
      `${Array.from({ length: 39 }, (_, i) => `a${i};*`).join('\n')}\n`,
      'a',
      'mem',
    );
    const errors: string[] = [];
    for (const aggregate of ['auto', 'engine'] as const) {
      try {
        await buildFrequencyTable(engine, rel, { qi: ['b', 'a'], hierarchies: [hb, short], aggregate });
      } catch (e) {
        expect(e).toBeInstanceOf(WumingError);
        errors.push((e as WumingError).message);
      }
    }
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBe(errors[1]);
    expect(errors[0]).toMatch(/column "a": 1 distinct value \(\d+ records\) are not in its hierarchy/);
  });
});
