import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { readSource, scanSource } from '../../src/io/read.js';
import {
  distinctLDiversity,
  entropyLDiversity,
  equalDistanceTCloseness,
  kAnonymity,
  orderedDistanceTCloseness,
} from '../../src/privacy/index.js';
import { verifyOutput } from '../../src/run/data-path/engine-verify.js';

const dir = mkdtempSync(join(tmpdir(), 'wuming-verify-'));
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});
afterAll(async () => {
  await engine.close();
});

async function rel(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return readSource(engine, path);
}

describe('verifyOutput (independent re-check of a written file)', () => {
  const csv =
    'age,zip,disease\n20-29,100*,flu\n20-29,100*,cold\n20-29,100*,flu\n30-39,200*,flu\n30-39,200*,flu\n*,*,cancer\n';

  it('passes a compliant output and counts suppressed rows and classes', async () => {
    const out = await rel('ok.csv', csv);
    const v = await verifyOutput(engine, out, {
      qi: ['age', 'zip'],
      models: [kAnonymity(2)],
      budget: 1,
      rowsIn: 6,
      allowedLabels: { age: ['20-29', '30-39'], zip: ['100*', '200*'] },
    });
    expect(v).toMatchObject({ ok: true, rowsOut: 6, suppressed: 1, classes: 2, smallestClass: 2 });
  });

  it('fails on a small class, too many suppressed rows, wrong labels or a lost row', async () => {
    const out = await rel('bad.csv', csv);
    const v = await verifyOutput(engine, out, {
      qi: ['age', 'zip'],
      models: [kAnonymity(3)],
      budget: 0,
      rowsIn: 7,
      allowedLabels: { age: ['20-29'], zip: ['100*', '200*'] },
    });
    expect(v.ok).toBe(false);
    expect(v.models[0]).toMatchObject({ ok: false, failingClasses: 1 });
    expect(v.problems.join('\n')).toMatch(/more than the limit of 0/);
    expect(v.problems.join('\n')).toMatch(/column "age": 1 output values/);
    expect(v.problems.join('\n')).toMatch(/6 rows, the input 7/);
    expect(v.problems.join('\n')).not.toMatch(/flu|cold|cancer/);
  });

  it('recomputes l-diversity and t-closeness from the sensitive column', async () => {
    const out = await rel('l.csv', csv);
    const v = await verifyOutput(engine, out, {
      qi: ['age', 'zip'],
      models: [
        distinctLDiversity('disease', 2),
        entropyLDiversity('disease', 1.5),
        equalDistanceTCloseness('disease', 0.5),
      ],
      budget: 1,
    });
    // Class 30-39 has only "flu": fails distinct-2 and entropy-1.5; TV distance of (1,0,0) to (4/6,1/6,1/6) = 1/3 ≤ 0.5.
    expect(v.models.map((m) => m.failingClasses)).toEqual([1, 1, 0]);
  });

  it('recomputes ordered-distance t-closeness with the values in numeric order', async () => {
    // Overall incomes 1,2,3,10 with shares 1/4 each (numeric order: 10 is last, not second).
    // Class A = {1, 2}: cumulative differences 1/4, 1/2, 1/4, 0 → EMD (1/4+1/2+1/4)/3 = 1/3.
    // Class B = {3, 10}: −1/4, −1/2, −1/4, 0 → 1/3 as well. With 10 sorted as text ("10" < "2")
    // class A would be {1, _, 2, _} in that order: 1/4, 0, 1/4, 0 → 1/6 — a different verdict at t = 0.25.
    const out = await rel('ordered.csv', 'grp,income\nA,1\nA,2\nB,3\nB,10\n');
    const verdict = async (t: number) =>
      (
        await verifyOutput(engine, out, {
          qi: ['grp'],
          models: [orderedDistanceTCloseness('income', t)],
          budget: 0,
        })
      ).models[0].failingClasses;
    expect(await verdict(0.25)).toBe(2);
    expect(await verdict(1 / 3)).toBe(0);
  });

  it('gives the same verdict on a one-pass scan of the file as on a loaded table', async () => {
    const path = join(dir, 'scan.csv');
    writeFileSync(path, csv);
    const opts = {
      qi: ['age', 'zip'],
      models: [kAnonymity(2), distinctLDiversity('disease', 2)],
      budget: 1,
      rowsIn: 6,
      allowedLabels: { age: ['20-29', '30-39'], zip: ['100*', '200*'] },
    };
    const scanned = await scanSource(engine, path);
    expect(scanned.sql.startsWith('(')).toBe(true); // nothing was created in the engine
    const a = await verifyOutput(engine, scanned, opts);
    const b = await verifyOutput(engine, await readSource(engine, path), opts);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ ok: false, rowsOut: 6, suppressed: 1, classes: 2 });
    expect(a.models.map((m) => m.failingClasses)).toEqual([0, 1]);
  });

  it('treats a fully generalized output as one class, not as suppressed rows', async () => {
    const out = await rel('top.csv', 'age,zip\n*,*\n*,*\n*,*\n');
    const v = await verifyOutput(engine, out, {
      qi: ['age', 'zip'],
      models: [kAnonymity(3)],
      budget: 0,
      allowedLabels: { age: ['*'], zip: ['*'] },
    });
    expect(v).toMatchObject({ ok: true, suppressed: 0, classes: 1, smallestClass: 3 });
  });
});
