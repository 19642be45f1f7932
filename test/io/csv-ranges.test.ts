import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupCsvRecords, type MemoryTable, readCsvInMemory } from '../../src/io/csv-memory.js';

/**
 * A streamed file read as several byte ranges (each in its own thread in the built program; one
 * after the other here, where the worker script is not built) gives the table of one range, and
 * the verifier's record groups read from the bytes are the groups a plain count finds.
 */
const dir = mkdtempSync(join(tmpdir(), 'wuming-ranges-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

let seed = 11;
const rnd = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % n;
};
const words = ['', 'x', '北京', 'a b', '😀', 'long value with spaces', '0', '00', '-1.5', 'y'];
function randomTable(rows: number, cols: number, eol: string, finalBreak = true, variety = 10): string {
  const lines = [Array.from({ length: cols }, (_, c) => `c${c}`).join(',')];
  for (let r = 0; r < rows; r++)
    lines.push(
      Array.from({ length: cols }, () => words[rnd(variety >> 1) + rnd((variety + 1) >> 1)]).join(','),
    );
  return lines.join(eol) + (finalBreak ? eol : '');
}

const stream = (path: string, parts: number, chunk = 1 << 12, extra = {}) => {
  let why = '';
  return readCsvInMemory(path, {
    maxBytes: 0,
    streamMinBytes: 0,
    streamChunkBytes: chunk,
    streamParts: parts,
    onIneligible: (r) => (why = r),
    ...extra,
  }).then((t) => ({ t, why }));
};

function sameTable(a: MemoryTable, b: MemoryTable): void {
  expect(b.rows).toBe(a.rows);
  expect(b.header).toEqual(a.header);
  for (const [c, col] of a.data.entries()) {
    if (!col) expect(b.data[c]).toBeUndefined();
    else {
      expect(b.data[c]!.values).toEqual(col.values);
      expect(Array.from(b.data[c]!.codes)).toEqual(Array.from(col.codes));
    }
  }
}

describe('a streamed file read in byte ranges', () => {
  it('gives the same table (values in order of first appearance, codes) for 1 to 5 ranges', async () => {
    for (const [eol, finalBreak] of [
      ['\n', true],
      ['\r\n', true],
      ['\n', false],
      ['\r\n', false],
    ] as const) {
      const path = file(`r-${eol.length}-${finalBreak}.csv`, randomTable(1500, 4, eol, finalBreak));
      const one = await stream(path, 1);
      expect(one.why).toBe('');
      for (const parts of [2, 3, 5])
        for (const chunk of [61, 1 << 12]) {
          const { t, why } = await stream(path, parts, chunk);
          expect(why).toBe('');
          sameTable(one.t!, t!);
        }
      const kept = await stream(path, 3, 1 << 12, { keep: ['c1', 'c3'] });
      expect(kept.t!.data[0]).toBeUndefined();
      expect(kept.t!.data[1]!.values).toEqual(one.t!.data[1]!.values);
    }
  });

  it('numbers a bad record from the start of the file, whichever range holds it', async () => {
    const lines = randomTable(2000, 3, '\n').split('\n');
    lines[1500] = 'only,two';
    const path = file('ragged.csv', lines.join('\n'));
    for (const parts of [1, 2, 4])
      expect((await stream(path, parts)).why).toBe('record 1501 has 2 fields, expected 3');
    // Line breaks of another kind in a later range only.
    const mixed = randomTable(1000, 3, '\r\n') + randomTable(1000, 3, '\n').split('\n').slice(1).join('\n');
    const m = file('mixed.csv', mixed);
    for (const parts of [1, 2, 3]) expect((await stream(m, parts)).why).toMatch(/mixed line endings|fields/);
    // A quote in the last range.
    const q = file('quote.csv', `${randomTable(2000, 3, '\n')}"a",b,c\n`);
    expect((await stream(q, 3)).why).toMatch(/quoted/);
  });

  it('keeps the limit on distinct values over all ranges', async () => {
    const ids = file('ids.csv', `id\n${Array.from({ length: 400 }, (_, i) => i).join('\n')}\n`);
    for (const parts of [1, 2, 4]) {
      expect((await stream(ids, parts, 64, { maxDistinct: 300 })).t).toBeUndefined();
      expect((await stream(ids, parts, 64, { maxDistinct: 400 })).t!.rows).toBe(400);
    }
  });
});

/** The groups a plain count of the parsed records gives, keyed by the key cells. */
/** groupCsvRecords by the byte scanner (forced at any size), as key (JSON) → count, and its total. */
async function streamedGroups(
  path: string,
  columns: string[],
  keys: string[],
  parts: number,
  chunk: number,
): Promise<{ got: Map<string, number>; total: number }> {
  const g = await groupCsvRecords(path, {
    delimiter: ',',
    columns,
    keys,
    streamMinBytes: 0,
    streamParts: parts,
    streamChunkBytes: chunk,
  });
  if (typeof g === 'string') throw new Error(g);
  expect(g.header).toEqual(columns);
  const got = new Map<string, number>();
  for (const [i, n] of g.counts.entries()) got.set(JSON.stringify(keys.map((_, k) => g.columns[k][i])), n);
  return { got, total: g.counts.reduce((a, b) => a + b, 0) };
}

function plainGroups(t: MemoryTable, keys: string[]): Map<string, number> {
  const at = keys.map((k) => t.columns.indexOf(k));
  const m = new Map<string, number>();
  for (let r = 0; r < t.rows; r++) {
    const key = JSON.stringify(at.map((c) => t.data[c]!.values[t.data[c]!.codes[r]] ?? ''));
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

describe('groupCsvRecords: the verifier re-reading a written file', () => {
  const columns = ['c0', 'c1', 'c2', 'c3'];
  for (const keys of [
    ['c0', 'c1', 'c2', 'c3'], // every column: grouped by whole lines
    ['c3', 'c0', 'c2', 'c1'], // every column in another order
    ['c1', 'c2'], // adjacent columns
    ['c3', 'c0'], // others
  ])
    it(`counts the records of each tuple of ${keys.join(',')}`, async () => {
      for (const eol of ['\n', '\r\n'])
        for (const finalBreak of [true, false]) {
          // Output-like: few distinct records (whole lines are grouped only then).
          const path = file(
            `g-${keys.join('')}-${eol.length}-${finalBreak}.csv`,
            randomTable(3000, 4, eol, finalBreak, 5),
          );
          const t = (await readCsvInMemory(path))!;
          const expected = plainGroups(t, keys);
          for (const parts of [1, 3]) {
            const { got, total } = await streamedGroups(path, columns, keys, parts, 1 << 10);
            expect(got).toEqual(expected);
            expect(total).toBe(3000);
          }
        }
    });

  it('groups whole lines with quoted fields (delimiters and quotes inside, optional quotes)', async () => {
    const content = 'a,"b,x"\n1,"2,3"\n"1","2,3"\n"say ""hi""",""\n"say ""hi""",\n1,2\n';
    for (const parts of [1, 2]) {
      const g = await groupCsvRecords(file('gq.csv', content), {
        delimiter: ',',
        columns: ['a', 'b,x'],
        keys: ['b,x', 'a'],
        streamMinBytes: 0,
        streamParts: parts,
      });
      if (typeof g === 'string') throw new Error(g);
      expect(g.header).toEqual(['a', 'b,x']);
      expect(g.columns).toEqual([
        ['2,3', '', '2'],
        ['1', 'say "hi"', '1'],
      ]);
      expect(g.counts).toEqual([2, 2, 1]);
    }
    // What only a whole-text reading can tell: a line break inside quotes; and malformed quoting.
    for (const bad of ['a,b\n1,"x\ny"\n', 'a,b\n1,"x"y\n', 'a,b\n1,x"y"\n']) {
      const g = await groupCsvRecords(file('gq-bad.csv', bad), {
        delimiter: ',',
        columns: ['a', 'b'],
        keys: ['a', 'b'],
      });
      expect(g).toBe('quoted');
    }
  });

  it('groups quoted cells of some columns cell by cell, the first quote late in a range', async () => {
    // Cells needing quotes (a delimiter or a quote inside) and cells quoted without need, all
    // after 800 plain records, so that a range switches its keys after its first chunks.
    const cells = ['[75, 80)', 'say "hi"', 'x', '北京', '', 'a,b', '""', ',', '1'];
    const quote = (v: string, always: boolean) =>
      always || /[",]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
    for (const eol of ['\n', '\r\n']) {
      const lines = ['c0,c1,c2,c3'];
      for (let r = 0; r < 2000; r++) {
        const row = Array.from(
          { length: 4 },
          () => cells[rnd(r < 800 ? 2 : cells.length) + (r < 800 ? 2 : 0)],
        );
        lines.push(row.map((v) => (r < 800 ? v : quote(v, rnd(3) === 0))).join(','));
      }
      const path = file(`gq-some-${eol.length}.csv`, lines.join(eol) + eol);
      const t = (await readCsvInMemory(path))!;
      for (const keys of [
        ['c1', 'c2'],
        ['c3', 'c0'],
        ['c0', 'c1', 'c2'],
      ]) {
        const expected = plainGroups(t, keys);
        for (const parts of [1, 3])
          for (const chunk of [1 << 9, 1 << 16]) {
            const { got } = await streamedGroups(path, columns, keys, parts, chunk);
            expect(got).toEqual(expected);
          }
      }
    }
    // Malformed or multi-line quoting is left to the text path, as with whole lines.
    for (const bad of ['a,b\n1,"x"y\n', 'a,b\n1,x"y"\n', 'a,b\n1,"x\n', 'a,b\n"1\n2",x\n'])
      expect(
        await groupCsvRecords(file('gq-some-bad.csv', bad), {
          delimiter: ',',
          columns: ['a', 'b'],
          keys: ['b'],
        }),
      ).toBe('quoted');
  });

  it('leaves mostly distinct records to the text path (faster there)', async () => {
    const path = file('g-distinct.csv', randomTable(12_000, 4, '\n'));
    const g = await groupCsvRecords(path, { delimiter: ',', columns, keys: columns });
    expect(g).toBe('mostly distinct records');
    // Not every column in the key: the bytes are grouped whatever the number of groups.
    const some = await groupCsvRecords(path, { delimiter: ',', columns, keys: ['c0', 'c1', 'c2'] });
    expect(typeof some).toBe('object');
  });

  it('refuses what the reader refuses (the caller then reads the file with the text path)', async () => {
    const cases: Record<string, [string, RegExp]> = {
      quoted: ['a,b\n1,"x\n"\n', /quoted/],
      ragged: ['a,b\n1,2\n3\n1,2\n', /record 3 has 1 fields/],
      long: ['a,b\n1,2\n1,2,3\n', /record 3 has more than 2 fields/],
      'mixed line endings': ['a,b\r\n1,2\n1,2\r\n', /mixed/],
      'a blank line': ['a,b\n1,2\n\n1,2\n', /fields/],
    };
    for (const [name, [content, why]] of Object.entries(cases))
      for (const keys of [['a', 'b'], ['b']]) {
        const g = await groupCsvRecords(file(`gno-${name}.csv`, content), {
          delimiter: ',',
          columns: ['a', 'b'],
          keys,
        });
        expect(g, name).toMatch(why);
      }
  });
});

// The worker threads themselves: through the built module (npm test builds before running).
const built = join(import.meta.dirname, '../../dist/io/csv-memory.js');
describe.skipIf(!existsSync(built))('worker threads (built program)', () => {
  it('reads and groups in several threads as in one', async () => {
    const m = (await import(built)) as typeof import('../../src/io/csv-memory.js');
    const path = file('threads.csv', randomTable(20_000, 4, '\n'));
    const one = (await m.readCsvInMemory(path, { maxBytes: 0, streamMinBytes: 0, streamParts: 1 }))!;
    const three = (await m.readCsvInMemory(path, { maxBytes: 0, streamMinBytes: 0, streamParts: 3 }))!;
    sameTable(one, three);
    for (const keys of [columnsOf(4), ['c2', 'c0']]) {
      const a = await m.groupCsvRecords(path, {
        delimiter: ',',
        columns: columnsOf(4),
        keys,
        streamParts: 1,
      });
      const b = await m.groupCsvRecords(path, {
        delimiter: ',',
        columns: columnsOf(4),
        keys,
        streamParts: 3,
        streamMinBytes: 0,
      });
      expect(b).toEqual(a);
    }
  });
});

function columnsOf(n: number): string[] {
  return Array.from({ length: n }, (_, c) => `c${c}`);
}
