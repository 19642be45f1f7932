import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/duckdb.js';
import type { Engine } from '../../src/engine/engine.js';
import { buildHierarchy } from '../../src/hierarchy/builders/index.js';
import { readSource } from '../../src/io/read.js';
import { linkageAttack, linkageShares, loadArxHierarchy } from '../../src/risk/linkage.js';
import { linkageAttackRows, runAttack } from '../../src/run/attack.js';

const F = 'test/risk/fixtures';
const ON = ['age', 'zip', 'edu', 'birth'];

describe('linkage attack', () => {
  let engine: Engine;
  let rel: string;
  let aux: string;
  let dir: string;
  beforeAll(async () => {
    engine = await createEngine();
    rel = (await readSource(engine, `${F}/released.csv`)).sql;
    aux = (await readSource(engine, `${F}/auxiliary.csv`)).sql;
    dir = await mkdtemp(join(tmpdir(), 'wuming-attack-'));
  });
  afterAll(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('links through generalized values; a text range without hierarchy is undecided, never "no match"', async () => {
    const out = join(dir, 'per.csv');
    const r = await linkageAttack({ engine, released: rel, auxiliary: aux, on: ON, id: 'id', out });
    expect(r.auxiliaryRecords).toBe(7);
    expect(r.releasedRecords).toBe(5);
    // matches per aux record: 1 (初中 is an end point of 小学~初中), undecided (surely id 2's
    // record; 高中 may lie inside 小学~初中 or not: only the hierarchy can say), 1, 1,
    // 1 (wrong person), 0, 1 (age unknown)
    expect(r.uniqueMatches).toBeCloseTo(5 / 7, 12);
    expect(r.uniqueCorrectMatches).toBeCloseTo(4 / 7, 12);
    expect(r.noMatch).toBeCloseTo(1 / 7, 12);
    expect(r.undecidedRecords).toBeCloseTo(1 / 7, 12);
    expect(r.undecidedCount).toBe(1);
    expect(r.expectedSuccessRate).toBeCloseTo(4.5 / 7, 12);
    expect(r.correctInMatches).toBeCloseTo(5 / 7, 12);
    expect(r.undecided).toEqual({ edu: 1 });
    expect(r.bounds.uniqueMatches.high).toBeCloseTo(6 / 7, 12);
    expect(r.bounds.uniqueCorrectMatches!.high).toBeCloseTo(5 / 7, 12);
    expect(r.bounds.expectedSuccessRate.high).toBeCloseTo(5 / 7, 12);
    expect(r.matchSizes.at(-1)).toEqual({ label: 'undecided', share: 1 / 7 });
    expect(r.matchSizes.reduce((a, m) => a + m.share, 0)).toBeCloseTo(1, 12);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe(
      'aux_row,id,matches,unique,correct,success_probability,undecided,matches_min,matches_max',
    );
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['1', '', '1', '1', '1', '0', '1']);
    expect(lines[2].split(',').slice(4)).toEqual(['true', '', 'true', '1', '2']);
  });

  it('decides coverage by hierarchy lookup when one is given', async () => {
    const h = await loadArxHierarchy(engine, 'hier_edu', `${F}/hier/edu.csv`);
    const r = await linkageAttack({
      engine,
      released: rel,
      auxiliary: aux,
      on: ON,
      id: 'id',
      hierarchies: { edu: h },
    });
    expect(r.uniqueMatches).toBeCloseTo(6 / 7, 12);
    expect(r.uniqueCorrectMatches).toBeCloseTo(5 / 7, 12);
    expect(r.expectedSuccessRate).toBeCloseTo(5 / 7, 12);
    expect(r.undecided).toEqual({});
  });

  it('without an id reports match-set sizes and 1/|matches| as the expected success', async () => {
    const r = await linkageAttack({ engine, released: rel, auxiliary: aux, on: ON });
    expect(r.uniqueCorrectMatches).toBeNull();
    expect(r.correctInMatches).toBeNull();
    expect(r.expectedSuccessRate).toBeCloseTo(5.5 / 7, 12);
    expect(r.bounds.expectedSuccessRate.high).toBeCloseTo(6 / 7, 12);
  });

  it('runs from files with a hierarchy directory (the CLI job)', async () => {
    const r = await runAttack({
      released: `${F}/released.csv`,
      auxiliary: `${F}/auxiliary.csv`,
      on: ON,
      id: 'id',
      hierarchiesDir: `${F}/hier`,
    });
    expect(Object.keys(r.hierarchies)).toEqual(['edu']);
    expect(r.uniqueCorrectMatches).toBeCloseTo(5 / 7, 12);
  });

  it('runs on rows in memory with Hierarchy objects (the library entry for the verdict)', async () => {
    const region = buildHierarchy({ type: 'region' } as never, ['510104', '530102', '110101'], {
      column: 'region',
      key: 'hierarchies.region',
    });
    const released = [
      { pid: 'a', region: '西南', sex: '女' },
      { pid: 'b', region: '西南', sex: '男' },
      { pid: 'c', region: '华北', sex: '男' },
      { pid: 'd', region: '*', sex: '*' },
    ];
    const auxiliary = [
      { pid: 'a', region: '510104', sex: '女' },
      { pid: 'b', region: '530102', sex: '男' },
      { pid: 'c', region: '110101', sex: '男' },
      { pid: 'd', region: '110101', sex: null },
    ];
    const decoded = await linkageAttackRows({
      released,
      auxiliary,
      on: ['region', 'sex'],
      id: 'pid',
      hierarchies: { region },
    });
    // a: 西南/女 and the suppressed row; b: 西南/男 and *; c: 华北/男 and *; d (sex unknown): c and d
    expect(decoded.undecidedRecords).toBe(0);
    expect(decoded.decoded).toEqual({ region: 3 }); // 西南, 华北 and *
    expect(decoded.uniqueMatches).toBe(0);
    expect(decoded.matchSizes.find((m) => m.label === '2-5')!.share).toBe(1);
    expect(decoded.correctInMatches).toBe(1);
    const blind = await linkageAttackRows({ released, auxiliary, on: ['region', 'sex'], id: 'pid' });
    expect(blind.noMatch).toBe(0);
    expect(blind.undecidedRecords).toBe(1);
    expect(blind.undecided).toEqual({ region: 2 });
  });

  it('rejects columns missing from either file', async () => {
    await expect(linkageAttack({ engine, released: rel, auxiliary: aux, on: ['nope'] })).rejects.toThrow(
      /no such column/,
    );
  });

  it('on Adult, linking the raw data to a 10 % sample re-identifies about as many as prosecutor risk predicts', async () => {
    await engine.materialize(
      'adult',
      "SELECT row_number() OVER () AS pid, * FROM read_csv('data/adult/adult.csv', delim=';', header=true, all_varchar=true)",
    );
    await engine.materialize('adult_aux', 'SELECT * FROM adult USING SAMPLE 10 PERCENT (reservoir, 42)');
    const cols = [
      'sex',
      'age',
      'race',
      'marital-status',
      'education',
      'native-country',
      'workclass',
      'occupation',
      'salary-class',
    ];
    const r = await linkageAttack({
      engine,
      released: '"adult"',
      auxiliary: '"adult_aux"',
      on: cols,
      id: 'pid',
    });
    expect(r.correctInMatches).toBe(1);
    expect(r.noMatch).toBe(0);
    // sample uniqueness 51.4 %, average prosecutor risk 0.6466
    expect(r.uniqueCorrectMatches!).toBeGreaterThan(0.47);
    expect(r.uniqueCorrectMatches!).toBeLessThan(0.56);
    expect(r.expectedSuccessRate).toBeGreaterThan(0.6);
    expect(r.expectedSuccessRate).toBeLessThan(0.69);
  });
});

