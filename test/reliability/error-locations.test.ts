import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { WumingError } from '../../src/errors.js';
import { locateCsvProblem } from '../../src/io/csv-locate.js';
import { readSource } from '../../src/io/read.js';
import { detectFile } from '../../src/run/detect.js';

/**
 * Issue 19, case 7: error locations and texts that were wrong. Each error names the file and the
 * physical line an editor shows (and the column where it is known), never a cell.
 */
let engine: Engine;
const dir = mkdtempSync(join(tmpdir(), 'wuming-errloc-'));
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => engine.close());

async function failure(p: Promise<unknown>): Promise<WumingError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WumingError);
    return e as WumingError;
  }
  throw new Error('expected an error');
}

const SECRET = '13812345678';

describe('CSV errors name the right line', () => {
  it('an unterminated quote on line 16 is reported at line 16, column named (was: line 2 / line 1)', async () => {
    const lines = ['name,mobile,city'];
    for (let i = 2; i <= 30; i++) lines.push(`${i === 16 ? '"' : ''}张三${i},${SECRET},北京`);
    const p = join(dir, 'quote16.csv');
    writeFileSync(p, `${lines.join('\n')}\n`);
    const e = await failure(readSource(engine, p));
    expect(e.location).toMatchObject({ file: p, line: 16, column: 'name' });
    expect(e.message).toMatch(/never closed/);
    expect(e.describe()).not.toContain(SECRET);
  });

  it('mixed CRLF and LF line ends: a clear error with the line (was: raw DuckDB text, no line)', async () => {
    const p = join(dir, 'mixed.csv');
    writeFileSync(p, `name,mobile\na,1\nb,2\r\nc,3\n`);
    const e = await failure(readSource(engine, p));
    expect(e.code).toBe('MIXED_LINE_ENDINGS');
    expect(e.location).toMatchObject({ file: p, line: 3 });
    expect(e.message).not.toMatch(/DuckDB|state machine|Parser/);
  });

  it('a ragged row after a quoted line break is reported at its physical line', async () => {
    const p = join(dir, 'multiline.csv');
    writeFileSync(p, 'a,b,c\n1,"x\ny",3\n4,5\n7,8,9\n');
    const e = await failure(readSource(engine, p));
    expect(e.code).toBe('RAGGED_ROW');
    expect(e.location.line).toBe(4);
  });

  it('text after a closing quote and invalid UTF-8 are located', async () => {
    const p = join(dir, 'after.csv');
    writeFileSync(p, `a,b,c\n1,2,3\n4,"${SECRET}"x,6\n`);
    const e = await failure(readSource(engine, p));
    expect(e.location).toMatchObject({ line: 3, column: 'b' });
    expect(e.describe()).not.toContain(SECRET);
    const u = join(dir, 'utf8.csv');
    writeFileSync(
      u,
      Buffer.concat([Buffer.from('a,b,c\n1,2,3\n4,'), Buffer.from([0xff, 0x41]), Buffer.from(',6\n')]),
    );
    const f = await failure(readSource(engine, u));
    expect(f.code).toBe('UNKNOWN_ENCODING');
    expect(f.location).toMatchObject({ file: u, line: 3 });
    // Past the first MiB (which decides the encoding), with the column.
    const rows = Array.from({ length: 150_000 }, (_, i) => `${i},2,3`).join('\n');
    const v = join(dir, 'utf8-late.csv');
    writeFileSync(
      v,
      Buffer.concat([Buffer.from(`a,b,c\n${rows}\n4,`), Buffer.from([0xff, 0x41]), Buffer.from(',6\n')]),
    );
    const g = await failure(readSource(engine, v));
    expect(g.location).toMatchObject({ line: 150_002, column: 'b' });
  });
});

