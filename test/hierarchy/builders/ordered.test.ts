import { describe, expect, it } from 'vitest';
import { buildGroups, buildOrdered } from '../../../src/hierarchy/builders/ordered.js';
import { labelOf, levelSizes } from '../../../src/hierarchy/builders/validate.js';
import { validateHierarchy } from '../../../src/hierarchy/validate.js';

const EDUCATION = ['小学', '初中', '高中', '中专', '大专', '本科', '硕士', '博士'];

describe('buildOrdered', () => {
  it('groups consecutive values and labels groups first~last', () => {
    const h = buildOrdered('edu', ['本科', '小学', '博士', '中专', '初中'], {
      order: EDUCATION,
      groupSizes: [2, 4],
    });
    validateHierarchy(h, { strict: true, expectedLevels: 4 });
    expect(labelOf(h, '小学', 1)).toBe('小学~初中');
    expect(labelOf(h, '初中', 1)).toBe('小学~初中');
    expect(labelOf(h, '中专', 1)).toBe('高中~中专');
    expect(labelOf(h, '本科', 1)).toBe('大专~本科');
    expect(labelOf(h, '中专', 2)).toBe('小学~中专');
    expect(labelOf(h, '博士', 2)).toBe('大专~博士');
    expect(h.labels[3]).toEqual(['*']);
  });

  it('handles a short last group, single-value groups and a custom separator', () => {
    const order = ['a', 'b', 'c', 'd', 'e'];
    const h = buildOrdered('x', order, { order, groupSizes: [1, 2, 4], separator: '-' });
    validateHierarchy(h, { strict: true, expectedLevels: 5 });
    expect(h.labels[1]).toEqual(order);
    expect(labelOf(h, 'e', 2)).toBe('e');
    expect(labelOf(h, 'c', 2)).toBe('c-d');
    expect(labelOf(h, 'e', 3)).toBe('e');
    expect(levelSizes(h)).toEqual([5, 5, 3, 2, 1]);
  });

  it('keeps all levels when the data only covers one group (ARX #362)', () => {
    const h = buildOrdered('edu', ['小学'], { order: EDUCATION, groupSizes: [2, 4, 8] });
    validateHierarchy(h, { strict: true, expectedLevels: 5 });
    expect(h.labels.slice(1)).toEqual([['小学~初中'], ['小学~中专'], ['小学~博士'], ['*']]);
  });

  it('rejects values outside the order (count only), duplicate order entries and non-nesting sizes', () => {
    try {
      buildOrdered('edu', ['本科', '文盲', '其他'], { order: EDUCATION, groupSizes: [2] });
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'HIERARCHY_ORDER_MISSING', kind: 'data', location: { column: 'edu' } });
      expect((e as Error).message).toContain('2 distinct value(s)');
      expect((e as Error).message).not.toContain('文盲');
    }
    expect(() => buildOrdered('edu', ['a'], { order: ['a', 'a'], groupSizes: [2] })).toThrow(/twice/);
    expect(() => buildOrdered('edu', ['a'], { order: ['a'], groupSizes: [2, 3] })).toThrow(/multiple/);
    expect(() => buildOrdered('edu', ['a'], { order: ['a'], groupSizes: [2, 2] })).toThrow(/multiple/);
  });
});

describe('buildGroups', () => {
  it('accepts member→group and group→members forms, chained level by level', () => {
    const h = buildGroups('edu', EDUCATION, {
      levels: [
        { 基础: ['小学', '初中'], 中等: ['高中', '中专'], 高等: ['大专', '本科', '硕士', '博士'] },
        { 基础: '非高等', 中等: '非高等', 高等: '高等' },
      ],
    });
    validateHierarchy(h, { strict: true, expectedLevels: 4 });
    expect(labelOf(h, '中专', 1)).toBe('中等');
    expect(labelOf(h, '中专', 2)).toBe('非高等');
    expect(labelOf(h, '博士', 2)).toBe('高等');
    expect(h.labels[3]).toEqual(['*']);
  });

  it('reports unmapped values (data) and unmapped groups (policy) by count', () => {
    try {
      buildGroups('edu', ['小学', '博士', '其他'], { levels: [{ 低: ['小学'] }] });
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'HIERARCHY_GROUPS_MISSING', kind: 'data' });
      expect((e as Error).message).toContain('2 distinct value(s)');
      expect((e as Error).message).not.toContain('博士');
    }
    expect(() => buildGroups('edu', ['小学'], { levels: [{ 小学: '低' }, { 高: '全部' }] })).toThrow(
      expect.objectContaining({
        kind: 'policy',
        message: expect.stringMatching(/level 1 have no group at level 2/),
      }),
    );
  });

  it('rejects mixed forms and members listed in two groups', () => {
    expect(() => buildGroups('e', ['a'], { levels: [{ g: ['a'], a: 'h' }] })).toThrow(/either/);
    expect(() => buildGroups('e', ['a'], { levels: [{ g: ['a'], h: ['a'] }] })).toThrow(/two groups/);
  });
});
