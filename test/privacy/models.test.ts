import { describe, expect, it } from 'vitest';
import { frequencyFromRecords } from '../../src/core/table.js';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import {
  type ClassStats,
  deltaPresence,
  distinctLDiversity,
  entropyLDiversity,
  equalDistanceTCloseness,
  evaluate,
  hierarchicalDistanceTCloseness,
  kAnonymity,
  kMap,
  type ModelContext,
  modelsFromSpec,
  orderedDistanceTCloseness,
  recursiveCLDiversity,
} from '../../src/privacy/index.js';

function cls(freqs: number[], extra: Partial<ClassStats> = {}): ClassStats {
  const codes = Int32Array.from(freqs.map((_, i) => i)).filter((_, i) => freqs[i] > 0);
  const f = Float64Array.from(freqs.filter((x) => x > 0));
  return {
    count: f.reduce((a, b) => a + b, 0),
    publicCount: Number.NaN,
    sensitive: { size: f.length, codes, freqs: f },
    ...extra,
  };
}

const ctx = (totals: number[], order?: number[]): ModelContext => ({
  n: totals.reduce((a, b) => a + b, 0),
  sensitive: {
    column: 's',
    domain: totals.length,
    totals: Float64Array.from(totals),
    order: Int32Array.from(order ?? totals.map((_, i) => i)),
  },
});

