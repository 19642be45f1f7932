import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/duckdb.js';
import { WumingError } from '../../src/errors.js';
import { writeSample } from '../../src/run/sample.js';
import { CSV_HEADER, csvLine } from '../../src/sample/csv.js';
import { generate } from '../../src/sample/generate.js';
import { CLI_ARGS } from '../helpers/cli.js';

const run = promisify(execFile);
const cli = (args: string[]) => run(process.execPath, [...CLI_ARGS, ...args], { maxBuffer: 16 << 20 });

const dir = mkdtempSync(join(tmpdir(), 'wuming-sample-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeSample()', () => {
  it('writes a CSV atomically, identical to the generator, and reports progress', async () => {
    const out = join(dir, 'a.csv');
    const events: number[] = [];
    const r = await writeSample({
      rows: 1500,
      seed: 11,
      out,
      onProgress: (e) => e.stage === 'generate' && events.push(e.done),
    });
    expect(r.rows).toBe(1500);
    expect(r.out).toBe(out);
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines.length).toBe(1502); // header + rows + empty string after the final newline
    expect(lines[1501]).toBe('');
    const expected = [...generate({ rows: 1500, seed: 11 })].map(csvLine);
    expect(lines.slice(1, 1501)).toEqual(expected);
    expect(events.at(-1)).toBe(1500);
    expect(readdirSync(dir).filter((f) => f !== 'a.csv')).toEqual([]);
  });

  it('fails with an io error naming the path and leaves no file when the directory is unusable', async () => {
    const notADir = join(dir, 'plain-file');
    writeFileSync(notADir, 'x');
    const out = join(notADir, 'people.csv');
    const err = await writeSample({ rows: 10, seed: 1, out }).catch((e) => e);
    expect(err).toBeInstanceOf(WumingError);
    expect((err as WumingError).kind).toBe('io');
    expect((err as WumingError).location.file).toBe(out);
    const missing = join(dir, 'no-such-dir', 'people.csv');
    const err2 = await writeSample({ rows: 10, seed: 1, out: missing }).catch((e) => e);
    expect((err2 as WumingError).kind).toBe('io');
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'plain-file']);
    rmSync(notADir);
  });

  it('rejects seeds the 32-bit seeded generator would alias, before touching the disk', async () => {
    const out = join(dir, 'seed.csv');
    const err = await writeSample({ rows: 1, seed: 2 ** 31, out }).catch((e) => e);
    expect(err).toBeInstanceOf(WumingError);
    expect((err as WumingError).kind).toBe('usage');
    expect(readdirSync(dir)).not.toContain('seed.csv');
  });

  it('writes Parquet through DuckDB with all columns and rows', async () => {
    const out = join(dir, 'p.parquet');
    await writeSample({ rows: 700, seed: 5, out });
    const engine = await createEngine();
    try {
      const rows = await engine.query(
        `SELECT count(*) AS n, count(DISTINCT id_number) AS ids, min(person_id) AS first FROM read_parquet(${engine.dialect.string(out)})`,
      );
      expect(rows[0]).toEqual({ n: 700, ids: 700, first: 'P0000001' });
      const cols = await engine.describe(`SELECT * FROM read_parquet(${engine.dialect.string(out)})`);
      expect(cols.map((c) => c.name).join(',')).toBe(CSV_HEADER);
    } finally {
      await engine.close();
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    rmSync(out);
  });
});

describe('wuming sample', () => {
  it('--json prints rows, seed, out and seconds as the last line', async () => {
    const out = join(dir, 'cli.csv');
    const { stdout } = await cli(['sample', '--rows', '300', '--seed', '7', '--out', out, '--json']);
    const last = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(last).toMatchObject({ rows: 300, seed: 7, out });
    expect(typeof last.seconds).toBe('number');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBe(301);
    expect(lines[1]).toBe(csvLine([...generate({ rows: 1, seed: 7 })][0]));
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('exits 1 on an unwritable target and 2 on a bad flag, writing nothing', async () => {
    const out = join(dir, 'missing', 'x.csv');
    const [e1, e2] = await Promise.all([
      cli(['sample', '--rows', '10', '--out', out]).catch((e) => e),
      cli(['sample', '--rows', 'ten', '--out', join(dir, 'y.csv')]).catch((e) => e),
    ]);
    expect(e1.code).toBe(1);
    expect(e1.stderr).toContain(out);
    expect(e2.code).toBe(2);
    expect(readdirSync(dir).filter((f) => f.startsWith('.') || f === 'y.csv')).toEqual([]);
  });
});

describe('bundled data/sample/people.csv', () => {
  it('is exactly what `wuming sample --rows 10000 --seed 20261125` produces', () => {
    const text = readFileSync('data/sample/people.csv', 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines.length).toBe(10_002);
    const expected = [...generate({ rows: 10_000, seed: 20261125 })].map(csvLine);
    expect(lines.slice(1, 10_001)).toEqual(expected);
  });
});
