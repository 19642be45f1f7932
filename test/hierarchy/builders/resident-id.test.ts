import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../src/china/checksums.js';
import { buildResidentId, parseResidentId } from '../../../src/hierarchy/builders/resident-id.js';
import { labelOf, levelSizes } from '../../../src/hierarchy/builders/validate.js';
import { validateHierarchy } from '../../../src/hierarchy/validate.js';
import { seededRandom } from '../../../src/random.js';

const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

describe('parseResidentId', () => {
  it('accepts the GB 11643-1999 examples and checks the check character', () => {
    // The two worked examples printed in GB 11643-1999.
    expect(parseResidentId('11010519491231002X')).toEqual({ region: '110105', year: 1949 });
    expect(parseResidentId('11010519491231002x')).toEqual({ region: '110105', year: 1949 });
    expect(parseResidentId('440524188001010014')).toEqual({ region: '440524', year: 1880 });
    expect(parseResidentId('110105194912310021')).toBeUndefined();
    expect(parseResidentId('110105194912310021', { checksum: false })).toEqual({
      region: '110105',
      year: 1949,
    });
  });

  it('rejects impossible birth dates, bad lengths and non-region prefixes; reads legacy 15-digit IDs', () => {
    expect(parseResidentId(withCheck('11010519490230002'))).toBeUndefined(); // 30 February
    expect(parseResidentId(withCheck('11010521990101002'))).toBeUndefined(); // born in 2199
    expect(parseResidentId(withCheck('01010519900101002'))).toBeUndefined(); // no province 01
    expect(parseResidentId('1101051990010100')).toBeUndefined();
    expect(parseResidentId('110105900101002')).toEqual({ region: '110105', year: 1990 });
    expect(parseResidentId('110105900101002', { allow15: false })).toBeUndefined();
  });
});

describe('buildResidentId', () => {
  it('builds district+year → city+5y band → province+decade → *', () => {
    const a = withCheck('11010519920314002');
    const b = withCheck('11010219950101001');
    const c = withCheck('44030519880808123');
    const h = buildResidentId('id', [a, b, c]);
    validateHierarchy(h, { strict: true, expectedLevels: 5 });
    expect([1, 2, 3, 4].map((l) => labelOf(h, a, l))).toEqual([
      '110105|1992',
      '1101|1990-1994',
      '11|1990s',
      '*',
    ]);
    expect(labelOf(h, b, 2)).toBe('1101|1995-1999');
    expect(labelOf(h, b, 3)).toBe('11|1990s');
    expect(labelOf(h, c, 2)).toBe('4403|1985-1989');
    expect(labelOf(h, c, 3)).toBe('44|1980s');
    expect(levelSizes(h)).toEqual([3, 3, 3, 2, 1]);
  });

  it('supports other band widths', () => {
    const a = withCheck('11010519920314002');
    expect(labelOf(buildResidentId('id', [a], { bandYears: 2 }), a, 2)).toBe('1101|1992-1993');
    expect(labelOf(buildResidentId('id', [a], { bandYears: 1 }), a, 2)).toBe('1101|1992');
    expect(labelOf(buildResidentId('id', [a], { bandYears: 10 }), a, 2)).toBe('1101|1990-1999');
  });

  it('reports invalid IDs by count with the column, never the values', () => {
    const good = withCheck('11010519920314002');
    const badCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    try {
      buildResidentId('身份证号', [good, badCheck, '12345']);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        code: 'HIERARCHY_NOT_RESIDENT_ID',
        kind: 'data',
        location: { column: '身份证号' },
      });
      expect((e as Error).message).toContain('2 distinct value(s)');
      expect((e as Error).message).not.toContain(badCheck);
    }
  });

  it('builds 100k distinct IDs quickly and monotonically', () => {
    const rnd = seededRandom(7);
    const regions = ['110105', '110108', '310115', '440305', '440106', '510104', '370102', '371202'];
    const set = new Set<string>();
    while (set.size < 100_000) {
      const y = 1930 + rnd.int(90);
      const m = String(1 + rnd.int(12)).padStart(2, '0');
      const d = String(1 + rnd.int(28)).padStart(2, '0');
      const seq = String(rnd.int(1000)).padStart(3, '0');
      set.add(withCheck(`${regions[rnd.int(regions.length)]}${y}${m}${d}${seq}`));
    }
    const leaves = [...set];
    const h = buildResidentId('id', leaves);
    validateHierarchy(h, { strict: true, expectedLevels: 5 });
    expect(levelSizes(h)[1]).toBe(regions.length * 90);
    expect(levelSizes(h)[3]).toBe(5 * 9); // 5 provinces × 9 decades (births 1930..2019)
  });
});
