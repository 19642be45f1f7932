import { describe, expect, it } from 'vitest';
import { MACRO_REGIONS, regionData } from '../../../src/china/regions.js';
import { buildRegion } from '../../../src/hierarchy/builders/region.js';
import { labelOf, levelSizes } from '../../../src/hierarchy/builders/validate.js';
import { validateHierarchy } from '../../../src/hierarchy/validate.js';

describe('region data', () => {
  it('assigns every province to exactly one macro-region in both schemes', () => {
    const provinces = [...regionData().provinces.keys()].sort();
    expect(provinces).toHaveLength(34);
    for (const scheme of Object.values(MACRO_REGIONS)) {
      const assigned = Object.values(scheme).flat().sort();
      expect(assigned).toEqual(provinces);
    }
  });

  it('loads once', () => {
    expect(regionData()).toBe(regionData());
  });
});

describe('buildRegion from codes', () => {
  it('maps district codes to city, province, macro-region and *', () => {
    const h = buildRegion('area', ['110105', '220104', '440305', '441900', '429004', '500229', '500101']);
    validateHierarchy(h, { strict: true, expectedLevels: 5 });
    expect([1, 2, 3, 4].map((l) => labelOf(h, '440305', l))).toEqual(['深圳市', '广东省', '华南', '*']);
    // Municipalities: the 市辖区 and 县 entries are one city-level unit named after the municipality.
    expect(labelOf(h, '110105', 1)).toBe('北京市');
    expect(labelOf(h, '500229', 1)).toBe('重庆市');
    expect(labelOf(h, '500101', 1)).toBe('重庆市');
    expect(labelOf(h, '220104', 1)).toBe('长春市');
    expect(labelOf(h, '220104', 3)).toBe('东北');
    // Prefecture-level city without districts, and county-level cities directly under a province.
    expect(labelOf(h, '441900', 1)).toBe('东莞市');
    expect(labelOf(h, '429004', 1)).toBe('湖北省直辖县级行政区划');
    expect(labelOf(h, '429004', 3)).toBe('华中');
  });

  it('starts at the province when leaves are city codes, and at the macro level for provinces', () => {
    const cities = buildRegion('city', ['4403', '1101', '440100', '5002']);
    validateHierarchy(cities, { strict: true, expectedLevels: 4 });
    expect(labelOf(cities, '440100', 1)).toBe('广东省');
    expect(labelOf(cities, '5002', 1)).toBe('重庆市');
    const provinces = buildRegion('prov', ['44', '110000', '810000', '71']);
    validateHierarchy(provinces, { strict: true, expectedLevels: 3 });
    expect(labelOf(provinces, '810000', 1)).toBe('华南');
    expect(labelOf(provinces, '71', 1)).toBe('华东');
  });

  it('keeps coarser leaves at finer levels without breaking monotonicity', () => {
    const h = buildRegion('area', ['440305', '440000', '110000']);
    validateHierarchy(h, { strict: true, expectedLevels: 5 });
    expect(labelOf(h, '440000', 1)).toBe('广东省(地市不详)');
    expect(labelOf(h, '110000', 1)).toBe('北京市');
    expect(labelOf(h, '440000', 2)).toBe('广东省');
  });

  it('supports the NBS four-region scheme and a subset of levels', () => {
    const h = buildRegion('area', ['440305', '510104', '210102'], {
      macro: 'nbs4',
      levels: ['province', 'macro'],
    });
    validateHierarchy(h, { strict: true, expectedLevels: 4 });
    expect(labelOf(h, '440305', 2)).toBe('东部');
    expect(labelOf(h, '510104', 2)).toBe('西部');
    expect(labelOf(h, '210102', 2)).toBe('东北');
    const one = buildRegion('area', ['440305'], { levels: ['macro'] });
    validateHierarchy(one, { strict: true, expectedLevels: 3 });
    expect(() => buildRegion('area', ['440305'], { levels: ['province', 'city'] })).toThrow(
      expect.objectContaining({ kind: 'policy' }),
    );
  });

  it('reports unknown codes by count, or keeps them under their province with unknownCodes: prefix', () => {
    // 371202 (莱城区) belonged to 莱芜市 (3712), merged into 济南 in 2019: absent from the 2023 table.
    try {
      buildRegion('area', ['371202', '440305', '999999', '12345']);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        code: 'HIERARCHY_REGION_UNKNOWN',
        kind: 'data',
        location: { column: 'area' },
      });
      expect((e as Error).message).toContain('3 distinct value(s)');
      expect((e as Error).message).not.toContain('371202');
    }
    const h = buildRegion('area', ['371202', '440305'], { unknownCodes: 'prefix' });
    validateHierarchy(h, { strict: true, expectedLevels: 5 });
    expect(labelOf(h, '371202', 1)).toBe('371200');
    expect(labelOf(h, '371202', 2)).toBe('山东省');
  });
});

