import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { createEngine } from '../../src/engine/index.js';
import { KeyRing } from '../../src/keys/keyfile.js';
import type { ColumnAction } from '../../src/operators/index.js';
import { seededRandom } from '../../src/random.js';
import { deidentify } from '../../src/run/deidentify.js';
import { CLI_ARGS } from '../helpers/cli.js';

/**
 * Issue 19 case 1: date_shift, noise and round copied values they could not parse to the output
 * unchanged and exited 0. Now such a value stops the run with file, row and column (never the
 * value), or becomes the column's declared safe fallback, counted in the report.
 */
const keys = new KeyRing(Buffer.alloc(32, 5));
const dir = mkdtempSync(join(tmpdir(), 'wuming-raw-'));
let engine: Engine;
const input = join(dir, 'people.csv');
// Row 2 is the first data row (the header is row 1); the bad cells sit in row 5.
const rows = [
  'pid,birth,income,age',
  'P1,1990-03-07,5200,37',
  'P2,1985-11-30,6100.50,41',
  'P3,2001-01-15,4800,29',
  'P4,07.03.1990,张三 13800138000,110101199003071234',
  'P5,03/07/1990,7000,55',
];
beforeAll(async () => {
  writeFileSync(input, `${rows.join('\n')}\n`);
  engine = await createEngine();
});
afterAll(async () => {
  await engine.close();
});

const run = (columns: Record<string, ColumnAction>, out: string) =>
  deidentify({ engine, input, out: join(dir, out), plan: { columns }, keys, random: seededRandom(1) });

describe('no operator passes a raw value through', () => {
  for (const [column, action] of [
    ['birth', { action: 'date_shift', subject: 'pid' }],
    ['income', { action: 'noise', scale: 10 }],
    ['age', { action: 'round', base: 5 }],
    ['age', { action: 'top_bottom', top: 90 }],
  ] as [string, ColumnAction][]) {
    it(`${action.action}: an unreadable cell is an error naming file, row and column, not the value`, async () => {
      const err = await run({ [column]: action }, `${action.action}.csv`).catch((e) => e);
      expect(err).toMatchObject({ code: 'VALUE_NOT_TRANSFORMABLE', kind: 'data' });
      expect(err.location).toEqual({ file: input, line: 5, column });
      const text = err.describe();
      expect(text).toContain(`${input}:5`);
      for (const secret of ['07.03.1990', '张三', '13800138000', '110101199003071234'])
        expect(text).not.toContain(secret);
    });
  }

  it('a declared safe fallback (redact / suppress) replaces the cell and is counted', async () => {
    const res = await run(
      {
        birth: { action: 'date_shift', subject: 'pid', onInvalid: 'suppress' },
        income: { action: 'noise', scale: 10, onInvalid: 'redact' },
        age: { action: 'round', base: 5, onInvalid: 'suppress' },
      },
      'fallback.csv',
    );
    const out = readFileSync(join(dir, 'fallback.csv'), 'utf8');
    for (const secret of ['07.03.1990', '03/07/1990', '张三', '13800138000', '110101199003071234'])
      expect(out).not.toContain(secret);
    const lines = out.trim().split('\n');
    expect(lines[4]).toBe('P4,*,,*');
    expect(lines[5].split(',')[1]).toBe('*');
    const fb = Object.fromEntries(res.columns.map((c) => [c.column, c.fallback]));
    expect(fb).toEqual({ birth: 2, income: 1, age: 1 });
  });

  it('a date followed by other text is not shifted with the text kept', async () => {
    writeFileSync(join(dir, 'tail.csv'), 'pid,visit\nP1,2024-03-05 张三\nP2,2024-03-05 10:20:00\n');
    const res = await deidentify({
      engine,
      input: join(dir, 'tail.csv'),
      out: join(dir, 'tail-out.csv'),
      plan: { columns: { visit: { action: 'date_shift', subject: 'pid', onInvalid: 'redact' } } },
      keys,
    });
    const out = readFileSync(join(dir, 'tail-out.csv'), 'utf8');
    expect(out).not.toContain('张三');
    expect(out).toMatch(/P2,\d{4}-\d{2}-\d{2} 10:20:00/);
    expect(res.columns[0].fallback).toBe(1);
  });

  it('through the CLI: exit 1, file:row and column on stderr, no value, no output file', () => {
    const key = join(dir, 'k.key');
    writeFileSync(key, keys.serialize(), { mode: 0o600 });
    const out = join(dir, 'cli.csv');
    const r = spawnSync(
      process.execPath,
      [
        ...CLI_ARGS,
        'deidentify',
        input,
        '--key-file',
        key,
        '--out',
        out,
        '--date-shift',
        'birth',
        '--subject',
        'pid',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${input}:5 column "birth"`);
    expect(r.stderr).not.toContain('07.03.1990');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(() => readFileSync(out)).toThrow();
  });
});
