import { describe, expect, it } from 'vitest';
import type { FrequencyTable } from '../../src/core/table.js';
import { distinctLDiversity } from '../../src/privacy/l-diversity-distinct.js';
import { onMarginal } from '../../src/privacy/marginal.js';
import { JOINT_COLUMN, jointKey, jointMarginals } from '../../src/run/joint-sensitive.js';

/** A frequency table whose sensitive codes are joint keys over (diagnosis, income). */
function jointTable(keys: string[]): FrequencyTable {
  return {
    qi: [],
    hierarchies: [],
    codes: [],
    counts: new Float64Array(keys.length).fill(1),
    rows: keys.length,
    n: keys.length,
    sensitive: {
      column: JOINT_COLUMN,
      values: keys,
      codes: Int32Array.from(keys.keys()),
      order: Int32Array.from(keys.keys()),
    },
  };
}

describe('joint sensitive codes', () => {
  const keys = [
    jointKey(['flu', '100']),
    jointKey(['flu', '20']),
    jointKey(['cold', '100']),
    jointKey([null, '5']),
  ];

  it('split back into each column: code-point order, a missing value last', () => {
    const m = jointMarginals(jointTable(keys), ['diagnosis', 'income'], {});
    expect(m.diagnosis.values).toEqual(['cold', 'flu', '']);
    expect([...m.diagnosis.map]).toEqual([1, 1, 0, 2]);
    expect(m.income.values).toEqual(['100', '20', '5']);
    expect([...m.income.map]).toEqual([0, 1, 0, 2]);
    // Numeric order for the ordered distance: 5 < 20 < 100.
    expect([...m.income.order]).toEqual([2, 1, 0]);
  });

  it('refuses a value holding the reserved separator, naming the columns', () => {
    expect(() =>
      jointMarginals(jointTable([jointKey(['a\u001fb', 'x'])]), ['diagnosis', 'income'], {}),
    ).toThrow(/diagnosis, income contains the control character U\+001F/);
  });

  it('a model on a marginal sees its own column only', () => {
    const m = jointMarginals(jointTable(keys), ['diagnosis', 'income'], {});
    // Class of the first two joint codes: two incomes, one diagnosis.
    const cls = {
      count: 2,
      publicCount: Number.NaN,
      sensitive: { size: 2, codes: Int32Array.of(0, 1), freqs: Float64Array.of(1, 1) },
    };
    const ctx = {
      n: 4,
      sensitive: {
        column: JOINT_COLUMN,
        domain: 4,
        totals: Float64Array.of(1, 1, 1, 1),
        order: Int32Array.of(0, 1, 2, 3),
      },
    };
    expect(onMarginal(distinctLDiversity('diagnosis', 2), m.diagnosis).prepare(ctx)(cls)).toBe(false);
    expect(onMarginal(distinctLDiversity('income', 2), m.income).prepare(ctx)(cls)).toBe(true);
    // Without the marginal the joint codes look like two diagnoses.
    expect(distinctLDiversity('diagnosis', 2).prepare(ctx)(cls)).toBe(true);
  });
});
