import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { formatOfPath, type MemoryTable, readCsvInMemory } from '../../src/io/csv-memory.js';
import { formatOf, readSource } from '../../src/io/read.js';
import { csvCell, writeCsvColumnsAtomic, writeRelation } from '../../src/io/write.js';

const dir = mkdtempSync(join(tmpdir(), 'wuming-csvmem-'));
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => {
  await engine.close();
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const rowsOf = (t: MemoryTable) =>
  Array.from({ length: t.rows }, (_, r) => t.data.map((c) => c!.values[c!.codes[r]]));

/** What the engine path reads: column names and rows in file order (NULL as null). */
async function engineRead(path: string) {
  const rel = await readSource(engine, path);
  const rows = await engine.query(`SELECT * FROM ${rel.sql} ORDER BY rowid`);
  return { columns: rel.columns.map((c) => c.name), rows: rows.map((r) => Object.values(r)) };
}

async function memoryRead(path: string) {
  let why = '';
  const t = await readCsvInMemory(path, { onIneligible: (r) => (why = r) });
  return { t, why };
}

describe('readCsvInMemory reads what the engine reads', () => {
  const same: Record<string, string | Buffer> = {
    'empty cells, quoted or not, are NULL': 'a,b,c\n1,,"x"\n"",2,3\n,,\n',
    'quoted delimiters, doubled quotes, embedded line breaks':
      'id,text,n\n1,"a, b",1\n2,"say ""hi""",2\n3,"line1\nline2",3\n4,"""",4\n',
    'CRLF, with a CRLF inside a quoted field': 'a;b;c\r\n1;"x\r\ny";3\r\n4;5;6\r\n',
    'LF file with CRLF inside a quoted field': 'a,b,c\n1,"x\r\ny",3\n4,5,6\n',
    'CR line ends': 'a,b,c\r1,2,3\r4,5,6\r',
    'no final line break': 'a,b,c\n1,2,3\n4,5,6',
    'UTF-8 BOM and Chinese text': Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('姓名,城市,备注\n张三,"北京,朝阳",你好\n李四,上海,\n', 'utf8'),
    ]),
    'spaces kept, no trimming; NULL-like words are text': 'a,b,c\n 1 ,  , x \nNULL,null,\\N\n',
    'tabs, NUL and # as data': 'a\tb\tc\n#1\tx\u0000y\t3\n4\t5\t6\n',
    'quoted header cells': '"a","b,x","c""d"\n1,2,3\n',
    'no header (numeric first row)': '1,2,3\n4,5,6\n7,8,9\n',
    'one column with a quoted empty cell': 'a\nx\n""\ny\n',
    'characters above U+FFFF': 'a,b\n😀,"𝄞,x"\nz,😀\n',
  };
  for (const [name, content] of Object.entries(same)) {
    it(name, async () => {
      const path = file(`same-${Object.keys(same).indexOf(name)}.csv`, content);
      const { t, why } = await memoryRead(path);
      expect(why).toBe('');
      const e = await engineRead(path);
      expect(t!.columns).toEqual(e.columns);
      expect(rowsOf(t!)).toEqual(e.rows);
      expect(t!.rows).toBe(e.rows.length);
    });
  }

  it('keeps only the asked columns, returns the header cells, and takes a known dialect', async () => {
    const path = file('keep.csv', 'a,b,c\n1,2,3\n4,5,3\n');
    const t = await readCsvInMemory(path, { keep: ['c'] });
    expect(t!.data[0]).toBeUndefined();
    expect(t!.data[2]!.values).toEqual(['3']);
    expect(Array.from(t!.data[2]!.codes)).toEqual([0, 0]);
    expect(t!.header).toEqual(['a', 'b', 'c']);
    const u = await readCsvInMemory(path, {
      dialect: { delimiter: ',', header: false, columns: ['x', 'y', 'z'] },
    });
    expect(u!.rows).toBe(3);
    expect(u!.columns).toEqual(['x', 'y', 'z']);
  });
});

