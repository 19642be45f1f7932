import { describe, expect, it } from 'vitest';
import { buildChain, formatNumber, topStep } from '../../../src/hierarchy/builders/chain.js';
import { labelOf, levelSizes } from '../../../src/hierarchy/builders/validate.js';
import type { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import { validateHierarchy } from '../../../src/hierarchy/validate.js';

const good = (): Hierarchy => ({
  column: 'c',
  leaves: ['a', 'b', 'c'],
  maps: [Int32Array.of(0, 1, 2), Int32Array.of(0, 0, 1), Int32Array.of(0, 0, 0)],
  labels: [['a', 'b', 'c'], ['ab', 'c'], ['*']],
  origin: 'test',
});

describe('validateHierarchy (strict, as for builders)', () => {
  it('accepts a well-formed hierarchy and checks the level count', () => {
    expect(() => validateHierarchy(good(), { strict: true, expectedLevels: 3 })).not.toThrow();
    expect(() => validateHierarchy(good(), { strict: true, expectedLevels: 4 })).toThrow(
      /3 levels, expected 4/,
    );
  });

  it('rejects a level that is not a function of the level below', () => {
    const h = good();
    // a and b share a code at level 1 but split at level 2.
    const bad = {
      ...h,
      maps: [h.maps[0], h.maps[1], Int32Array.of(0, 1, 1)],
      labels: [h.labels[0], h.labels[1], ['x', 'y']],
    };
    expect(() => validateHierarchy(bad, { strict: true })).toThrow(/not a function of level 1/);
  });

  it('rejects non-dense codes, out-of-range codes, duplicate labels and a non-identity level 0', () => {
    const h = good();
    expect(() =>
      validateHierarchy(
        { ...h, labels: [h.labels[0], ['ab', 'c', 'unused'], h.labels[2]] },
        { strict: true },
      ),
    ).toThrow(/dense/);
    expect(() => validateHierarchy({ ...h, maps: [h.maps[0], Int32Array.of(0, 0, 5), h.maps[2]] })).toThrow(
      /outside/,
    );
    expect(() =>
      validateHierarchy({ ...h, labels: [h.labels[0], ['x', 'x'], h.labels[2]] }, { strict: true }),
    ).toThrow(/duplicate labels/);
    expect(() => validateHierarchy({ ...h, maps: [Int32Array.of(1, 0, 2), h.maps[1], h.maps[2]] })).toThrow(
      /identity/,
    );
    expect(() => validateHierarchy({ ...h, maps: [h.maps[0], Int32Array.of(0, 0), h.maps[2]] })).toThrow(
      /maps 2 values/,
    );
    expect(() => validateHierarchy({ ...h, labels: [h.labels[0], h.labels[1]] }, { strict: true })).toThrow(
      /label lists/,
    );
  });

  it('exposes level sizes and labels', () => {
    expect(levelSizes(good())).toEqual([3, 2, 1]);
    expect(labelOf(good(), 'b', 1)).toBe('ab');
  });
});

describe('buildChain', () => {
  it('emits every configured level even when a level collapses to one value (ARX #362)', () => {
    const h = buildChain({
      column: 'c',
      leaves: ['1', '2'],
      leafKey: (l) => l,
      steps: [{ name: 'one', next: () => 'all' }, { name: 'again', next: (k) => `${k}!` }, topStep()],
      invalid: () => new Error('x') as never,
      origin: 't',
    });
    validateHierarchy(h, { strict: true, expectedLevels: 4 });
    expect(h.labels).toEqual([['1', '2'], ['all'], ['all!'], ['*']]);
  });

  it('rejects duplicate leaves as a usage error', () => {
    expect(() =>
      buildChain({
        column: 'c',
        leaves: ['a', 'a'],
        leafKey: (l) => l,
        steps: [],
        invalid: () => new Error() as never,
        origin: '',
      }),
    ).toThrow(expect.objectContaining({ code: 'HIERARCHY_DUPLICATE_LEAVES', kind: 'usage' }));
  });

  it('formats numbers without floating-point noise', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(25)).toBe('25');
    expect(formatNumber(-2.5)).toBe('-2.5');
  });
});
