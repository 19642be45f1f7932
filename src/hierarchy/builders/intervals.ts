import { z } from 'zod';
import { WumingError } from '../../errors.js';
import type { Hierarchy } from '../hierarchy.js';
import { buildChain, type ChainStep, formatNumber, TOP, topStep } from './chain.js';

export const intervalsOptionsSchema = z.strictObject({
  /**
   * Interval width per level, strictly increasing, each a whole multiple of the one before so the
   * intervals nest (e.g. [5, 10, 20, 40]). Default: derived from the data range.
   */
  widths: z.array(z.number().positive()).min(1).optional(),
  /** Bottom coding: values below `min` become "<min" at every level below the top. */
  min: z.number().optional(),
  /** Top coding: values at or above `max` become "≥max" at every level below the top. */
  max: z.number().optional(),
  /** An interval boundary. Default: a multiple of the widest width at or below `min` (or the data minimum). */
  anchor: z.number().optional(),
  topLabel: z.string().min(1).optional(),
});
export type IntervalsOptions = z.input<typeof intervalsOptionsSchema>;

// Plain decimal or scientific notation, as found in CSV exports; no thousands separators, no units.
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (!NUMBER_RE.test(t)) return undefined;
  const x = Number(t);
  return Number.isFinite(x) ? x : undefined;
}

/** Smallest "nice" number (1, 2 or 5 × 10^k) that is ≥ x. */
function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/** floor(q), treating values within rounding noise of an integer as that integer (0.3/0.1 → 3). */
function floorTolerant(q: number): number {
  const r = Math.round(q);
  return Math.abs(q - r) <= 1e-9 * Math.max(1, Math.abs(q)) ? r : Math.floor(q);
}

/**
 * Default widths: a nice base width giving about 20 intervals over the range (at least 1 for
 * integer data, where narrower intervals would not generalise anything), then doubling until at
 * most two intervals remain, like the fan-out a person would pick by hand.
 */
export function defaultWidths(lo: number, hi: number, integers: boolean): number[] {
  let base = niceCeil((hi - lo) / 20);
  if (integers) base = Math.max(1, base);
  const widths = [base];
  const bins = (w: number) => {
    const a = Math.floor(lo / w) * w;
    return Math.floor((hi - a) / w) + 1;
  };
  while (bins(widths[widths.length - 1]) > 2 && widths.length < 16)
    widths.push(widths[widths.length - 1] * 2);
  return widths;
}

/**
 * Numeric intervals of growing width, labelled half-open like "[20, 25)", then the top value.
 * Bin i at width w is [anchor + i·w, anchor + (i+1)·w); because each width is k times the one
 * below, bin i at one level lies inside bin floor(i/k) at the next, so levels nest exactly.
 */
export function buildIntervals(
  column: string,
  leaves: readonly string[],
  options: IntervalsOptions = {},
): Hierarchy {
  const { min, max } = options;
  const top = options.topLabel ?? TOP;
  const policy = (code: string, message: string) =>
    new WumingError(code, message, { kind: 'policy', location: { column } });
  if (min !== undefined && max !== undefined && !(min < max)) {
    throw policy('HIERARCHY_INTERVALS_RANGE', `intervals for column "${column}": min must be below max`);
  }

  // Parse once; the data range drives the default widths and anchor.
  const values = new Float64Array(leaves.length);
  let bad = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let integers = true;
  for (let i = 0; i < leaves.length; i++) {
    const x = parseNumber(leaves[i]);
    if (x === undefined) {
      bad++;
      values[i] = Number.NaN;
      continue;
    }
    values[i] = x;
    if ((min !== undefined && x < min) || (max !== undefined && x >= max)) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
    if (!Number.isInteger(x)) integers = false;
  }
  if (bad > 0) {
    throw new WumingError(
      'HIERARCHY_NOT_NUMERIC',
      `column "${column}": ${bad} distinct value(s) are not numbers, so an interval hierarchy cannot be built`,
      { kind: 'data', location: { column } },
    );
  }
  if (lo > hi) {
    // Every value is bottom/top coded (or there are none); the range between min and max still
    // defines the intervals so the level count does not depend on the data.
    lo = min ?? max ?? 0;
    hi = max ?? lo;
  }

  const widths = options.widths ?? defaultWidths(lo, hi, integers);
  const ratios: number[] = [];
  for (let j = 1; j < widths.length; j++) {
    const k = widths[j] / widths[j - 1];
    const r = Math.round(k);
    if (!(r >= 2) || Math.abs(k - r) > 1e-9 * k) {
      throw policy(
        'HIERARCHY_INTERVALS_WIDTHS',
        `intervals for column "${column}": each width must be a whole multiple (≥2×) of the previous one so intervals nest; got ${widths[j - 1]} then ${widths[j]}`,
      );
    }
    ratios.push(r);
  }
  const widest = widths[widths.length - 1];
  // A multiple of the widest width keeps boundaries round ([15, 20) rather than [18, 23) when
  // min is 18); intervals are clipped to min/max in the labels instead.
  const anchor = options.anchor ?? Math.floor((min ?? lo) / widest) * widest;

  const BELOW = 'lt';
  const ABOVE = 'ge';
  const specialLabel = (key: string) => (key === BELOW ? `<${formatNumber(min!)}` : `≥${formatNumber(max!)}`);
  const label = (w: number) => (key: string) => {
    if (key === BELOW || key === ABOVE) return specialLabel(key);
    const i = Number(key);
    let a = anchor + i * w;
    let b = a + w;
    if (min !== undefined && a < min) a = min;
    if (max !== undefined && b > max) b = max;
    return `[${formatNumber(a)}, ${formatNumber(b)})`;
  };

  const leafKey = (_leaf: string, i: number): string => {
    const x = values[i];
    if (min !== undefined && x < min) return BELOW;
    if (max !== undefined && x >= max) return ABOVE;
    return String(floorTolerant((x - anchor) / widths[0]));
  };
  const steps: ChainStep[] = [{ name: formatNumber(widths[0]), next: (k) => k, label: label(widths[0]) }];
  for (let j = 1; j < widths.length; j++) {
    const k = ratios[j - 1];
    steps.push({
      name: formatNumber(widths[j]),
      next: (key) => (key === BELOW || key === ABOVE ? key : String(Math.floor(Number(key) / k))),
      label: label(widths[j]),
    });
  }
  steps.push(topStep(top));

  const coding = [
    min !== undefined ? `min ${formatNumber(min)}` : '',
    max !== undefined ? `max ${formatNumber(max)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return buildChain({
    column,
    leaves,
    leafKey,
    steps,
    invalid: () => new WumingError('HIERARCHY_INTERNAL', 'unreachable', { kind: 'internal' }),
    origin: `intervals(widths ${widths.map(formatNumber).join('/')}${coding ? `; ${coding}` : ''})`,
  });
}