describe('readCsvInMemory declines what it cannot read exactly as the engine does', () => {
  const ineligible: Record<string, [string | Buffer, RegExp]> = {
    'a stray quote in an unquoted field': ['a,b,c\n1,x"y,3\n4,5,6\n', /quoting/],
    'text after a closing quote': ['a,b,c\n1,"x"y,3\n4,5,6\n', /after a closing quote/],
    'a space after a closing quote': ['a,b,c\n1,"x" ,3\n4,5,6\n', /after a closing quote/],
    'a space before an opening quote': ['a,b,c\n1, "x",3\n4,5,6\n', /quoting/],
    'an unterminated quote': ['a,b,c\n1,2,3\n4,"5,6\n7,8,9\n', /quoting|fields/],
    'a blank line in the middle': ['a,b,c\n1,2,3\n\n4,5,6\n', /fields/],
    'blank lines at the end': ['a,b,c\n1,2,3\n4,5,6\n\n\n', /fields/],
    'a blank line in a one-column file': ['a\nx\n\ny\n', /one-column/],
    'mixed CRLF and LF': ['a,b,c\n1,2,3\r\n4,5,6\n', /mixed line endings/],
    'mixed line ends with quotes': ['a,b,c\n1,"2",3\r\n4,5,6\n', /mixed line endings/],
    'a ragged row': ['a,b,c\n1,2,3\n4,5\n', /fields/],
    'a header shorter than the rows': ['a,b\n1,2,3\n4,5,6\n7,8,9\n', /fields/],
    'a header only': ['a,b,c\n', /no data rows/],
    'GBK text': [iconv.encode('姓名,城市\n张三,北京\n李四,上海\n', 'gbk'), /GB18030/],
    'an empty file': ['', /empty/],
    'whitespace only': ['  \n \n', /empty/],
  };
  for (const [name, [content, reason]] of Object.entries(ineligible)) {
    it(name, async () => {
      const path = file(`no-${Object.keys(ineligible).indexOf(name)}.csv`, content);
      const { t, why } = await memoryRead(path);
      expect(t).toBeUndefined();
      expect(why).toMatch(reason);
    });
  }

  it('invalid UTF-8 after the sampled head', async () => {
    const good = `a,b\n${'x,y\n'.repeat(300_000)}`;
    const path = file(
      'bad-tail.csv',
      Buffer.concat([Buffer.from(good), Buffer.from([0xff, 0x2c, 0x31, 0x0a])]),
    );
    const { t, why } = await memoryRead(path);
    expect(t).toBeUndefined();
    expect(why).toMatch(/not valid UTF-8/);
  });

  it('tells formats apart by extension exactly as readSource does', () => {
    for (const p of [
      'a.csv',
      'a.CSV',
      'a.tsv',
      'a.txt',
      'a',
      'a.parquet',
      'a.PQ',
      'a.json',
      'a.ndjson',
      'a.jsonl',
      'a.xlsx',
      'd.csv/a',
    ])
      expect(formatOfPath(p), p).toBe(formatOf(p));
  });

  it('not CSV by extension, or above the size limit', async () => {
    const pq = file('x.parquet', 'a,b\n1,2\n');
    expect((await memoryRead(pq)).why).toMatch(/parquet/);
    const path = file('big.csv', 'a,b\n1,2\n3,4\n');
    let why = '';
    expect(await readCsvInMemory(path, { maxBytes: 8, onIneligible: (r) => (why = r) })).toBeUndefined();
    expect(why).toMatch(/larger than/);
  });
});

