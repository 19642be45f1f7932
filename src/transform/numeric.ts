/** Shared helpers for the numeric operators (noise, round, top_bottom). */

import type { Cell, OperatorStats } from './operator.js';

const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parse a plain decimal number; undefined for anything else (text, '', NaN, thousands separators). */
export function parseNum(s: string): number | undefined {
  const t = s.trim();
  if (!NUM_RE.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** Digits after the decimal point as written ("12.50" → 2), so output keeps the input's precision. */
export function decimalsOf(s: string): number {
  const t = s.trim();
  if (/[eE]/.test(t)) return 6;
  const dot = t.indexOf('.');
  return dot < 0 ? 0 : t.length - dot - 1;
}

export function formatNum(n: number, decimals: number): string {
  const s = n.toFixed(Math.min(Math.max(decimals, 0), 20));
  // "-0" and "-0.00" read badly and sort oddly.
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

/**
 * The loop every numeric operator shares: NULL stays NULL, a cell that is not a plain number is
 * kept as written and counted as a fallback (unless blank), and each number is mapped by `fn`,
 * which gets the parsed value and the original text (for its precision).
 */
export function mapNumbers(
  values: readonly Cell[],
  stats: OperatorStats,
  fn: (n: number, text: string) => string,
): Cell[] {
  const out = new Array<Cell>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v;
    if (v === null) continue;
    const n = parseNum(v);
    if (n === undefined) {
      if (v.trim() !== '') stats.fallback++;
      continue;
    }
    stats.values++;
    out[i] = fn(n, v);
  }
  return out;
}
