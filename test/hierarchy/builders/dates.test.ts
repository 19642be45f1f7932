import { describe, expect, it } from 'vitest';
import { buildDates, parseDate } from '../../../src/hierarchy/builders/dates.js';
import { labelOf, levelSizes } from '../../../src/hierarchy/builders/validate.js';
import { validateHierarchy } from '../../../src/hierarchy/validate.js';

describe('parseDate', () => {
  it('accepts the common spellings and normalises them', () => {
    expect(parseDate('2026-03-01')?.day).toBe('2026-03-01');
    expect(parseDate('2026/3/1')?.day).toBe('2026-03-01');
    expect(parseDate('2026.03.01')?.day).toBe('2026-03-01');
    expect(parseDate('20260301')?.day).toBe('2026-03-01');
    expect(parseDate('2026年3月1日')?.day).toBe('2026-03-01');
    expect(parseDate('2026-03-01T08:30:00Z')).toEqual({ day: '2026-03-01', hasTime: true });
    expect(parseDate('2026-03-01 08:30')).toEqual({ day: '2026-03-01', hasTime: true });
  });

  it('rejects impossible dates and other text', () => {
    for (const s of [
      '2026-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '202603',
      '2026/03-01',
      '2026-03-01 25:00',
      'abc',
      '',
    ]) {
      expect(parseDate(s)).toBeUndefined();
    }
    expect(parseDate('2024-02-29')?.day).toBe('2024-02-29');
    expect(parseDate('1900-02-29')).toBeUndefined();
    expect(parseDate('2000-02-29')?.day).toBe('2000-02-29');
  });
});

describe('buildDates', () => {
  it('builds month → quarter → year → decade → * by default', () => {
    const h = buildDates('visit', ['2026-03-01', '2026/3/2', '20251231', '1999年1月1日']);
    validateHierarchy(h, { strict: true, expectedLevels: 6 });
    expect(labelOf(h, '2026/3/2', 1)).toBe('2026-03');
    expect(labelOf(h, '2026/3/2', 2)).toBe('2026-Q1');
    expect(labelOf(h, '20251231', 2)).toBe('2025-Q4');
    expect(labelOf(h, '20251231', 3)).toBe('2025');
    expect(labelOf(h, '20251231', 4)).toBe('2020s');
    expect(labelOf(h, '1999年1月1日', 4)).toBe('1990s');
    expect(levelSizes(h)).toEqual([4, 3, 3, 3, 2, 1]);
  });

  it('adds a day level when values carry a time of day', () => {
    const h = buildDates('ts', ['2026-03-01 08:00', '2026-03-01 09:00', '2026-03-02T00:00:00+08:00']);
    validateHierarchy(h, { strict: true, expectedLevels: 7 });
    expect(h.labels[1]).toEqual(['2026-03-01', '2026-03-02']);
  });

  it('emits exactly the configured subset, even when levels collapse (ARX #362)', () => {
    const h = buildDates('d', ['2026-01-05', '2026-01-20'], { levels: ['month', 'half', 'decade'] });
    validateHierarchy(h, { strict: true, expectedLevels: 5 });
    expect(h.labels.slice(1)).toEqual([['2026-01'], ['2026-H1'], ['2020s'], ['*']]);
    const q = buildDates('d', ['2026-07-05'], { levels: ['quarter', 'half'], topLabel: 'any' });
    expect(q.labels.slice(1)).toEqual([['2026-Q3'], ['2026-H2'], ['any']]);
    const y = buildDates('d', ['2026-07-05', '1987-01-01'], { levels: ['year'] });
    validateHierarchy(y, { strict: true, expectedLevels: 3 });
  });

  it('accepts month-only values, starting at the quarter when every value is a month', () => {
    expect(parseDate('2026/3')).toEqual({ day: '2026-03', hasTime: false, monthOnly: true });
    expect(parseDate('2026年11月')?.day).toBe('2026-11');
    expect(parseDate('2026-13')).toBeUndefined();
    const months = buildDates('m', ['2026-03', '2026年4月', '2025/12']);
    validateHierarchy(months, { strict: true, expectedLevels: 5 });
    expect(labelOf(months, '2026年4月', 1)).toBe('2026-Q2');
    // Mixed with days: months stay themselves at the month level.
    const mixed = buildDates('m', ['2026-03', '2026-03-15', '2026-04-01'], {
      levels: ['day', 'month', 'year'],
    });
    validateHierarchy(mixed, { strict: true, expectedLevels: 5 });
    expect(labelOf(mixed, '2026-03', 1)).toBe('2026-03');
    expect(labelOf(mixed, '2026-03-15', 2)).toBe('2026-03');
    expect(mixed.labels[2]).toEqual(['2026-03', '2026-04']);
  });

  it('rejects levels out of order', () => {
    expect(() => buildDates('d', ['2026-01-01'], { levels: ['year', 'month'] })).toThrow(
      expect.objectContaining({ code: 'HIERARCHY_DATES_LEVELS', kind: 'policy' }),
    );
    expect(() => buildDates('d', ['2026-01-01'], { levels: ['year', 'year'] })).toThrow(/fine to coarse/);
  });

  it('reports invalid dates by count with the column, never the values', () => {
    try {
      buildDates('birth', ['2026-01-01', '2026-02-30', 'private-text']);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'HIERARCHY_NOT_DATE', kind: 'data', location: { column: 'birth' } });
      expect((e as Error).message).toContain('2 distinct value(s)');
      expect((e as Error).message).not.toContain('private-text');
      expect((e as Error).message).not.toContain('2026-02-30');
    }
  });

  it('builds 100k distinct days over three centuries', () => {
    const start = Date.UTC(1800, 0, 1);
    const leaves = Array.from({ length: 100_000 }, (_, i) =>
      new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    );
    const h = buildDates('d', leaves);
    validateHierarchy(h, { strict: true, expectedLevels: 6 });
    expect(levelSizes(h)[3]).toBe(274); // 1800..2073
    expect(levelSizes(h)[4]).toBe(28);
  });
});