describe('linkageShares (the figures from counts per kind of record)', () => {
  const groups = [
    { mn: 1, mx: 1, sure: true, maybe: true, c: 3 },
    { mn: 3, mx: 3, sure: true, maybe: true, c: 7 },
    { mn: 0, mx: 0, sure: false, maybe: false, c: 5 },
    { mn: 2, mx: 4, sure: true, maybe: true, c: 2 },
    { mn: 0, mx: 2, sure: false, maybe: true, c: 1 },
    { mn: 7, mx: 7, sure: false, maybe: false, c: 11 },
  ];
  it('gives the same figures to the last digit whatever order the engine returns the kinds in', () => {
    const a = linkageShares(groups, true);
    for (const perm of [
      [...groups].reverse(),
      [groups[3], groups[0], groups[5], groups[1], groups[4], groups[2]],
    ])
      expect(linkageShares(perm, true)).toStrictEqual(a);
  });
  it('counts decided and undecided records as the attack defines them', () => {
    const s = linkageShares(groups, true);
    expect(s.n).toBe(29);
    expect(s.uniq).toBeCloseTo(3 / 29, 12);
    // Success: 3 × 1 + 7 × 1/3 (sure, decided); the undecided sure pair adds 2 × 1/4 low, 2 × 1/2 high,
    // the possibly-included one 1 × 1/(0 + 1) high only; 11 records of 7 matches without the truth add 0.
    expect(s.success_lo).toBeCloseTo((3 + 7 / 3 + 2 / 4) / 29, 12);
    expect(s.success_hi).toBeCloseTo((3 + 7 / 3 + 2 / 2 + 1) / 29, 12);
    expect(s.none).toBeCloseTo(5 / 29, 12);
    expect(s.undecided).toBeCloseTo(3 / 29, 12);
    // Without the id every decided record with matches counts 1/m.
    expect(linkageShares(groups, false).success_lo).toBeCloseTo((3 + 7 / 3 + 2 / 4 + 11 / 7) / 29, 12);
  });
});
