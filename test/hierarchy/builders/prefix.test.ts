import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPrefix } from '../../../src/hierarchy/builders/prefix.js';
import { labelOf } from '../../../src/hierarchy/builders/validate.js';
import { validateHierarchy } from '../../../src/hierarchy/validate.js';

describe('buildPrefix', () => {
  it('masks one more trailing character per level, then *', () => {
    const h = buildPrefix('zip', ['100871', '100872', '200001']);
    validateHierarchy(h, { strict: true, expectedLevels: 7 });
    expect([1, 2, 3, 4, 5, 6].map((l) => labelOf(h, '100871', l))).toEqual([
      '10087*',
      '1008**',
      '100***',
      '10****',
      '1*****',
      '*',
    ]);
    expect(h.labels[1]).toEqual(['10087*', '20000*']);
  });

  it('honours step, maxMasked and mask', () => {
    const h = buildPrefix('phone', ['13812345678', '13998765432'], { step: 4, maxMasked: 8, mask: 'X' });
    validateHierarchy(h, { strict: true, expectedLevels: 4 });
    expect(labelOf(h, '13812345678', 1)).toBe('1381234XXXX');
    expect(labelOf(h, '13812345678', 2)).toBe('138XXXXXXXX');
    expect(labelOf(h, '13812345678', 3)).toBe('*');
  });

  it('masks Chinese text by character and values of different lengths consistently', () => {
    const h = buildPrefix('name', ['张三', '张三丰', '李']);
    validateHierarchy(h, { strict: true, expectedLevels: 4 });
    expect(labelOf(h, '张三丰', 1)).toBe('张三*');
    expect(labelOf(h, '张三', 1)).toBe('张*');
    expect(labelOf(h, '张三', 2)).toBe('**');
    expect(labelOf(h, '李', 1)).toBe('*');
  });

  it('rejects a multi-character mask and maxMasked below step', () => {
    expect(() => buildPrefix('a', ['123'], { mask: '**' })).toThrow(
      expect.objectContaining({ kind: 'policy' }),
    );
    expect(() => buildPrefix('a', ['123'], { step: 3, maxMasked: 2 })).toThrow(/at least step/);
  });

  it('is monotone for arbitrary strings (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 8, unit: 'grapheme-composite' }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 3 }),
        (leaves, step) => {
          const h = buildPrefix('x', leaves, { step });
          validateHierarchy(h, { strict: true });
          expect(h.labels[h.labels.length - 1]).toEqual(['*']);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('builds 100k codes', () => {
    const leaves = Array.from({ length: 100_000 }, (_, i) => String(100000 + i * 7));
    const h = buildPrefix('zip', leaves);
    validateHierarchy(h, { strict: true, expectedLevels: 7 }); // 6 digits: identity, 5 masks, *
  });
});