describe('privacy models', () => {
  it('k-anonymity', () => {
    const check = kAnonymity(3).prepare({ n: 10 });
    expect(check({ count: 3, publicCount: Number.NaN })).toBe(true);
    expect(check({ count: 2, publicCount: Number.NaN })).toBe(false);
    expect(kAnonymity(3).minClassSize).toBe(3);
  });

  it('distinct, entropy and recursive (c,l) l-diversity', () => {
    const c = ctx([10, 10, 10]);
    expect(distinctLDiversity('s', 2).prepare(c)(cls([5, 1, 0]))).toBe(true);
    expect(distinctLDiversity('s', 3).prepare(c)(cls([5, 1, 0]))).toBe(false);
    // Entropy of (1/2, 1/2) = ln 2: exactly entropy-2-diverse (tolerance at equality).
    expect(entropyLDiversity('s', 2).prepare(c)(cls([4, 4, 0]))).toBe(true);
    expect(entropyLDiversity('s', 2).prepare(c)(cls([5, 3, 0]))).toBe(false);
    expect(entropyLDiversity('s', 2.5).prepare(c)(cls([4, 4, 4]))).toBe(true);
    // Recursive (c,l): r1 < c (r_l + ... + r_m). (5,3,2), l=2: 5 < c·(3+2).
    expect(recursiveCLDiversity('s', 1.1, 2).prepare(c)(cls([5, 3, 2]))).toBe(true);
    expect(recursiveCLDiversity('s', 1, 2).prepare(c)(cls([5, 3, 2]))).toBe(false);
    expect(recursiveCLDiversity('s', 3.5, 3).prepare(c)(cls([6, 3, 2]))).toBe(true); // 6 < 3.5·2
    expect(recursiveCLDiversity('s', 3, 3).prepare(c)(cls([6, 3, 2]))).toBe(false); // 6 < 3·2 fails
    expect(recursiveCLDiversity('s', 3, 3).prepare(c)(cls([6, 3, 0]))).toBe(false); // only 2 values
  });

  it('t-closeness, ordered distance: the salary example of Li et al. 2007', () => {
    // Salaries 3k..11k, one record each overall; class {3k,4k,5k}: EMD 0.375; class {6k,8k,11k}: 0.1667.
    const c = ctx([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const low = cls([1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const spread = cls([0, 0, 0, 1, 0, 1, 0, 0, 1]);
    expect(orderedDistanceTCloseness('s', 0.375).prepare(c)(low)).toBe(true);
    expect(orderedDistanceTCloseness('s', 0.37).prepare(c)(low)).toBe(false);
    expect(orderedDistanceTCloseness('s', 0.167).prepare(c)(spread)).toBe(true);
    expect(orderedDistanceTCloseness('s', 0.166).prepare(c)(spread)).toBe(false);
  });

  it('t-closeness, equal distance = total variation', () => {
    const c = ctx([5, 5]);
    // P = (1, 0), Q = (1/2, 1/2): EMD = 0.5.
    expect(equalDistanceTCloseness('s', 0.5).prepare(c)(cls([3, 0]))).toBe(true);
    expect(equalDistanceTCloseness('s', 0.49).prepare(c)(cls([3, 0]))).toBe(false);
    expect(equalDistanceTCloseness('s', 0).prepare(c)(cls([2, 2]))).toBe(true);
  });

  it('t-closeness, hierarchical distance: transport cost on a two-level tree', () => {
    // Leaves a,b under X and c,d under Y (height 2), Q uniform. P = (½,½,0,0): ½ of the mass
    // crosses the root at distance 2/2 → EMD ½. P = (½,0,½,0): ¼ moves a→b and ¼ c→d at 1/2 → ¼.
    const h2 = parseArxHierarchy('a;X;*\nb;X;*\nc;Y;*\nd;Y;*\n', 's', 'mem');
    const c2: ModelContext = ctx([1, 1, 1, 1]);
    c2.sensitive!.hierarchy = h2;
    expect(hierarchicalDistanceTCloseness('s', 0.5).prepare(c2)(cls([1, 1, 0, 0]))).toBe(true);
    expect(hierarchicalDistanceTCloseness('s', 0.499).prepare(c2)(cls([1, 1, 0, 0]))).toBe(false);
    expect(hierarchicalDistanceTCloseness('s', 0.25).prepare(c2)(cls([1, 0, 1, 0]))).toBe(true);
    expect(hierarchicalDistanceTCloseness('s', 0.249).prepare(c2)(cls([1, 0, 1, 0]))).toBe(false);
  });

  it('t-closeness, hierarchical distance: a disease taxonomy (closed form of Li et al. 2007)', () => {
    // Q uniform over 9 diseases, class = the 3 stomach diseases. Extras: +2/9 on each stomach
    // leaf. Digestive node: min(6/9, 2/9)·2/3 = 4/27; root: min(4/9, 4/9)·3/3 = 4/9 → 16/27.
    // Class {gastric ulcer, stomach cancer, pneumonia}: stomach node min(4/9,1/9)·1/3 = 1/27,
    // respiratory infection min(2/9, 2/9)·1/3 = 2/27, digestive min(3/9, 2/9)·2/3 = 4/27,
    // respiratory min(0, …) = 0, root min(1/9, 1/9)·1 = 1/9 → 10/27.
    const h = parseArxHierarchy(
      [
        'gastric ulcer;stomach diseases;digestive;*',
        'gastritis;stomach diseases;digestive;*',
        'stomach cancer;stomach diseases;digestive;*',
        'colitis;colon diseases;digestive;*',
        'colon cancer;colon diseases;digestive;*',
        'flu;respiratory infection;respiratory;*',
        'pneumonia;respiratory infection;respiratory;*',
        'bronchitis;respiratory infection;respiratory;*',
        'lung cancer;lung cancer;respiratory;*',
      ].join('\n'),
      'disease',
      'mem',
    );
    const c: ModelContext = { ...ctx([1, 1, 1, 1, 1, 1, 1, 1, 1]) };
    c.sensitive!.hierarchy = h;
    const stomach = cls([1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const mixed = cls([1, 0, 1, 0, 0, 0, 1, 0, 0]);
    expect(hierarchicalDistanceTCloseness('s', 16 / 27 + 1e-9).prepare(c)(stomach)).toBe(true);
    expect(hierarchicalDistanceTCloseness('s', 16 / 27 - 1e-6).prepare(c)(stomach)).toBe(false);
    expect(hierarchicalDistanceTCloseness('s', 10 / 27 + 1e-9).prepare(c)(mixed)).toBe(true);
    expect(hierarchicalDistanceTCloseness('s', 10 / 27 - 1e-6).prepare(c)(mixed)).toBe(false);
    expect(() => hierarchicalDistanceTCloseness('s', 0.5).prepare(ctx([1, 1]))).toThrow(/needs a hierarchy/);
  });

  it('δ-presence and k-map use the population counts', () => {
    const dp = deltaPresence(0.2, 0.6).prepare({ n: 10 });
    expect(dp({ count: 2, publicCount: 5 })).toBe(true);
    expect(dp({ count: 4, publicCount: 5 })).toBe(false);
    expect(dp({ count: 1, publicCount: 10 })).toBe(false);
    const km = kMap(5).prepare({ n: 10 });
    expect(km({ count: 1, publicCount: 5 })).toBe(true);
    expect(km({ count: 4, publicCount: 4 })).toBe(false);
  });

  it('modelsFromSpec combines models and rejects incomplete specs', () => {
    const ms = modelsFromSpec({
      k: 5,
      l: 3,
      lVariant: 'recursive',
      c: 2,
      t: 0.2,
      tDistance: 'ordered',
      sensitive: 's',
    });
    expect(ms.map((m) => m.id)).toEqual(['k-anonymity', 'recursive-cl-diversity', 't-closeness-ordered']);
    expect(() => modelsFromSpec({ l: 2 })).toThrow(/option sensitive/);
    expect(() => modelsFromSpec({ l: 2, lVariant: 'recursive', sensitive: 's' })).toThrow(/needs c > 0/);
    expect(() => modelsFromSpec({})).toThrow(/no privacy model/);
  });
});

describe('evaluate()', () => {
  const h = parseArxHierarchy('a;*\nb;*\nc;*\n', 'q', 'mem');
  const records = [
    ['a', 'x'],
    ['a', 'y'],
    ['a', 'x'],
    ['b', 'x'],
    ['b', 'x'],
    ['c', 'y'],
  ];
  const table = frequencyFromRecords(['q', 's'], records, [h], { sensitive: 's' });

  it('gives a verdict per model with failing classes and records', () => {
    const e = evaluate(table, [kAnonymity(2), distinctLDiversity('s', 2)]);
    expect(e.holds).toBe(false);
    expect(e.verdicts[0]).toMatchObject({ model: 'k-anonymity', failingClasses: 1, failingRecords: 1 });
    expect(e.verdicts[1]).toMatchObject({
      model: 'distinct-l-diversity',
      failingClasses: 2,
      failingRecords: 3,
    });
    expect(e.suppressed).toBe(3);
    expect(e.classes).toBe(1);
  });

  it('holds after generalization or within the suppression limit', () => {
    expect(evaluate(table, [kAnonymity(2), distinctLDiversity('s', 2)], { levels: [1] }).holds).toBe(true);
    expect(evaluate(table, [kAnonymity(2)], { suppression: 1 / 6 }).holds).toBe(true);
    expect(evaluate(table, [kAnonymity(2)], { suppression: 0.1 }).holds).toBe(false);
  });
});