describe('buildRegion from names', () => {
  it('resolves full paths, bare names and short province names', () => {
    const leaves = [
      '广东省深圳市南山区',
      '北京市朝阳区',
      '北京朝阳区',
      '吉林市',
      '吉林省吉林市昌邑区',
      '海南藏族自治州',
      '东莞市',
      '湖北省仙桃市',
      '上海',
      '内蒙古',
      '西湖区',
    ];
    // 西湖区 exists in 杭州 and 南昌 → ambiguous without help; give it a parent.
    const h = buildRegion('addr', leaves, { parentValues: new Map([['西湖区', '浙江省']]) });
    validateHierarchy(h, { strict: true, expectedLevels: 5 });
    expect(labelOf(h, '广东省深圳市南山区', 1)).toBe('深圳市');
    expect(labelOf(h, '北京市朝阳区', 1)).toBe('北京市');
    expect(labelOf(h, '北京朝阳区', 2)).toBe('北京市');
    expect(labelOf(h, '吉林市', 2)).toBe('吉林省');
    expect(labelOf(h, '吉林省吉林市昌邑区', 1)).toBe('吉林市');
    expect(labelOf(h, '海南藏族自治州', 2)).toBe('青海省');
    expect(labelOf(h, '东莞市', 1)).toBe('东莞市');
    expect(labelOf(h, '湖北省仙桃市', 1)).toBe('湖北省直辖县级行政区划');
    expect(labelOf(h, '上海', 1)).toBe('上海市');
    expect(labelOf(h, '内蒙古', 3)).toBe('华北');
    expect(labelOf(h, '西湖区', 1)).toBe('杭州市');
  });

  it('reports ambiguous district names by count, and resolves them with parent values', () => {
    try {
      buildRegion('district', ['朝阳区', '南山区', '海淀区']);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        code: 'HIERARCHY_REGION_AMBIGUOUS',
        kind: 'data',
        location: { column: 'district' },
      });
      expect((e as Error).message).toContain('2 distinct value(s) name more than one place');
      expect((e as Error).message).not.toContain('朝阳区');
    }
    const parents = new Map([
      ['朝阳区', '长春市'],
      ['南山区', '440000'],
    ]);
    const h = buildRegion('district', ['朝阳区', '南山区', '海淀区'], { parentValues: parents });
    validateHierarchy(h, { strict: true, expectedLevels: 5 });
    expect(labelOf(h, '朝阳区', 1)).toBe('长春市');
    expect(labelOf(h, '南山区', 1)).toBe('深圳市');
    expect(labelOf(h, '海淀区', 1)).toBe('北京市');
    // A parent that matches none of the candidates leaves the value unresolved.
    expect(() =>
      buildRegion('district', ['朝阳区'], { parentValues: new Map([['朝阳区', '广东省']]) }),
    ).toThrow(expect.objectContaining({ code: 'HIERARCHY_REGION_UNKNOWN' }));
    // Ambiguous within one province too: 河北 has two 桥西区 (石家庄, 张家口).
    expect(() => buildRegion('district', ['河北省桥西区'])).toThrow(
      expect.objectContaining({ code: 'HIERARCHY_REGION_AMBIGUOUS' }),
    );
    expect(labelOf(buildRegion('district', ['河北省张家口市桥西区']), '河北省张家口市桥西区', 1)).toBe(
      '张家口市',
    );
  });

  it('rejects text that is not a place', () => {
    expect(() => buildRegion('x', ['男', '女'])).toThrow(
      expect.objectContaining({ code: 'HIERARCHY_REGION_UNKNOWN' }),
    );
  });
});

describe('buildRegion at scale', () => {
  it('builds all 2978 district codes and their names', () => {
    const d = regionData();
    const codes = [...d.areas.keys()];
    const h = buildRegion('area', codes);
    validateHierarchy(h, { strict: true, expectedLevels: 5 });
    // 342 city entries, but the 5 municipal 市辖区/县 entries form 4 municipality units.
    expect(levelSizes(h)).toEqual([2978, 341, 31, 7, 1]);
    // Full-path names for every district resolve to the same city as the code.
    const paths = codes.map((c) => {
      const area = d.areas.get(c)!;
      const city = d.cities.get(area.city)!;
      const cityPart = ['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'].includes(city.name)
        ? ''
        : city.name;
      return `${d.provinces.get(c.slice(0, 2))}${cityPart}${area.name}`;
    });
    const byName = buildRegion('area', paths);
    validateHierarchy(byName, { strict: true, expectedLevels: 5 });
    for (let i = 0; i < codes.length; i += 37) {
      expect(labelOf(byName, paths[i], 1)).toBe(labelOf(h, codes[i], 1));
    }
  });
});
