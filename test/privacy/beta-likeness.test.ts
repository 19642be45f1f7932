import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/index.js';
import { betaLikeness } from '../../src/privacy/beta-likeness.js';
import type { ClassStats, ModelContext } from '../../src/privacy/model.js';
import { modelFromOptions } from '../../src/privacy/options.js';
import { REFERENCE_CHECKS } from '../../src/privacy/registry.js';
import { anonymize } from '../../src/run/anonymize.js';
import { CLI_ARGS } from '../helpers/cli.js';

/** The search-side check on one class: codes 0..m-1 with these counts, against the table's totals. */
function check(beta: number, totals: number[], cls: number[]): boolean {
  const ctx: ModelContext = {
    n: totals.reduce((a, b) => a + b, 0),
    sensitive: {
      column: 'dx',
      domain: totals.length,
      totals: Float64Array.from(totals),
      order: Int32Array.from(totals.map((_, i) => i)),
    },
  };
  const codes = cls.flatMap((f, i) => (f > 0 ? [i] : []));
  const stats: ClassStats = {
    count: cls.reduce((a, b) => a + b, 0),
    publicCount: Number.NaN,
    sensitive: {
      size: codes.length,
      codes: Int32Array.from(codes),
      freqs: Float64Array.from(codes.map((c) => cls[c])),
    },
  };
  return betaLikeness('dx', beta).prepare(ctx)(stats);
}

describe('enhanced β-likeness (Cao & Karras 2012)', () => {
  it('bounds the relative gain of each value by min(β, −ln p)', () => {
    // p = 0.1: −ln p ≈ 2.30, so β = 1 rules: q ≤ 0.2.
    expect(check(1, [10, 90], [2, 8])).toBe(true);
    expect(check(1, [10, 90], [3, 7])).toBe(false);
    // p = 0.5: −ln 2 ≈ 0.69 < β = 5 caps the gain: q ≤ 0.847.
    expect(check(5, [50, 50], [8, 2])).toBe(true);
    expect(check(5, [50, 50], [9, 1])).toBe(false);
    // Only gains count: v0 is rarer in the class than overall (0.1 < 0.3), v1 gains 2/7 ≈ 0.29,
    // within β = 0.3 (−ln 0.7 ≈ 0.36 does not cap it), over β = 0.25.
    expect(check(0.3, [30, 70], [1, 9])).toBe(true);
    expect(check(0.25, [30, 70], [1, 9])).toBe(false);
  });

  it('agrees with the verifier’s reference check, class by class', () => {
    const totals = [30, 50, 20];
    const n = totals.reduce((x, y) => x + y, 0);
    const overall = new Map(totals.map((t, v) => [`v${v}`, t / n]));
    const classes = [
      [3, 5, 2],
      [6, 2, 2],
      [1, 8, 1],
      [0, 4, 6],
      [4, 4, 2],
      [0, 0, 5],
    ];
    let passes = 0;
    for (const beta of [0.2, 0.5, 1, 3])
      for (const cls of classes) {
        const freqs = new Map(cls.flatMap((f, v) => (f > 0 ? [[`v${v}`, f] as const] : [])));
        const size = cls.reduce((x, y) => x + y, 0);
        const ref = REFERENCE_CHECKS['beta-likeness'](
          { size, freqs, population: 0 },
          { params: { beta }, overall },
        );
        expect(check(beta, totals, cls), `β=${beta} class ${cls}`).toBe(ref);
        if (ref) passes++;
      }
    // Both outcomes occur, so the agreement is not on a constant.
    expect(passes).toBeGreaterThan(3);
    expect(passes).toBeLessThan(21);
  });

  it('is a registry model: options checked, usable from a policy and enforced by anonymize', async () => {
    expect(() => modelFromOptions({ id: 'beta-likeness', beta: 0, sensitive: 'dx' })).toThrow(
      /beta-likeness/,
    );
    expect(() => modelFromOptions({ id: 'beta-likeness', beta: 1 })).toThrow(/beta-likeness/);
    const policy = parsePolicy(
      [
        'columns:',
        '  age: {role: quasi_identifier, action: generalize, hierarchy: age}',
        '  diagnosis: {role: sensitive}',
        'hierarchies:',
        '  age: {type: intervals, widths: [10, 20, 40]}',
        'privacy:',
        '  models: [{id: beta-likeness, beta: 1, sensitive: diagnosis}]',
      ].join('\n'),
    );
    expect(policy.privacy.models).toEqual([{ id: 'beta-likeness', beta: 1, sensitive: 'diagnosis' }]);
    expect(() =>
      parsePolicy(
        'columns:\n  age: {role: quasi_identifier}\n  diagnosis: {role: sensitive}\nprivacy:\n  models: [{id: beta-likeness, beta: 1, sensitive: diagnosis, b: 2}]\n',
      ),
    ).toThrow(/unknown option "b" of beta-likeness/);
    // Young people have one diagnosis much more often than the table: the search must generalize.
    const people = Array.from({ length: 80 }, (_, i) => ({
      age: 20 + (i % 40),
      diagnosis: i % 40 < 10 ? 'flu' : ['flu', 'asthma', 'none', 'ulcer'][i % 4],
    }));
    const r = await anonymize({
      input: people,
      qi: ['age'],
      models: { models: [{ id: 'beta-likeness', beta: 1, sensitive: 'diagnosis' }] },
    });
    expect(r.models).toEqual(['enhanced 1-likeness on diagnosis']);
    expect(r.verification.ok).toBe(true);
    expect(r.transformation.age).toBeGreaterThan(0);
  });

  it('is a flag of `wuming anonymize` and `wuming verify`', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wuming-beta-'));
    const sample = join(import.meta.dirname, '../../data/sample/people.csv');
    const out = join(dir, 'out.csv');
    const wuming = (...args: string[]) =>
      spawnSync(process.execPath, [...CLI_ARGS, ...args], { encoding: 'utf8' });
    const a = wuming(
      'anonymize',
      sample,
      '--qi',
      'age,sex',
      '--k',
      '2',
      '--beta',
      '1',
      '--sensitive',
      'diagnosis',
      '--suppression',
      '5',
      '--out',
      out,
      '--json',
    );
    expect(a.status, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout.trim().split('\n').pop()!).verified).toBe(true);
    const ok = wuming('verify', out, '--qi', 'age,sex', '--beta', '1', '--sensitive', 'diagnosis', '--json');
    expect(ok.status, ok.stdout).toBe(0);
    expect(JSON.parse(ok.stdout).checks.map((c: { model: string }) => c.model)).toEqual([
      'enhanced 1-likeness on diagnosis',
    ]);
    // Far tighter than what the release was made for: the one verifier fails it.
    expect(
      wuming('verify', out, '--qi', 'age,sex', '--beta', '0.001', '--sensitive', 'diagnosis').status,
    ).toBe(1);
    expect(wuming('verify', out, '--qi', 'age,sex', '--beta', '1').status).toBe(2);
  });
});
