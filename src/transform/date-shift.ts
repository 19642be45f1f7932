import { z } from 'zod';
import { HmacSha256 } from '../crypto/sha256.js';
import { WumingError } from '../errors.js';
import { daysInMonth } from './kinds.js';
import {
  type Cell,
  defineOperator,
  invalidValue,
  mapValues,
  newStats,
  onInvalidSchema,
  requireKey,
  SUPPRESSED,
} from './operator.js';

/**
 * Date shifting (as in the HIPAA "limited data set" practice and i2b2/OMOP de-id tools): every
 * date of one subject moves by the same secret offset, so intervals within a person (admission
 * → discharge, birth → visit) stay exact while calendar dates no longer match outside records.
 * The offset is HMAC-SHA-256(K, subject value) mapped to ±[minDays, maxDays], with K derived
 * from the master key and the subject column (not the date column), so all date columns — and
 * all tables — keyed on the same subject shift together. Formats are kept: 2024-03-05,
 * 2024/3/5, 20240305, 2024年3月5日, with any time part after the date left as is. Day-first
 * and month-first forms (05.03.2024, 03/05/2024) are ambiguous and are not guessed: such a cell
 * is an error or the declared safe fallback (`onInvalid`), never copied unshifted.
 * Reversible with the key when the subject's original value is available.
 */
export const dateShiftParamsSchema = z
  .strictObject({
    /** Subject column (person id); `--subject` in the shorthand. */
    subject: z.string().optional(),
    maxDays: z.number().int().min(1).max(36500).default(365),
    minDays: z.number().int().min(0).default(1),
    scope: z.string().optional(),
    /**
     * A cell that is not a date in a known format: `error` (default; the run stops naming file,
     * row and column), `redact` (empty cell) or `suppress` (`*`). Never copied unshifted.
     */
    onInvalid: onInvalidSchema,
    /**
     * How the inverse writes a shifted date whose month and day are both two digits without a
     * leading zero (2039/12/15 could come from 2039/3/2 or 2039/03/02): `padded` (ISO style),
     * `unpadded`, or `auto` (default): the style the forward run saw in the column. Set by
     * `deidentify` in the manifest from what it saw (`mixed` when the column held both styles,
     * then such cells come back padded), so `reidentify` gives the input back byte for byte.
     */
    padding: z.enum(['auto', 'padded', 'unpadded', 'mixed']).default('auto'),
  })
  .refine((p) => p.minDays <= p.maxDays, { message: '`minDays` must not exceed `maxDays`' });
export type DateShiftParams = z.input<typeof dateShiftParamsSchema>;

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level
// Date Algorithms", days_from_civil), exact for all years without Date objects.
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

// What may follow the date: a time of day (ISO 8601 or 时分秒) and a zone, nothing else, so
// text after a date ("2024-03-05 张三 138…") is not carried into the output beside a shifted date.
const TIME =
  '((?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?\\s?(?:Z|[+-]\\d{2}(?::?\\d{2})?)?|\\s?\\d{1,2}时(?:\\d{1,2}分(?:\\d{1,2}秒)?)?)?)';
const SEP_RE = new RegExp(`^(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})${TIME}$`);
const CN_RE = new RegExp(`^(\\d{4})年(\\d{1,2})月(\\d{1,2})日${TIME}$`);
const COMPACT_RE = new RegExp(`^(\\d{4})(\\d{2})(\\d{2})${TIME}$`);

/**
 * A date's month/day padding: `padded` (a leading zero: 2039/03/02; the compact form always),
 * `unpadded` (a one-digit part: 2039/3/2), `odd` (one of each: 2039/03/2), or undefined when
 * both parts are two digits (2039/12/15 reads the same in either style).
 */
type DateStyle = 'padded' | 'unpadded' | 'odd' | undefined;

interface ParsedDate {
  y: number;
  m: number;
  d: number;
  rest: string;
  style: DateStyle;
  fmt: (y: number, mo: number, d: number, pad: boolean) => string;
}

function styleOf(mo: string, d: string): DateStyle {
  const zero = mo.startsWith('0') || d.startsWith('0');
  const one = mo.length === 1 || d.length === 1;
  return zero ? (one ? 'odd' : 'padded') : one ? 'unpadded' : undefined;
}

function parseDate(s: string): ParsedDate | undefined {
  let y: string;
  let mo: string;
  let d: string;
  let rest: string;
  let style: DateStyle;
  let fmt: ParsedDate['fmt'];
  const sepM = SEP_RE.exec(s);
  const cnM = sepM ? null : CN_RE.exec(s);
  const compactM = sepM || cnM ? null : COMPACT_RE.exec(s);
  if (sepM) {
    [, y, , mo, d, rest] = sepM;
    const sep = sepM[2];
    style = styleOf(mo, d);
    fmt = (Y, M, D, p) => `${Y}${sep}${p ? pad2(M) : M}${sep}${p ? pad2(D) : D}`;
  } else if (cnM) {
    [, y, mo, d, rest] = cnM;
    style = styleOf(mo, d);
    fmt = (Y, M, D, p) => `${Y}年${p ? pad2(M) : M}月${p ? pad2(D) : D}日`;
  } else if (compactM) {
    [, y, mo, d, rest] = compactM;
    style = 'padded';
    fmt = (Y, M, D) => `${Y}${pad2(M)}${pad2(D)}`;
  } else return undefined;
  const Y = Number(y);
  const M = Number(mo);
  const D = Number(d);
  if (M < 1 || M > 12 || D < 1 || D > daysInMonth(Y, M)) return undefined;
  return { y: Y, m: M, d: D, rest, style, fmt };
}

