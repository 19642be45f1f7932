import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index.js';
import type { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import { anonymize, loadHierarchies, runAnonymize } from '../../src/run/anonymize.js';

const ADULT = join(import.meta.dirname, '../../data/adult');
const COLS = [
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
const dir = mkdtempSync(join(tmpdir(), 'wuming-anon-'));
let engine: Engine;
let hs: Record<string, Hierarchy>;

beforeAll(async () => {
  engine = await createEngine();
  hs = await loadHierarchies(ADULT, COLS);
});
afterAll(async () => {
  await engine.close();
});

describe('anonymize (engine data path)', () => {
  it('Adult, 5-anonymity, 5 %: ARX optimum, written, re-read and verified', async () => {
    const out = join(dir, 'k5.csv');
    const r = await anonymize({
      engine,
      input: join(ADULT, 'adult.csv'),
      out,
      hierarchies: hs,
      qi: 'all',
      models: { k: 5 },
      suppression: 0.05,
    });
    expect(COLS.map((c) => r.transformation[c])).toEqual([0, 3, 0, 0, 2, 1, 1, 2, 0]);
    expect(r.suppressed).toBe(1346);
    expect(r.classes).toBe(397);
    expect(Math.abs(r.score - 0.24193)).toBeLessThan(5e-6);
    expect(r.verification.ok).toBe(true);
    expect(r.verification.suppressed).toBe(1346);
    expect(r.verification.classes).toBe(397);
    expect(r.verification.smallestClass).toBeGreaterThanOrEqual(5);
    expect(r.rowsIn).toBe(30162);
    expect(r.rowsOut).toBe(30162);
    expect(r.distinctCombinations).toBe(19502);
    // Rows keep their order; suppressed rows have every QI as '*'.
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(COLS.join(','));
    expect(lines[1]).toBe('Male,20-39,White,Never-married,Higher education,North America,Government,*,<=50K');
    expect(lines.filter((l) => l.startsWith('*,*,*,*,*,*,*,*,*')).length).toBe(1346);
  });

  it('non-QI columns pass through unchanged and l-diversity + t-closeness are verified', async () => {
    const out = join(dir, 'lt.csv');
    const r = await anonymize({
      engine,
      input: join(ADULT, 'adult.csv'),
      out,
      hierarchies: hs,
      qi: ['sex', 'age', 'race', 'education', 'marital-status'],
      models: { k: 3, l: 2, lVariant: 'recursive', c: 4, sensitive: 'occupation', t: 0.4 },
      suppression: 0.02,
      metric: 'entropy',
    });
    expect(r.models).toEqual([
      '3-anonymity',
      'recursive-(4,2)-diversity on occupation',
      'hierarchical-distance 0.4-closeness on occupation',
    ]);
    expect(r.verification.ok).toBe(true);
    expect(r.verification.models.every((m) => m.ok)).toBe(true);
    const input = readFileSync(join(ADULT, 'adult.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(';'));
    const output = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const occ = COLS.indexOf('occupation');
    expect(output.map((row) => row[occ])).toEqual(input.map((row) => row[occ]));
  });

  it('δ-presence and k-map against a population table (adult_subset.csv within adult.csv)', async () => {
    const out = join(dir, 'dp.csv');
    const r = await anonymize({
      engine,
      input: join(ADULT, 'adult_subset.csv'),
      out,
      hierarchies: hs,
      qi: ['sex', 'age', 'race', 'education'],
      models: { deltaMin: 0, deltaMax: 0.5, kMap: 10 },
      population: join(ADULT, 'adult.csv'),
      suppression: 0.05,
    });
    expect(r.verification.ok).toBe(true);
    expect(r.models).toEqual(['(0,0.5)-presence', '10-map']);
  });

  it('local recoding keeps more detail than the best global transformation, verified', async () => {
    const out = join(dir, 'local.csv');
    const r = await anonymize({
      engine,
      input: join(ADULT, 'adult.csv'),
      out,
      hierarchies: hs,
      qi: 'all',
      models: { k: 5 },
      suppression: 0,
      localRecoding: true,
    });
    expect(r.algorithm).toBe('local-recoding');
    expect(r.verification.ok).toBe(true);
    expect(r.suppressed).toBe(0);
    expect(r.local!.granularity).toBeGreaterThan(r.local!.globalGranularity);
    expect(r.local!.granularity).toBeGreaterThan(0.9);
  });

  it('values missing from a hierarchy: a data error naming the column and the count, not the values', async () => {
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'sex;age;note\nMale;39;x\nFemale;999;y\nMale;1000;z\n');
    await expect(
      anonymize({
        engine,
        input,
        out: join(dir, 'bad-out.csv'),
        hierarchies: hs,
        qi: ['sex', 'age'],
        models: { k: 1 },
        suppression: 0,
      }),
    ).rejects.toThrow(/column "age": 2 distinct values \(2 records\) are not in its hierarchy/);
    await expect(
      anonymize({
        engine,
        input,
        out: join(dir, 'bad-out.csv'),
        hierarchies: hs,
        qi: ['sex', 'age'],
        models: { k: 1 },
        suppression: 0,
      }),
    ).rejects.not.toThrow(/999|1000/);
  });

  it('runAnonymize: the CLI entry with a hierarchy directory and --qi all', async () => {
    const r = await runAnonymize({
      input: join(ADULT, 'adult.csv'),
      out: join(dir, 'cli.csv'),
      hierarchiesDir: ADULT,
      qi: 'all',
      models: { k: 5 },
      suppression: 0,
    });
    expect(COLS.map((c) => r.transformation[c])).toEqual([0, 4, 1, 1, 3, 2, 2, 1, 0]);
    expect(r.classes).toBe(24);
    expect(r.suppressed).toBe(0);
  });
});
