import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyFile } from '../../src/run/verify.js';

const dir = mkdtempSync(join(tmpdir(), 'wuming-verify-'));
function csv(name: string, rows: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, `${rows.join('\n')}\n`);
  return p;
}

describe('verifyFile', () => {
  const p = csv('t.csv', [
    'age,sex,dx',
    '[20-30),M,flu',
    '[20-30),M,cold',
    '[20-30),M,flu',
    '[30-40),F,flu',
    '[30-40),F,flu',
    '[30-40),F,asthma',
    '*,*,cancer',
  ]);

  it('computes class sizes with suppressed records excluded', async () => {
    const r = await verifyFile(p, { qi: ['age', 'sex'], k: 3 });
    expect(r).toMatchObject({ rows: 7, suppressed: 1, classes: 2, smallestClass: 3, passed: true });
    const r4 = await verifyFile(p, { qi: ['age', 'sex'], k: 4 });
    expect(r4.passed).toBe(false);
    expect(r4.checks[0].detail).toContain('3 records');
  });

  it('checks distinct, entropy and recursive l-diversity', async () => {
    expect((await verifyFile(p, { qi: ['age', 'sex'], l: { l: 2, sensitive: 'dx' } })).passed).toBe(true);
    expect((await verifyFile(p, { qi: ['age', 'sex'], l: { l: 3, sensitive: 'dx' } })).passed).toBe(false);
    // Each class has frequencies (2,1): entropy = 0.6365 < ln 2 = 0.693, so entropy-2 fails.
    expect(
      (await verifyFile(p, { qi: ['age', 'sex'], l: { l: 2, variant: 'entropy', sensitive: 'dx' } })).passed,
    ).toBe(false);
    expect(
      (await verifyFile(p, { qi: ['age', 'sex'], l: { l: 1.8, variant: 'entropy', sensitive: 'dx' } }))
        .passed,
    ).toBe(true);
    // Recursive (c,2): r1 = 2 < c · r2 = c · 1 holds for c = 3, not for c = 2.
    expect(
      (await verifyFile(p, { qi: ['age', 'sex'], l: { l: 2, variant: 'recursive', c: 3, sensitive: 'dx' } }))
        .passed,
    ).toBe(true);
    expect(
      (await verifyFile(p, { qi: ['age', 'sex'], l: { l: 2, variant: 'recursive', c: 2, sensitive: 'dx' } }))
        .passed,
    ).toBe(false);
  });

  it('reports that raw Adult is not 2-anonymous over all nine attributes', async () => {
    const qi = [
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
    const r = await verifyFile('data/adult/adult.csv', { qi, k: 2 });
    expect(r.passed).toBe(false);
    expect(r.smallestClass).toBe(1);
    expect(r.rows).toBe(30162);
  });

  it('names an unknown column', async () => {
    await expect(verifyFile(p, { qi: ['agee'], k: 2 })).rejects.toThrow(/column "agee"/);
  });
});
