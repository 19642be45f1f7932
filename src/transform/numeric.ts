/** Shared helpers for the numeric operators (noise, round, top_bottom). */

import { type Cell, invalidValue, type OnInvalid, type OperatorStats } from './operator.js';

const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parse a plain decimal number; undefined for anything else (text, '', NaN, thousands
 * separators) and for magnitudes beyond 2^53, where a double no longer holds every integer: an
 * 18-digit resident ID or a bank card in a numeric column is an identifier, not a quantity, and
 * rounding it to a multiple of 5 would publish it all but unchanged.
 */
function parseNum(s: string): number | undefined {
  const t = s.trim();
  if (!NUM_RE.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER ? n : undefined;
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
 * The loop every numeric operator shares: NULL and blank cells stay as they are, a cell that is
 * not a plain number is never copied (it is an error, or the column's declared safe fallback,
 * see `onInvalid`), and each number is mapped by `fn`, which gets the parsed value and the
 * original text (for its precision).
 */
export function mapNumbers(
  values: readonly Cell[],
  stats: OperatorStats,
  invalid: { onInvalid: OnInvalid; column: string; operator: string },
  fn: (n: number, text: string) => string,
): Cell[] {
  const out = new Array<Cell>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v;
    if (v === null) continue;
    const n = parseNum(v);
    if (n === undefined) {
      if (v.trim() !== '')
        out[i] = invalidValue(
          invalid.onInvalid,
          stats,
          invalid.column,
          i,
          `${invalid.operator} needs a plain number (at most 2^53 in magnitude) and this cell is not one`,
        );
      continue;
    }
    stats.values++;
    out[i] = fn(n, v);
  }
  return out;
}