/**
 * Shift a date string by `days`, keeping its format; undefined when it is not a date. The
 * month/day padding follows the cell (a one-digit part stays unpadded, a leading zero stays);
 * a cell that shows neither (2039/12/15) is written in the `ambiguous` style (default padded).
 * Hence the inverse is exact when it is told the column's style: a shifted cell showing a
 * style came from a cell of that style, and only the ambiguous ones need the column's.
 */
export function shiftDate(
  s: string,
  days: number,
  ambiguous: 'padded' | 'unpadded' = 'padded',
): string | undefined {
  const p = parseDate(s);
  if (!p) return undefined;
  const [Y2, M2, D2] = civilFromDays(daysFromCivil(p.y, p.m, p.d) + days);
  if (Y2 < 1000 || Y2 > 9999) return undefined;
  const pad = p.style === undefined ? ambiguous === 'padded' : p.style !== 'unpadded';
  return p.fmt(Y2, M2, D2, pad) + p.rest;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export const dateShift = defineOperator({
  name: 'date_shift',
  summary: 'shift dates by a keyed offset per subject, so intervals within a person stay exact; reversible',
  accepts: ['date'],
  restore: () => 'invert',
  takesSubject: true,
  reversible: true,
  needsKey: () => true,
  paramsSchema: dateShiftParamsSchema,
  create(params: DateShiftParams, ctx) {
    const p = dateShiftParamsSchema.parse(params);
    const keys = requireKey(ctx, 'date_shift');
    const scope = p.scope ?? (p.subject !== undefined ? `subject:${p.subject}` : `column:${ctx.column}`);
    const mac = new HmacSha256(keys.derive('date_shift', scope));
    const span = p.maxDays - p.minDays + 1;
    const dg = new Uint8Array(32);
    const offsetOf = (subject: string): number => {
      mac.mac(subject, dg);
      const u = ((dg[0] << 24) | (dg[1] << 16) | (dg[2] << 8) | dg[3]) >>> 0;
      // 2^32 mod (2·span) bias is < 2·36,501 / 2^32 ≈ 2·10^-5: negligible for a date offset.
      const r = u % (2 * span);
      const mag = p.minDays + (r >>> 1);
      return r & 1 ? -mag : mag;
    };
    const cache = new Map<string, number>();
    const stats = newStats();
    stats.extra.noSubject = 0;
    // Dates of each padding style seen by `apply` (the column's style for the manifest).
    const seen = { padded: 0, unpadded: 0, odd: 0 };
    const columnStyle = (): 'padded' | 'unpadded' | 'mixed' =>
      seen.odd > 0 || (seen.unpadded > 0 && seen.padded > 0)
        ? 'mixed'
        : seen.unpadded > 0
          ? 'unpadded'
          : 'padded';
    const ambiguousStyle = (): 'padded' | 'unpadded' => {
      const style = p.padding === 'auto' ? columnStyle() : p.padding;
      return style === 'unpadded' ? 'unpadded' : 'padded';
    };
    const run = (values: readonly Cell[], subjects: readonly Cell[] | undefined, sign: 1 | -1): Cell[] => {
      if (p.subject !== undefined && !subjects)
        throw new WumingError('SUBJECT_REQUIRED', `date_shift needs the subject column "${p.subject}"`, {
          kind: 'usage',
          location: { column: ctx.column },
        });
      return mapValues(values, stats, (v, i) => {
        let subj = subjects ? subjects[i] : '';
        if (subj === null) {
          // Rows without a subject share one offset (the empty subject's).
          stats.extra.noSubject++;
          subj = '';
        }
        let off = cache.get(subj);
        if (off === undefined) {
          off = offsetOf(subj);
          if (cache.size > 200_000) cache.clear();
          cache.set(subj, off);
        }
        if (sign === 1 && v !== null) {
          const style = parseDate(v)?.style;
          if (style) seen[style]++;
        }
        const r = shiftDate(v, sign * off, sign === 1 ? 'padded' : ambiguousStyle());
        if (r !== undefined) return r;
        // A suppressed cell in a de-identified file stays suppressed when reversed.
        if (sign === -1 && v === SUPPRESSED && p.onInvalid === 'suppress') return v;
        return invalidValue(
          p.onInvalid,
          stats,
          ctx.column,
          i,
          'date_shift cannot read this cell as a date (YYYY-MM-DD, YYYY/M/D, YYYY.MM.DD, YYYYMMDD or YYYY年M月D日)',
        );
      });
    };
    return {
      stats,
      apply: (values, subjects) => run(values, subjects, 1),
      invert: (values, subjects) => run(values, subjects, -1),
      applied: () => ({ padding: p.padding === 'auto' ? columnStyle() : p.padding }),
      caveat: () =>
        columnStyle() === 'mixed'
          ? `${seen.padded + seen.unpadded + seen.odd} dates mix zero-padded and unpadded month/day forms (2024/03/05 and 2024/3/5): reidentify gives every date back, but a date whose shifted month and day both have two digits comes back zero-padded`
          : undefined,
    };
  },
});
