import type { Finding } from './types.js';

/**
 * Context enhancement on character windows, after Presidio's LemmaContextAwareEnhancer but
 * without tokenisation, so Chinese context words (身份证, 手机 …) work on raw text: if a context
 * word occurs within `before` characters before or `after` characters after the span (on the
 * same line), the score rises by `factor` and is at least `floor`. Negative words (订单号,
 * tracking …) lower it by `penalty`.
 */
export interface ContextSpec {
  words: readonly string[];
  negative?: readonly string[];
  before?: number;
  after?: number;
  factor?: number;
  floor?: number;
  penalty?: number;
}

const DEFAULT_FACTOR = 0.35;
const DEFAULT_FLOOR = 0.4;

/** The text of the window on the same line, lower-cased (English context words are lower-case). */
export function windowBefore(text: string, start: number, n: number): string {
  const from = Math.max(0, start - n);
  let s = text.slice(from, start);
  const nl = s.lastIndexOf('\n');
  if (nl >= 0) s = s.slice(nl + 1);
  return s.toLowerCase();
}

function windowAfter(text: string, end: number, n: number): string {
  let s = text.slice(end, end + n);
  const nl = s.indexOf('\n');
  if (nl >= 0) s = s.slice(0, nl);
  return s.toLowerCase();
}

function hasAny(s: string, words: readonly string[]): string | undefined {
  for (const w of words) if (s.includes(w)) return w;
  return undefined;
}

export interface ContextResult {
  score: number;
  positive?: string;
  negative?: string;
}

export function contextScore(
  text: string,
  start: number,
  end: number,
  base: number,
  spec: ContextSpec,
): ContextResult {
  const b = windowBefore(text, start, spec.before ?? 24);
  const a = windowAfter(text, end, spec.after ?? 8);
  const positive = hasAny(b, spec.words) ?? hasAny(a, spec.words);
  let score = base;
  if (positive) score = Math.max(score + (spec.factor ?? DEFAULT_FACTOR), spec.floor ?? DEFAULT_FLOOR);
  let negative: string | undefined;
  if (spec.negative) {
    // Negative words count only close before the span: "订单号 12…" but not a later sentence.
    const nb = b.slice(Math.max(0, b.length - 12));
    negative = hasAny(nb, spec.negative);
    if (negative && (!positive || nb.lastIndexOf(negative) > nb.lastIndexOf(positive)))
      score -= spec.penalty ?? 0.4;
    else negative = undefined;
  }
  return { score: Math.min(1, Math.max(0, score)), positive, negative };
}

/** Build a finding after context enhancement; explanation names the rule, never the value. */
export function makeFinding(
  text: string,
  type: string,
  detector: string,
  start: number,
  end: number,
  base: number,
  spec: ContextSpec | undefined,
  why: string,
  validated = false,
): Finding {
  let score = base;
  let explanation = why;
  if (spec) {
    const r = contextScore(text, start, end, base, spec);
    score = r.score;
    if (r.positive) explanation += `; context word "${r.positive}"`;
    if (r.negative) explanation += `; negative context "${r.negative}"`;
  }
  return { type, start, end, score: Math.round(score * 1000) / 1000, detector, explanation, validated };
}

/** Look-alike words shared by numeric detectors: order, tracking, invoice, serial numbers, money. */
export const NUMERIC_NEGATIVE = [
  '订单',
  '单号',
  '运单',
  '快递',
  '物流',
  '流水',
  '交易号',
  '编号',
  '序列号',
  '工单',
  '发票',
  '批次',
  '金额',
  '合同号',
  'order',
  'tracking',
  'invoice',
  'serial',
  'transaction',
  'ref',
  'sku',
];

/** Gregorian date check; years 1900..now. */
export function validDate(y: number, m: number, d: number, now = new Date()): boolean {
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const dim = [
    31,
    (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ][m - 1];
  if (d > dim) return false;
  const t = Date.UTC(y, m - 1, d);
  return t <= now.getTime();
}

/**
 * All matches of a global regex. Unlike String.prototype.matchAll this does not clone the
 * regex on every call (a measurable cost when called once per line).
 */
export function execAll(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
