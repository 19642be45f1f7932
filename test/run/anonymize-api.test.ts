import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.js';
import { WumingError } from '../../src/errors.js';
import { readSource } from '../../src/io/read.js';
import { anonymize } from '../../src/run/anonymize.js';

const ADULT = join(import.meta.dirname, '../../data/adult');
const SUBSET = join(ADULT, 'adult_subset.csv');
const dir = mkdtempSync(join(tmpdir(), 'wuming-api-'));

async function usage(p: Promise<unknown>): Promise<WumingError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WumingError);
    expect((e as WumingError).kind).toBe('usage');
    return e as WumingError;
  }
  throw new Error('expected a usage error');
}

/** Small in-memory table: ages and cities repeated so that k = 3 holds after generalization. */
const people = Array.from({ length: 60 }, (_, i) => ({
  age: 20 + ((i * 7) % 45),
  city: ['Beijing', 'Shanghai', 'Shenzhen'][i % 3],
  diagnosis: ['flu', 'asthma', 'none'][(i * 5) % 3],
}));

describe('anonymize: the library call a newcomer writes', () => {
  it('takes in-memory rows without hierarchies and returns rows (no out)', async () => {
    const r = await anonymize({
      input: people,
      qi: ['age', 'city'],
      models: { k: 3 },
      suppressionPercent: 5,
    });
    expect(r.out).toBeUndefined();
    expect(r.rows).toHaveLength(60);
    expect(Object.keys(r.rows![0])).toEqual(['age', 'city', 'diagnosis']);
    expect(r.verification.ok).toBe(true);
    expect(r.dataPath).toBe('memory');
    expect(Object.keys(r.autoHierarchies ?? {}).sort()).toEqual(['age', 'city']);
    expect(r.autoHierarchies!.age.spec.type).toBe('intervals');
    expect(r.levelMeanings!.age).toMatch(/^level \d of 5 = /);
    expect(r.suppression.limitPercent).toBe(5);
    // Every output class (over the generalized QIs) has at least 3 records, or is suppressed.
    const sizes = new Map<string, number>();
    for (const row of r.rows!) {
      const key = `${row.age}|${row.city}`;
      sizes.set(key, (sizes.get(key) ?? 0) + 1);
    }
    for (const [key, n] of sizes) if (key !== '*|*') expect(n).toBeGreaterThanOrEqual(3);
  });

  it('takes {columns, rows}, a path with a hierarchy directory, and the engine path, with the same result', async () => {
    const fromDir = await anonymize({
      input: SUBSET,
      hierarchies: ADULT,
      qi: ['age', 'sex', 'race'],
      models: { k: 5 },
      suppressionPercent: 2,
      out: join(dir, 'subset.csv'),
    });
    expect(fromDir.out).toBe(join(dir, 'subset.csv'));
    expect(fromDir.autoHierarchies).toEqual({});
    expect(fromDir.hierarchies!.age.origin).toContain('adult_hierarchy_age.csv');
    const engine = await createEngine();
    try {
      const rel = await readSource(engine, SUBSET);
      const viaEngine = await anonymize({
        engine,
        input: rel,
        hierarchies: ADULT,
        qi: ['age', 'sex', 'race'],
        models: { k: 5 },
        suppressionPercent: 2,
        out: join(dir, 'subset-engine.csv'),
      });
      expect(viaEngine.dataPath).toBe('engine');
      expect(viaEngine.transformation).toEqual(fromDir.transformation);
      expect(readFileSync(viaEngine.out!, 'utf8')).toBe(readFileSync(fromDir.out!, 'utf8'));
    } finally {
      await engine.close();
    }
    const t = {
      columns: ['age', 'city', 'diagnosis'],
      rows: people.map((p) => [p.age, p.city, p.diagnosis]),
    };
    const a = await anonymize({ input: t, qi: ['age', 'city'], models: { k: 3 }, suppressionPercent: 5 });
    const b = await anonymize({
      input: people,
      qi: ['age', 'city'],
      models: { k: 3 },
      suppressionPercent: 5,
    });
    expect(a.rows).toEqual(b.rows);
    const viaEngine = await anonymize({
      input: people,
      qi: ['age', 'city'],
      models: { k: 3 },
      suppressionPercent: 5,
      dataPath: 'engine',
    });
    expect(viaEngine.dataPath).toBe('engine');
    expect(viaEngine.rows).toEqual(b.rows);
  });

  it('errors name the option, never a CLI flag', async () => {
    const base = { input: people, qi: ['age'] as string[] };
    expect((await usage(anonymize({ ...base, models: { k: 0 } }))).message).toMatch(/^k must be/);
    expect((await usage(anonymize({ ...base, models: { k: 2 }, suppressionPercent: 150 }))).message).toMatch(
      /^suppressionPercent must be/,
    );
    expect(
      (await usage(anonymize({ ...base, models: { k: 2 }, suppressionPercent: 5, suppression: 0.05 })))
        .message,
    ).toMatch(/not both/);
    expect((await usage(anonymize({ input: people, models: { k: 2 } }))).message).toMatch(/\bqi\b/);
    expect((await usage(anonymize({ ...base, models: { l: 2 } }))).message).toMatch(/option sensitive/);
    expect(
      (await usage(anonymize({ ...base, models: { k: 2 }, dataPath: 'fast' as 'auto' }))).message,
    ).toMatch(/^dataPath must be/);
    for (const e of await Promise.allSettled([anonymize({ ...base, models: { k: -1 } })])) {
      expect(String((e as PromiseRejectedResult).reason.message)).not.toContain('--');
    }
  });

  it('keeps the deprecated fraction option working: suppression 0.05 = suppressionPercent 5', async () => {
    const a = await anonymize({ input: people, qi: ['age', 'city'], models: { k: 4 }, suppression: 0.05 });
    const b = await anonymize({
      input: people,
      qi: ['age', 'city'],
      models: { k: 4 },
      suppressionPercent: 5,
    });
    expect(a.rows).toEqual(b.rows);
    expect(a.suppression).toEqual(b.suppression);
  });
});
