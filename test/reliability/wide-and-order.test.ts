import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { MAX_COLUMNS } from '../../src/io/read.js';
import { anonymize } from '../../src/run/anonymize.js';
import { scan, WIDE_MAX_BYTES } from '../../src/run/scan.js';

const dir = mkdtempSync(join(tmpdir(), 'wuming-wide-'));

/** A generated table: `cols` columns c0..c{n-1}, `rows` rows of small numbers. */
function wideCsv(name: string, cols: number, rows: number): string {
  const p = join(dir, name);
  const lines = [Array.from({ length: cols }, (_, i) => `c${i}`).join(',')];
  for (let r = 0; r < rows; r++)
    lines.push(Array.from({ length: cols }, (_, i) => String((i * 7 + r) % 100)).join(','));
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

describe('issue 19 case 8: very wide tables', () => {
  it('scan of 20,000 columns gives a result (was: nothing in 120 s)', async () => {
    const p = wideCsv('w20k.csv', 20_000, 4);
    const inv = await scan(p);
    expect(inv.columns).toHaveLength(20_000);
    expect(inv.rows).toBe(4);
    expect(inv.columns[19_999]).toMatchObject({ column: 'c19999', nonNull: 4, distinct: 4 });
  });

  it('5,000 columns and more rows than the sample are scanned in memory (the engine runs out of memory on them)', async () => {
    const p = wideCsv('w5k.csv', 5_000, 240);
    const inv = await scan(p, { sampleSize: 60 });
    expect(inv.columns).toHaveLength(5_000);
    expect(inv).toMatchObject({ rows: 240, sampleSize: 60, sampled: true });
    // Counts over every row, not the sample: column c1 holds (7 + r) % 100 for r < 240.
    expect(inv.columns[1]).toMatchObject({ column: 'c1', nonNull: 240, distinct: 100 });
  });

  it('a wide file too large to scan in memory is refused at once, naming the file and the limit', async () => {
    const p = join(dir, 'w-huge.csv');
    writeFileSync(p, `${Array.from({ length: 3_000 }, (_, i) => `c${i}`).join(',')}\n`);
    // A sparse file: its size is checked before anything is read.
    truncateSync(p, WIDE_MAX_BYTES + 1);
    await expect(scan(p)).rejects.toMatchObject({
      code: 'TABLE_TOO_WIDE',
      location: { file: p },
      message: /3,000 columns .* 257 MB/,
    });
  });

  it("the engine's out-of-memory error names the file and the limit (was: a CSV syntax error after minutes)", async () => {
    const p = wideCsv('w3k.csv', 3_000, 20);
    const { readSource } = await import('../../src/io/read.js');
    const engine = await createEngine({ memoryLimit: '64MB' });
    try {
      await expect(readSource(engine, p)).rejects.toMatchObject({
        code: 'OUT_OF_MEMORY',
        kind: 'io',
        location: { file: p },
        message: /3,000 columns .*memory limit \(\d+(\.\d+)? MiB\).*WUMING_MEMORY_LIMIT/,
      });
    } finally {
      await engine.close();
    }
  });

  it('more than MAX_COLUMNS columns is refused at once with a limit error naming the file', async () => {
    const p = wideCsv('w-over.csv', MAX_COLUMNS + 1, 1);
    await expect(scan(p)).rejects.toMatchObject({ code: 'TOO_MANY_COLUMNS', location: { file: p, line: 1 } });
  });

  it('a first line longer than 1 MiB (1,000,000 columns) is refused before any parsing', async () => {
    const p = join(dir, 'w1m.csv');
    writeFileSync(p, `${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\n`);
    await expect(scan(p)).rejects.toMatchObject({ code: 'TOO_MANY_COLUMNS', message: /1 MiB/ });
    // The engine path (other jobs read through readSource) refuses it the same way.
    const { readSource } = await import('../../src/io/read.js');
    const engine = await createEngine();
    try {
      await expect(readSource(engine, p)).rejects.toMatchObject({ code: 'TOO_MANY_COLUMNS' });
    } finally {
      await engine.close();
    }
  });
});

describe('issue 19 case 10c: output rows in input order on both data paths', () => {
  it('a Parquet input (read in place, no rowid) gives the memory path bytes on every run', async () => {
    const csv = join(dir, 'order.csv');
    const lines = ['age,sex,zip,diag'];
    for (let i = 0; i < 20_000; i++)
      lines.push(`${20 + ((i * 7) % 50)},${i % 2 ? 'M' : 'F'},${100000 + ((i * 13) % 200)},d${i % 9}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const pq = join(dir, 'order.parquet');
    const engine = await createEngine({ threads: 4 });
    try {
      // Small row groups: the engine scans them in parallel, which is what reordered the rows.
      await engine.exec(
        `COPY (SELECT * FROM read_csv('${csv}', all_varchar=true)) TO '${pq}' (FORMAT parquet, ROW_GROUP_SIZE 1024)`,
      );
    } finally {
      await engine.close();
    }
    const run = async (input: string, dataPath: 'memory' | 'engine', i: number) => {
      const out = join(dir, `order-${dataPath}-${i}.csv`);
      await anonymize({
        input,
        out,
        qi: ['age', 'sex', 'zip'],
        models: { k: 5 },
        suppressionPercent: 5,
        dataPath,
      });
      return readFileSync(out, 'utf8');
    };
    const memory = await run(csv, 'memory', 0);
    expect(memory.split('\n')[1]).toMatch(/,d0$/);
    for (let i = 0; i < 3; i++) expect(await run(pq, 'engine', i)).toBe(memory);
    expect(await run(csv, 'engine', 9)).toBe(memory);
  });
});
