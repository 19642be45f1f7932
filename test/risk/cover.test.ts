import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../src/engine/dialect.js';
import { createEngine } from '../../src/engine/duckdb.js';
import type { Engine } from '../../src/engine/engine.js';
import { auxReadingsSql, coverPredicate, eqKey, parseCoverSql } from '../../src/risk/cover.js';

// [released, auxiliary, covers?]
const CASES: [string, string, boolean][] = [
  ['*', 'anything', true],
  ['***', '42', true],
  ['[20, 25)', '20', true],
  ['[20, 25)', '24.9', true],
  ['[20, 25)', '25', false],
  ['(20,25]', '20', false],
  ['(20,25]', '25', true],
  ['[60, )', '99', true],
  ['20-24', '24', true],
  ['20-24', '25', false],
  ['20~24', '21', true],
  ['>=60', '60', true],
  ['>60', '60', false],
  ['≥60', '61', true],
  ['<20', '19', true],
  ['<20', '20', false],
  ['60+', '75', true],
  ['1008**', '100812', true],
  ['1008**', '100912', false],
  ['1008**', '10081', false],
  ['138****1234', '13800001234', true],
  ['2026-03', '2026-03-31', true],
  ['2026-03', '2026-04-01', false],
  ['2026-Q1', '2026-02-14', true],
  ['2026-Q1', '2026-04-01', false],
  ['1990s', '1999-12-31', true],
  ['1990s', '2000-01-01', false],
  ['1990s', '1995', true],
  ['2026', '2026', true],
  ['2026', '2026-07-01', true],
  ['2026', '2025-12-31', false],
  ['[2026-01-01, 2026-02-01)', '2026-01-31', true],
  ['[2026-01-01, 2026-02-01)', '2026-02-01', false],
  ['25', '25.0', true],
  ['010101', '10101', false],
  ['-3', '-3.00', true],
  ['Male', 'Male', true],
  ['Male', 'Female', false],
  ['a_b', 'axb', false],
  ['10%*', '10%5', true],
  ['10%*', '1005', false],
];

describe('coverage of released values over auxiliary values', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine();
  });
  afterAll(() => engine.close());

  it.each(CASES)('%s covers %s: %s', async (r, a, want) => {
    const d = duckdbDialect;
    const rows = await engine.query(
      `SELECT p.kind, (${eqKey('p.v')} = ${eqKey('x.a')}) OR ${coverPredicate('p', 'x')} AS covers
       FROM (${parseCoverSql(d, `SELECT ${d.string(r)} AS v`)}) p, (SELECT a, ${auxReadingsSql('a')} FROM (SELECT ${d.string(a)} AS a)) x`,
    );
    expect(rows[0].covers, `kind ${rows[0].kind}`).toBe(want);
  });
});