describe('CSV writing byte for byte as DuckDB COPY', () => {
  it('quotes exactly the cells DuckDB quotes (every ASCII character, in every position)', async () => {
    for (const delim of [',', '\t', ';', '|']) {
      const values: string[] = [];
      for (let c = 1; c < 128; c++) {
        const ch = String.fromCharCode(c);
        values.push(`a${ch}b`, `${ch}b`, `a${ch}`, ch);
      }
      values.push('', ' ', '中文', 'é', '😀');
      await engine.exec('CREATE OR REPLACE TEMP TABLE quoting (i INTEGER, s VARCHAR)');
      await engine.exec(
        `INSERT INTO quoting VALUES ${values.map((v, i) => `(${i}, ${engine.dialect.string(v)})`).join(', ')}, (${values.length}, NULL)`,
      );
      const path = join(dir, `quoting-${delim.charCodeAt(0)}.csv`);
      await writeRelation(engine, 'SELECT s FROM quoting ORDER BY i', path, { delimiter: delim });
      const expected = ['s', ...values.map((v) => csvCell(v, delim)), csvCell(null, delim)].join('\n');
      expect(readFileSync(path, 'utf8')).toBe(`${expected}\n`);
    }
  });

  it('writeCsvColumnsAtomic: columns read through one row map are written as assembled runs, the same bytes', async () => {
    // Columns 1-2 and 4-5 share a row map (as an anonymized table's quasi-identifiers do);
    // column 3 breaks the run; long cells cross the copy loop's threshold.
    const long = 'x'.repeat(70);
    const via = Int32Array.from({ length: 500 }, (_, r) => (r * 7) % 13);
    const cellsOf = (k: number) =>
      Array.from({ length: 13 }, (_, v) => csvCell(v % 5 === k ? '' : `${k}-${v}${v === 3 ? long : ''}`));
    const columns = [
      { cells: ['a', '"b,c"', long], codes: Int32Array.from({ length: 500 }, (_, r) => r % 3) },
      { cells: cellsOf(1), codes: Int32Array.from({ length: 13 }, (_, v) => v), via },
      { cells: cellsOf(2), codes: Int32Array.from({ length: 13 }, (_, v) => 12 - v), via },
      { cells: ['p', 'q'], codes: Int32Array.from({ length: 500 }, (_, r) => r % 2) },
      { cells: cellsOf(4), codes: Int32Array.from({ length: 13 }, (_, v) => (v * 5) % 13), via },
      { cells: cellsOf(0), codes: Int32Array.from({ length: 13 }, (_, v) => v), via },
    ];
    const header = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
    const path = join(dir, 'runs.csv');
    await writeCsvColumnsAtomic(path, header, columns, 500);
    const lines = [header.join(',')];
    for (let r = 0; r < 500; r++)
      lines.push(columns.map((c) => c.cells[c.codes[c.via ? c.via[r] : r]]).join(','));
    expect(readFileSync(path, 'utf8')).toBe(`${lines.join('\n')}\n`);
  });

  it('writeCsvColumnsAtomic writes what writeRelation writes', async () => {
    const header = ['id', 'text, with comma', '#tag', 'say "x"'];
    const records: (string | null)[][] = [
      ['1', 'a,b', '#c', 'say "hi"'],
      ['2', 'line1\nline2', null, ''],
      ['3', ' lead', 'trail ', 'cr\rhere'],
      ['4', '中文,引号"', '😀', '\t'],
    ];
    for (const ext of ['csv', 'tsv']) {
      const path = file(`src.${ext}`, '');
      const d = engine.dialect;
      const cols = header.map((h, c) => `${d.ident(`c${c}`)} AS ${d.ident(h)}`).join(', ');
      await engine.exec(
        `CREATE OR REPLACE TEMP TABLE w AS SELECT * FROM (VALUES ${records
          .map((r) => `(${r.map((v) => (v === null ? 'NULL::VARCHAR' : d.string(v))).join(', ')})`)
          .join(', ')}) t(c0, c1, c2, c3)`,
      );
      await writeRelation(engine, `SELECT ${cols} FROM w`, path);
      const expected = readFileSync(path);
      const b = join(dir, `columns.${ext}`);
      const delim = ext === 'tsv' ? '\t' : ',';
      await writeCsvColumnsAtomic(
        b,
        header,
        header.map((_, c) => ({
          cells: records.map((r) => csvCell(r[c], delim)),
          codes: Int32Array.from(records, (_, r) => r),
        })),
        records.length,
      );
      expect(readFileSync(b).equals(expected)).toBe(true);
    }
  });
});

