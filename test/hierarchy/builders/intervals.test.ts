import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIntervals, defaultWidths, parseNumber } from '../../../src/hierarchy/builders/intervals.js';
import { labelOf, levelSizes } from '../../../src/hierarchy/builders/validate.js';
import { validateHierarchy } from '../../../src/hierarchy/validate.js';

/** Parses "[a, b)" and checks x lies in it. */
const inInterval = (label: string, x: number): boolean => {
  const m = /^\[(-?[\d.e+-]+), (-?[\d.e+-]+)\)$/.exec(label);
  if (!m) return false;
  return Number(m[1]) <= x + 1e-9 && x < Number(m[2]) + 1e-9;
};

describe('buildIntervals', () => {
  it('builds exactly one level per width plus identity and top, even if a level has one value (ARX #362)', () => {
    // The ARX report: ages 1, 5, 7 with widths 5/10/20 gave 2 levels instead of 5.
    const h = buildIntervals('age', ['1', '5', '7'], { widths: [5, 10, 20] });
    validateHierarchy(h, { strict: true, expectedLevels: 5 });
    expect(h.labels).toEqual([['1', '5', '7'], ['[0, 5)', '[5, 10)'], ['[0, 10)'], ['[0, 20)'], ['*']]);
  });

  it('labels contain their members at every level (ARX #353: labels not matching groups)', () => {
    const leaves = Array.from({ length: 90 }, (_, i) => String(i + 3));
    const h = buildIntervals('age', leaves, { widths: [5, 10, 20, 40] });
    validateHierarchy(h, { strict: true, expectedLevels: 6 });
    for (const leaf of leaves) {
      for (let level = 1; level <= 4; level++)
        expect(inInterval(labelOf(h, leaf, level), Number(leaf))).toBe(true);
    }
    expect(labelOf(h, '23', 1)).toBe('[20, 25)');
    expect(labelOf(h, '23', 4)).toBe('[0, 40)');
    expect(h.labels[5]).toEqual(['*']);
  });

  it('bottom and top codes values outside [min, max) and clips the edge intervals', () => {
    const h = buildIntervals('age', ['15', '18', '19', '44', '79', '80', '95'], {
      widths: [5, 10],
      min: 18,
      max: 80,
    });
    validateHierarchy(h, { strict: true, expectedLevels: 4 });
    expect(labelOf(h, '15', 1)).toBe('<18');
    expect(labelOf(h, '15', 2)).toBe('<18');
    expect(labelOf(h, '80', 1)).toBe('≥80');
    expect(labelOf(h, '95', 2)).toBe('≥80');
    expect(labelOf(h, '18', 1)).toBe('[18, 20)');
    expect(labelOf(h, '19', 2)).toBe('[18, 20)');
    expect(labelOf(h, '44', 2)).toBe('[40, 50)');
    expect(labelOf(h, '79', 1)).toBe('[75, 80)');
    expect(h.labels[3]).toEqual(['*']);
  });

  it('derives nested default widths from the data range', () => {
    expect(defaultWidths(17, 90, true)).toEqual([5, 10, 20, 40, 80]);
    expect(defaultWidths(0, 3, true)[0]).toBe(1);
    expect(defaultWidths(0, 1, false)[0]).toBe(0.05);
    const h = buildIntervals('age', ['17', '90', '33']);
    validateHierarchy(h, { strict: true, expectedLevels: 7 });
    expect(h.origin).toContain('5/10/20/40/80');
  });

  it('handles decimals, negatives, scientific notation and float noise at boundaries', () => {
    const h = buildIntervals('x', ['0.3', '-0.05', '1e-1', '0.7', ' 0.2 '], { widths: [0.1, 0.2] });
    validateHierarchy(h, { strict: true, expectedLevels: 4 });
    expect(labelOf(h, '0.3', 1)).toBe('[0.3, 0.4)'); // 0.3/0.1 = 2.9999999999999996
    expect(labelOf(h, '-0.05', 1)).toBe('[-0.1, 0)');
    expect(labelOf(h, '1e-1', 1)).toBe('[0.1, 0.2)');
    expect(labelOf(h, ' 0.2 ', 2)).toBe('[0.2, 0.4)');
  });

  it('reports non-numeric values by count, never by value', () => {
    const run = () => buildIntervals('income', ['100', 'abc', '12,000', 'secret-value', '']);
    expect(run).toThrow(expect.objectContaining({ code: 'HIERARCHY_NOT_NUMERIC', kind: 'data' }));
    try {
      run();
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('"income"');
      expect(msg).toContain('4 distinct value(s)');
      expect(msg).not.toContain('secret-value');
      expect(msg).not.toContain('abc');
    }
  });

  it('rejects widths that do not nest and min ≥ max as policy errors', () => {
    expect(() => buildIntervals('a', ['1'], { widths: [5, 12] })).toThrow(
      expect.objectContaining({ code: 'HIERARCHY_INTERVALS_WIDTHS', kind: 'policy' }),
    );
    expect(() => buildIntervals('a', ['1'], { widths: [10, 5] })).toThrow(/whole multiple/);
    expect(() => buildIntervals('a', ['1'], { min: 5, max: 5 })).toThrow(/min must be below max/);
  });

  it('keeps the level count when every value is coded', () => {
    const h = buildIntervals('a', ['1', '2'], { widths: [5, 10], min: 50 });
    validateHierarchy(h, { strict: true, expectedLevels: 4 });
    expect(levelSizes(h)).toEqual([2, 1, 1, 1]);
  });

  it('parses only plain numbers', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber('-1.5e3')).toBe(-1500);
    expect(parseNumber('.5')).toBe(0.5);
    for (const s of ['', '1,000', '12岁', 'NaN', 'Infinity', '0x10', '1e999'])
      expect(parseNumber(s)).toBeUndefined();
  });

  it('is monotone with every leaf in its label for arbitrary data and widths (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 2, max: 4 }), { maxLength: 3 }),
        (xs, base, ratios) => {
          const widths = [base];
          for (const r of ratios) widths.push(widths[widths.length - 1] * r);
          const h = buildIntervals('x', xs.map(String), { widths });
          validateHierarchy(h, { strict: true, expectedLevels: widths.length + 2 });
          xs.forEach((x, i) => {
            for (let level = 1; level <= widths.length; level++) {
              expect(inInterval(h.labels[level][h.maps[level][i]], x)).toBe(true);
            }
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('builds 100k distinct values', () => {
    const leaves = Array.from({ length: 100_000 }, (_, i) => String(i * 0.37));
    const h = buildIntervals('x', leaves);
    validateHierarchy(h, { strict: true });
  });
});
