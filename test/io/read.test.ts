import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { WumingError } from '../../src/errors.js';
import { readSource } from '../../src/io/read.js';
import { writeFileAtomic, writeRelation } from '../../src/io/write.js';

let engine: Engine;
let dir: string;
beforeAll(async () => {
  engine = await createEngine();
  dir = mkdtempSync(join(tmpdir(), 'wuming-io-'));
});
afterAll(async () => engine.close());

async function expectError(p: Promise<unknown>): Promise<WumingError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WumingError);
    return e as WumingError;
  }
  throw new Error('expected an error');
}

describe('readSource', () => {
  it('reads Adult (semicolon, CRLF) with its header, all text', async () => {
    const rel = await readSource(engine, 'data/adult/adult.csv');
    expect(rel.info.delimiter).toBe(';');
    expect(rel.info.header).toBe(true);
    expect(rel.info.rows).toBe(30162);
    expect(rel.columns.map((c) => c.name)).toEqual([
      'sex',
      'age',
      'race',
      'marital-status',
      'education',
      'native-country',
      'workclass',
      'occupation',
      'salary-class',
    ]);
    expect(rel.columns.every((c) => c.type === 'VARCHAR')).toBe(true);
  });

  it('reads GBK/GB18030 exports and converts them to the same text', async () => {
    const text =
      '姓名,身份证号,地址\n张三,110101199003071234,北京市东城区王府井大街1号\n欧阳娜娜,44030519850101002X,广东省深圳市南山区\n';
    const p = join(dir, 'gbk.csv');
    writeFileSync(p, iconv.encode(text, 'gbk'));
    const rel = await readSource(engine, p);
    expect(rel.info.encoding).toBe('gb18030');
    const rows = await engine.query(`SELECT * FROM ${rel.sql}`);
    expect(rows).toEqual([
      { 姓名: '张三', 身份证号: '110101199003071234', 地址: '北京市东城区王府井大街1号' },
      { 姓名: '欧阳娜娜', 身份证号: '44030519850101002X', 地址: '广东省深圳市南山区' },
    ]);
  });

  it('keeps leading zeros and reads UTF-8 with BOM', async () => {
    const p = join(dir, 'bom.csv');
    writeFileSync(p, '\ufeffzip,name\r\n010010,李四\r\n000123,王五\r\n');
    const rel = await readSource(engine, p);
    expect(rel.info.encoding).toBe('utf-8-bom');
    expect(await engine.query(`SELECT zip FROM ${rel.sql} ORDER BY zip`)).toEqual([
      { zip: '000123' },
      { zip: '010010' },
    ]);
  });

  it('names the file and line of a ragged row, without quoting its content', async () => {
    const p = join(dir, 'ragged.csv');
    writeFileSync(p, 'a,b,c\n1,2,3\n4,5,6,SECRET\n7,8,9\n');
    const e = await expectError(readSource(engine, p));
    expect(e.code).toBe('RAGGED_ROW');
    expect(e.location).toMatchObject({ file: p, line: 3 });
    expect(e.describe()).toContain(`${p}:3`);
    expect(e.describe()).not.toContain('SECRET');
  });

  it('rejects an empty file and a header-only file', async () => {
    const p = join(dir, 'empty.csv');
    writeFileSync(p, '');
    expect((await expectError(readSource(engine, p))).code).toBe('EMPTY_FILE');
    const h = join(dir, 'header.csv');
    writeFileSync(h, 'a,b\n');
    expect((await expectError(readSource(engine, h))).code).toBe('EMPTY_FILE');
  });

  it('rejects a missing file and bytes that are no known encoding', async () => {
    expect((await expectError(readSource(engine, join(dir, 'nope.csv')))).code).toBe('INPUT_NOT_FOUND');
    const p = join(dir, 'binary.csv');
    writeFileSync(p, Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xff, 0xff, 0x2c, 0x80, 0x0a]));
    expect((await expectError(readSource(engine, p))).code).toBe('UNKNOWN_ENCODING');
  });

  it('detects a header-less file and tab delimiters', async () => {
    const p = join(dir, 'nohdr.tsv');
    writeFileSync(p, '男\t35\t汉族\n女\t41\t回族\n男\t29\t汉族\n');
    const rel = await readSource(engine, p);
    expect(rel.info).toMatchObject({ delimiter: '\t', header: false, rows: 3 });
    expect(rel.columns.map((c) => c.name)).toEqual(['column1', 'column2', 'column3']);
  });
});

describe('writeRelation', () => {
  it('writes CSV and Parquet atomically and reads them back', async () => {
    const rel = await readSource(engine, 'data/adult/adult.csv');
    for (const ext of ['csv', 'parquet']) {
      const out = join(dir, `adult-copy.${ext}`);
      await writeRelation(engine, `SELECT * FROM ${rel.sql} WHERE sex = 'Female'`, out);
      const back = await readSource(engine, out);
      expect(back.info.rows).toBe(9782);
    }
    expect(readdirSync(dir).filter((f) => f.includes('wuming-tmp'))).toEqual([]);
  });

  it('fails on an unwritable path with an error naming it and leaves no file', async () => {
    const out = join(dir, 'no-such-dir', 'out.csv');
    const e = await expectError(writeRelation(engine, 'SELECT 1 AS x', out));
    expect(e.code).toBe('OUTPUT_NOT_WRITABLE');
    expect(e.describe()).toContain(out);
    const e2 = await expectError(writeFileAtomic(out, 'x'));
    expect(e2.code).toBe('OUTPUT_NOT_WRITABLE');
  });

  it('leaves no partial file when the query fails mid-write', async () => {
    const out = join(dir, 'fail.csv');
    await expectError(writeRelation(engine, "SELECT CAST('x' AS INTEGER) AS bad FROM range(10)", out));
    expect(readdirSync(dir).filter((f) => f.startsWith('fail.csv') || f.includes('fail.csv.wuming'))).toEqual(
      [],
    );
  });
});