describe('large files are streamed: the same reading, chunk by chunk', () => {
  const stream = (path: string, chunk: number) => {
    let why = '';
    return readCsvInMemory(path, {
      maxBytes: 0, // never the whole-text path
      streamMinBytes: 0,
      streamChunkBytes: chunk,
      onIneligible: (r) => (why = r),
    }).then((t) => ({ t, why }));
  };

  it('reads unquoted files as the engine does, in chunks of a few bytes', async () => {
    const cases: Record<string, string | Buffer> = {
      'empty cells': 'a,b,c\n1,,x\n,2,3\n,,\n',
      'CRLF throughout': 'a;b;c\r\n1;x;3\r\n4;5;6\r\n',
      'no final line break': 'a,b,c\n1,2,3\n4,5,6',
      'BOM and Chinese text': Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('姓名,城市,备注\n张三,北京,你好\n李四,上海,\n', 'utf8'),
      ]),
      'spaces and NULL-like words': 'a,b,c\n 1 ,  , x \nNULL,null,\\N\n',
      'tabs, NUL and #': 'a\tb\tc\n#1\tx\u0000y\t3\n4\t5\t6\n',
      'no header': '1,2,3\n4,5,6\n7,8,9\n',
      'above U+FFFF': 'a,b\n😀,𝄞\nz,😀\n',
    };
    for (const [name, content] of Object.entries(cases)) {
      const path = file(`stream-${Object.keys(cases).indexOf(name)}.csv`, content);
      const e = await engineRead(path);
      for (const chunk of [1, 3, 7, 1 << 20]) {
        const { t, why } = await stream(path, chunk);
        expect(why, name).toBe('');
        expect(t!.columns, name).toEqual(e.columns);
        expect(rowsOf(t!), `${name}, chunk ${chunk}`).toEqual(e.rows);
      }
    }
  });

  it('declines what it cannot read exactly (and a quoted file, left to the text path or the engine)', async () => {
    const cases: Record<string, [string, RegExp]> = {
      quotes: ['a,b\n1,"x"\n', /quoted/],
      'a quote after the head': [`a,b\n${'1,2\n'.repeat(50)}3,"4"\n`, /quoted/],
      'CR line ends': ['a,b,c\r1,2,3\r4,5,6\r', /mixed|fields/],
      'mixed CRLF and LF': ['a,b,c\n1,2,3\r\n4,5,6\n', /mixed/],
      'a blank line': ['a,b,c\n1,2,3\n\n4,5,6\n', /fields/],
      'blank lines at the end': ['a,b,c\n1,2,3\n\n', /fields/],
      'a blank line in one column': ['a\nx\n\ny\n', /one-column/],
      'a ragged row': ['a,b,c\n1,2,3\n4,5\n', /fields/],
      'a long row': ['a,b,c\n1,2,3\n4,5,6,7\n', /more than 3 fields/],
      'a header only': ['a,b,c\n', /no data rows/],
    };
    for (const [name, [content, reason]] of Object.entries(cases)) {
      const path = file(`stream-no-${Object.keys(cases).indexOf(name)}.csv`, content);
      for (const chunk of [2, 1 << 20]) {
        const { t, why } = await stream(path, chunk);
        expect(t, name).toBeUndefined();
        expect(why, name).toMatch(reason);
      }
    }
    const bad = file(
      'stream-bad-utf8.csv',
      Buffer.concat([Buffer.from('a,b\nx,y\n'), Buffer.from([0xff, 0x2c, 0x31, 0x0a])]),
    );
    expect((await stream(bad, 3)).why).toMatch(/not valid UTF-8|encoding/);
    // Invalid bytes after the sampled head are found while streaming.
    const tail = file(
      'stream-bad-tail.csv',
      Buffer.concat([Buffer.from(`a,b\n${'x,y\n'.repeat(300_000)}`), Buffer.from([0xff, 0x2c, 0x31, 0x0a])]),
    );
    expect((await stream(tail, 1 << 16)).why).toMatch(/not valid UTF-8/);
    const many = file('stream-distinct.csv', `id\n${Array.from({ length: 100 }, (_, i) => i).join('\n')}\n`);
    const capped = await readCsvInMemory(many, { maxBytes: 0, streamMinBytes: 0, maxDistinct: 50 });
    expect(capped).toBeUndefined();
    // A near-unique column is projected from the first chunks: declined long before the end.
    const ids = file(
      'stream-ids.csv',
      `id,sex\n${Array.from({ length: 100_000 }, (_, i) => `P${i},${i % 2}`).join('\n')}\n`,
    );
    const read: number[] = [];
    const early = await readCsvInMemory(ids, {
      maxBytes: 0,
      streamMinBytes: 0,
      streamChunkBytes: 1 << 16,
      maxDistinct: 60_000,
      onProgress: (e) => read.push(e.done),
    });
    expect(early).toBeUndefined();
    expect(Math.max(...read)).toBeLessThan(statSync(ids).size / 2);
  });

  it('agrees with the whole-text reading on a random table (kept columns, dictionary order)', async () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const words = ['', 'x', '北京', 'a b', '😀', 'long value with spaces', '0', '00', '-1.5'];
    for (const eol of ['\n', '\r\n']) {
      const lines = ['c1,c2,c3,c4'];
      for (let r = 0; r < 5000; r++)
        lines.push(Array.from({ length: 4 }, () => words[rnd(words.length)]).join(','));
      const path = file(`stream-random-${eol.length}.csv`, lines.join(eol) + eol);
      const whole = await readCsvInMemory(path, { keep: ['c1', 'c3', 'c4'] });
      for (const chunk of [13, 4096]) {
        const t = await readCsvInMemory(path, {
          maxBytes: 0,
          streamMinBytes: 0,
          streamChunkBytes: chunk,
          keep: ['c1', 'c3', 'c4'],
        });
        expect(t!.rows).toBe(5000);
        expect(t!.header).toEqual(whole!.header);
        expect(t!.data[1]).toBeUndefined();
        for (const c of [0, 2, 3]) {
          expect(t!.data[c]!.values).toEqual(whole!.data[c]!.values);
          expect(Array.from(t!.data[c]!.codes)).toEqual(Array.from(whole!.data[c]!.codes));
        }
      }
    }
  });
});