describe('cells above the engine line limit (2,000,000 bytes) are read, not misreported', () => {
  it('a 3 MB cell in the middle is read (was: "unterminated or misplaced quote")', async () => {
    const p = join(dir, 'big-cell.csv');
    writeFileSync(p, `name,note\n张三,${'x'.repeat(3_000_000)}\n李四,y\n`);
    const rel = await readSource(engine, p);
    expect(rel.info.rows).toBe(2);
    const [r] = await engine.query(`SELECT max(length(note)) AS m FROM ${rel.sql}`);
    expect(Number(r.m)).toBe(3_000_000);
  });

  it('a 3 MB quoted last row is read (was: "the file has a header but no data rows")', async () => {
    const p = join(dir, 'big-last.csv');
    writeFileSync(p, `name,note\n张三,"${'y'.repeat(3_000_000)}"\n`);
    const rel = await readSource(engine, p);
    expect(rel.info.rows).toBe(1);
  });

  it('a record above the limit is RECORD_TOO_LARGE at its line (limit lowered for the test)', async () => {
    const p = join(dir, 'too-large.csv');
    writeFileSync(p, `name,note\na,b\nc,${'z'.repeat(5000)}\n`);
    const scan = await locateCsvProblem(
      p,
      { delimiter: ',', columns: ['name', 'note'] },
      { maxRecordBytes: 4096 },
    );
    expect(scan.problem?.code).toBe('RECORD_TOO_LARGE');
    expect(scan.problem?.location.line).toBe(3);
  });

  it('an output keeping a 3 MB cell of its input is verified and published (was: WRITE_FAILED "CSV Error on Line: 7")', async () => {
    const { anonymize } = await import('../../src/run/anonymize.js');
    const p = join(dir, 'big-note.csv');
    const rows = ['age,sex,note'];
    for (let i = 0; i < 60; i++)
      rows.push(`${20 + (i % 10)},${i % 2 ? 'M' : 'F'},${i === 5 ? 'x'.repeat(3_000_000) : 'n'}`);
    writeFileSync(p, `${rows.join('\n')}\n`);
    const r = await anonymize({
      input: p,
      out: join(dir, 'big-note.out.csv'),
      qi: ['age', 'sex'],
      models: { k: 2 },
    });
    expect(r.rowsOut).toBe(60);
    expect(r.verification.ok).toBe(true);
  });

  it('a raised line limit does not ask the engine for 16 times it (a CSV output over 64 MB failed its verification with "Out of Memory")', async () => {
    // The re-read of a written CSV raises the line limit to min(size, 64 MiB); DuckDB's default
    // buffer of 16 line limits was then 1 GiB, above a 1 GB engine limit (a 24 GB machine).
    const p = join(dir, 'raised.csv');
    writeFileSync(p, 'a,b\n1,2\n3,4\n');
    const small = await createEngine({ memoryLimit: '512MB' });
    try {
      const sql = small.dialect.readFile(p, {
        type: 'csv',
        delimiter: ',',
        header: true,
        columns: ['a', 'b'],
        maxLineSize: 64 * 2 ** 20,
      });
      const [r] = await small.query(`SELECT count(*) AS n FROM ${sql}`);
      expect(Number(r.n)).toBe(2);
    } finally {
      await small.close();
    }
  });

  it('a file with only a header is still "no data rows"', async () => {
    const p = join(dir, 'header-only.csv');
    writeFileSync(p, 'name,note\n');
    const e = await failure(readSource(engine, p));
    expect(e.code).toBe('EMPTY_FILE');
  });
});

describe('a GBK file with a bad byte names the line', () => {
  // 60,000 lines, a byte invalid in GB18030 on line 50,001 (was reported at 49,345).
  const lines: Buffer[] = [];
  for (let i = 1; i <= 60_000; i++) {
    if (i === 50_001) lines.push(Buffer.concat([iconv.encode('张三 ', 'gbk'), Buffer.from([0xff, 0xff])]));
    else lines.push(iconv.encode(`第${i}行 普通文本 李四`, 'gbk'));
    lines.push(Buffer.from('\n'));
  }
  const bytes = Buffer.concat(lines);

  it('detect: line 50,001', async () => {
    const p = join(dir, 'gbk.txt');
    writeFileSync(p, bytes);
    const e = await failure(
      (async () => {
        for await (const _ of detectFile(p)) {
          /* drain */
        }
      })(),
    );
    expect(e.code).toBe('BAD_ENCODING');
    expect(e.location.line).toBe(50_001);
  });

  it('a GBK CSV: the line of the bad byte', async () => {
    const p = join(dir, 'gbk.csv');
    const rows: Buffer[] = [iconv.encode('姓名,备注\n', 'gbk')];
    // Past the first MiB, which decides the encoding.
    for (let i = 2; i <= 90_000; i++)
      rows.push(
        i === 80_000
          ? Buffer.concat([iconv.encode('张三,', 'gbk'), Buffer.from([0xff, 0xff, 0x0a])])
          : iconv.encode(`李四${i},普通\n`, 'gbk'),
      );
    writeFileSync(p, Buffer.concat(rows));
    const e = await failure(readSource(engine, p));
    expect(e.code).toBe('BAD_ENCODING');
    expect(e.location.line).toBe(80_000);
  });
});

describe('the CLI prints the location, never DuckDB text or the line', () => {
  it('scan of a file with mixed line ends', () => {
    const p = join(dir, 'cli-mixed.csv');
    writeFileSync(p, `name,mobile\r\na,${SECRET}\r\nb,2\nc,3\r\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'scan', p], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${p}:3`);
    expect(r.stderr).not.toContain(SECRET);
    expect(r.stderr).not.toMatch(/DuckDB|Original Line|\n\s+at /);
  });
});
