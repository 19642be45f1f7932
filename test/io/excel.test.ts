import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { WumingError } from '../../src/errors.js';
import { columnLetter, readExcel } from '../../src/io/excel.js';
import { readSource } from '../../src/io/read.js';
import { anonymize } from '../../src/run/anonymize.js';

// A workbook written by hand (three sheets: people, second, bad), 3 kB.
const BOOK = join(import.meta.dirname, 'fixtures/people.xlsx');

async function fails(p: Promise<unknown>): Promise<WumingError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WumingError);
    return e as WumingError;
  }
  throw new Error('expected an error');
}

describe('Excel input (.xlsx)', () => {
  it('reads the first sheet as text: leading zeros, numbers as stored, dates as ISO, empty cells as null', async () => {
    const t = await readExcel(BOOK);
    expect(t.sheet).toBe('people');
    expect(t.columns).toEqual(['id', 'age', 'zip', 'city', 'joined', 'member']);
    expect(t.rows).toHaveLength(12);
    expect(t.rows[0]).toEqual(['001', '20', '100001', '北京', '2023-03-15', 'false']);
    expect(t.rows[4][3]).toBeNull();
    expect(t.rows[6][1]).toBe('1.10');
  });

  it('reads a named or numbered sheet (book.xlsx#Sheet)', async () => {
    expect((await readExcel(`${BOOK}#second`)).rows).toEqual([
      ['x', '1'],
      ['y', '2'],
    ]);
    expect((await readExcel(BOOK, { sheet: '2' })).sheet).toBe('second');
  });

  it('errors name the file, sheet, row and column letter, never a value', async () => {
    const noSheet = await fails(readExcel(`${BOOK}#nope`));
    expect(noSheet.kind).toBe('usage');
    expect(noSheet.message).toContain('sheets: people, second, bad');
    const header = await fails(readExcel(`${BOOK}#bad`));
    expect(header.describe()).toBe(`${BOOK}#bad:1: the header cell of column B is empty`);
    expect((await fails(readExcel(join(import.meta.dirname, 'fixtures/none.xlsx')))).code).toBe(
      'INPUT_NOT_FOUND',
    );
    const notZip = await fails(
      readExcel(join(import.meta.dirname, '../../data/adult/adult_hierarchy_sex.csv'), {}),
    );
    expect(notZip.code).toBe('INPUT_NOT_FOUND'); // not an .xlsx name: refused before reading
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(27)).toBe('AB');
  });

  it('loads into the engine like a CSV (NULL for empty cells) and anonymizes', async () => {
    const engine = await createEngine();
    try {
      const rel = await readSource(engine, BOOK);
      expect(rel.info.format).toBe('xlsx');
      expect(rel.info.rows).toBe(12);
      const r = await engine.query(`SELECT count(*) AS n FROM ${rel.sql} WHERE city IS NULL`);
      expect(Number(r[0].n)).toBe(1);
    } finally {
      await engine.close();
    }
    const a = await anonymize({ input: BOOK, qi: ['age', 'zip'], models: { k: 3 }, suppressionPercent: 10 });
    expect(a.verification.ok).toBe(true);
    expect(a.rows).toHaveLength(12);
    expect(a.rows![0].id).toBe('001');
  });
});
