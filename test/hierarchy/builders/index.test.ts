import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { residentIdCheckChar } from '../../../src/china/checksums.js';
import {
  buildHierarchy,
  hierarchySpecSchema,
  labelOf,
  parseHierarchySpec,
  suggestHierarchy,
} from '../../../src/hierarchy/builders/index.js';
import { validateHierarchy } from '../../../src/hierarchy/validate.js';

const id = (first17: string) => first17 + residentIdCheckChar(first17);

describe('hierarchySpecSchema', () => {
  it('parses one YAML example per type and builds it', () => {
    const doc = parseYaml(`
age:      { type: intervals, widths: [5, 10, 20], min: 18, max: 80 }
visit:    { type: dates, levels: [month, year] }
zip:      { type: prefix, step: 2 }
edu:      { type: ordered, order: [小学, 初中, 高中, 本科], groupSizes: [2] }
job:
  type: groups
  levels:
    - { 白领: [教师, 医生], 蓝领: [司机] }
    - { 白领: 在职, 蓝领: 在职 }
area:     { type: region, macro: nbs4, parentColumn: province }
pid:      { type: resident_id, bandYears: 10 }
sex:      { type: flat }
`) as Record<string, unknown>;
    const leaves: Record<string, string[]> = {
      age: ['17', '33', '85'],
      visit: ['2026-03-01', '2025-12-31'],
      zip: ['100871', '200001'],
      edu: ['小学', '本科'],
      job: ['教师', '司机'],
      area: ['440305', '110105'],
      pid: [id('11010519920314002')],
      sex: ['男', '女'],
    };
    const expectedLevels: Record<string, number> = {
      age: 5,
      visit: 4,
      zip: 4,
      edu: 3,
      job: 4,
      area: 5,
      pid: 5,
      sex: 2,
    };
    for (const [column, raw] of Object.entries(doc)) {
      const spec = parseHierarchySpec(raw, `columns.${column}.hierarchy`);
      const h = buildHierarchy(spec, leaves[column], { column });
      expect(h.column).toBe(column);
      validateHierarchy(h, { strict: true, expectedLevels: expectedLevels[column] });
    }
  });

  it('rejects unknown types and misspelt options with a policy error at the key', () => {
    expect(hierarchySpecSchema.safeParse({ type: 'intervals', widht: [5] }).success).toBe(false);
    expect(() => parseHierarchySpec({ type: 'intervals', widht: [5] }, 'columns.age.hierarchy')).toThrow(
      expect.objectContaining({
        kind: 'policy',
        code: 'POLICY_HIERARCHY',
        location: { key: 'columns.age.hierarchy' },
      }),
    );
    expect(() => parseHierarchySpec({ type: 'bogus' })).toThrow(/invalid hierarchy specification/);
    expect(() => parseHierarchySpec({ type: 'intervals', widths: [-5] })).toThrow(/widths/);
    expect(() => parseHierarchySpec({ type: 'ordered', order: ['a'] })).toThrow(/groupSizes/);
    expect(() => parseHierarchySpec({ type: 'resident_id', bandYears: 3 })).toThrow(/bandYears/);
  });

  it('attaches the policy key to policy errors found while building', () => {
    expect(() =>
      buildHierarchy({ type: 'intervals', widths: [5, 7] }, ['1'], {
        column: 'age',
        key: 'columns.age.hierarchy',
      }),
    ).toThrow(
      expect.objectContaining({ kind: 'policy', location: { column: 'age', key: 'columns.age.hierarchy' } }),
    );
  });

  it('passes parent values to the region builder', () => {
    const h = buildHierarchy({ type: 'region', parentColumn: 'city' }, ['朝阳区'], {
      column: 'district',
      parentValues: new Map([['朝阳区', '北京市']]),
    });
    expect(labelOf(h, '朝阳区', 2)).toBe('北京市');
  });
});

describe('suggestHierarchy', () => {
  const suggest = (leaves: string[]) => {
    const s = suggestHierarchy('c', leaves);
    validateHierarchy(s.hierarchy, { strict: true });
    return s.spec.type;
  };

  it('picks a builder from the values', () => {
    expect(suggest(['17', '25', '90'])).toBe('intervals');
    expect(suggest(['1.5', '-2', '3e2'])).toBe('intervals');
    expect(suggest(['2026-03-01', '2025/1/9'])).toBe('dates');
    expect(suggest(['20260301', '20251231'])).toBe('dates');
    expect(suggest(['110105', '440305'])).toBe('region');
    expect(suggest(['北京市', '广东省深圳市', '朝阳区'].slice(0, 2))).toBe('region');
    expect(suggest([id('11010519920314002'), id('44030519880808123')])).toBe('resident_id');
    expect(suggest(['100871', '200001', '012345'])).toBe('prefix'); // 10 and 20 are not provinces
    expect(suggest(['AB12', 'CD34'])).toBe('prefix');
    expect(suggest(['男', '女'])).toBe('flat');
    expect(suggest(['已婚', '未婚', '离异'])).toBe('flat');
    expect(suggest([])).toBe('flat');
  });

  it('falls back when a specific builder does not fit every value', () => {
    // One valid region code and one unknown code: not a region column, but a 6-digit code.
    expect(suggest(['440305', '999999'])).toBe('prefix');
    // Ambiguous district names: region cannot be built without parents → flat.
    expect(suggest(['朝阳区', '南山区'])).toBe('flat');
    // Invalid resident ID check character → not resident_id.
    const bad = id('11010519920314002');
    expect(suggest([`${bad.slice(0, 17)}${bad[17] === '1' ? '2' : '1'}`])).not.toBe('resident_id');
  });

  it('explains its choice', () => {
    expect(suggestHierarchy('age', ['17', '90']).reason).toMatch(/numbers/);
    expect(suggestHierarchy('age', ['17', '90']).hierarchy.column).toBe('age');
  });
});
