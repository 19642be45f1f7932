import { z } from 'zod';
import { WumingError } from '../../errors.js';
import type { Hierarchy } from '../hierarchy.js';
import { buildChain, type ChainStep, TOP, topStep } from './chain.js';

/** Date levels from fine to coarse; each is a function of every finer one. */
const DATE_LEVELS = ['day', 'month', 'quarter', 'half', 'year', 'decade'] as const;
type DateLevel = (typeof DATE_LEVELS)[number];

export const datesOptionsSchema = z.strictObject({
  /**
   * Which levels to emit, fine to coarse, any subset of day, month, quarter, half, year, decade.
   * Default: month, quarter, year, decade (plus day first when the values carry a time of day;
   * without month when every value is a month such as 2026-03).
   */
  levels: z.array(z.enum(DATE_LEVELS)).min(1).optional(),
  topLabel: z.string().min(1).optional(),
});
export type DatesOptions = z.input<typeof datesOptionsSchema>;

const DEFAULT_DATE_LEVELS: readonly DateLevel[] = ['month', 'quarter', 'year', 'decade'];

// 2026-03-01, 2026/3/1, 2026.03.01, optionally followed by a time (ISO "T" or a space, optional
// seconds, fraction and zone); 20260301; 2026年3月1日.
const SEPARATED =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const CHINESE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
// Month-only values: 2026-03, 2026/3, 2026年3月 (a bare 202603 is left to other builders: it is
// as likely a code or an amount).
const MONTH = /^(\d{4})(?:[-/.](\d{1,2})|年(\d{1,2})月)$/;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 && isLeap(y) ? 29 : DAYS[m - 1]);
}

export interface ParsedDate {
  /** Canonical YYYY-MM-DD, or YYYY-MM for a month-only value. */
  day: string;
  hasTime: boolean;
  /** The value names a month, not a day. */
  monthOnly?: boolean;
}

/** Parses the accepted date spellings to YYYY-MM-DD; undefined if not a real calendar date. */
export function parseDate(s: string): ParsedDate | undefined {
  const t = s.trim();
  let y: string;
  let m: string;
  let d: string;
  let hasTime = false;
  const g = SEPARATED.exec(t);
  const h = g ? null : (COMPACT.exec(t) ?? CHINESE.exec(t));
  if (g) {
    [y, m, d] = [g[1], g[3], g[4]];
    if (g[5] !== undefined) {
      if (Number(g[5]) > 23 || Number(g[6]) > 59 || (g[7] !== undefined && Number(g[7]) > 60))
        return undefined;
      hasTime = true;
    }
  } else if (h) {
    [y, m, d] = [h[1], h[2], h[3]];
  } else {
    const mo = MONTH.exec(t);
    if (!mo) return undefined;
    const month = mo[2] ?? mo[3];
    if (Number(month) < 1 || Number(month) > 12) return undefined;
    return { day: `${mo[1]}-${month.padStart(2, '0')}`, hasTime: false, monthOnly: true };
  }
  if (!isValidDate(Number(y), Number(m), Number(d))) return undefined;
  return { day: `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`, hasTime };
}

/**
 * Key of a date at `level`, computed from a key at any finer level. Keys: day "2026-03-01",
 * month "2026-03", quarter "2026-Q1", half "2026-H1", year "2026", decade "2020s". Every key
 * starts with the 4-digit year; month-bearing keys have the month at [5,7), quarter keys the
 * quarter digit at 6.
 */
function coarsen(key: string, level: DateLevel): string {
  const y = key.slice(0, 4);
  switch (level) {
    case 'day':
      return key;
    case 'month':
      return key.slice(0, 7);
    case 'quarter':
      return `${y}-Q${Math.floor((Number(key.slice(5, 7)) - 1) / 3) + 1}`;
    case 'half': {
      const q = key[5] === 'Q' ? Number(key[6]) : Math.floor((Number(key.slice(5, 7)) - 1) / 3) + 1;
      return `${y}-H${q <= 2 ? 1 : 2}`;
    }
    case 'year':
      return y;
    case 'decade':
      return `${y.slice(0, 3)}0s`;
  }
}

/**
 * Calendar hierarchy: (day →) month → quarter → (half →) year → decade → "*", any subset in that
 * order. Values that are not real dates (2026-02-30, free text) → WumingError naming the column
 * and the count.
 */
export function buildDates(column: string, leaves: readonly string[], options: DatesOptions = {}): Hierarchy {
  const parsed: (ParsedDate | undefined)[] = leaves.map(parseDate);
  let levels: readonly DateLevel[];
  if (options.levels) {
    levels = options.levels;
    for (let i = 1; i < levels.length; i++) {
      if (DATE_LEVELS.indexOf(levels[i]) <= DATE_LEVELS.indexOf(levels[i - 1])) {
        throw new WumingError(
          'HIERARCHY_DATES_LEVELS',
          `dates for column "${column}": levels must go from fine to coarse without repeats (${DATE_LEVELS.join(' → ')})`,
          { kind: 'policy', location: { column } },
        );
      }
    }
  } else {
    // Start just above the finest granularity present: times → day, days → month, months only →
    // quarter. A month-only value keeps its month at a day level, like any coarser leaf.
    if (parsed.some((p) => p?.hasTime)) levels = ['day', ...DEFAULT_DATE_LEVELS];
    else if (parsed.every((p) => p?.monthOnly)) levels = DEFAULT_DATE_LEVELS.slice(1);
    else levels = DEFAULT_DATE_LEVELS;
  }
  const steps: ChainStep[] = levels.map((level) => ({ name: level, next: (k: string) => coarsen(k, level) }));
  steps.push(topStep(options.topLabel ?? TOP));
  return buildChain({
    column,
    leaves,
    leafKey: (_leaf, i) => parsed[i]?.day,
    steps,
    invalid: (count) =>
      new WumingError(
        'HIERARCHY_NOT_DATE',
        `column "${column}": ${count} distinct value(s) are not dates (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY年M月D日 or a month YYYY-MM), so a date hierarchy cannot be built`,
        { kind: 'data', location: { column } },
      ),
    origin: `dates(${[...levels, 'top'].join(' > ')})`,
  });
}
