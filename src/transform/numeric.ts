/** Shared helpers for the numeric operators (noise, round, top_bottom). */

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
