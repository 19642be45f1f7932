import { z } from 'zod';
import { luhnCheckDigit, residentIdCheckChar } from '../china/checksums.js';
import { BASE62, FF1 } from '../crypto/ff1.js';
import {
  dayOfYear,
  daysInYear,
  fromDayOfYear,
  inferKind,
  isBankCard,
  isMobile,
  isResidentId,
} from './kinds.js';
import {
  type Cell,
  defineOperator,
  InvalidValueError,
  mapValues,
  newStats,
  requireKey,
  SUPPRESSED,
} from './operator.js';

/**
 * Format-preserving encryption with FF1 (NIST SP 800-38G Rev. 1), type-aware:
 *
 * - resident_id: region code and birth year kept; (day of year, sequence number) encrypted
 *   jointly; check digit recomputed. The sequence alone has 1,000 values (500 with the sex digit
 *   kept), far below Rev. 1's minimum domain radix^minlen ≥ 10^6, and the birth date alone is
 *   worse. So N = day-of-year·500 + ⌊seq/2⌋ (≤ 183,000 values) is enciphered with FF1 over the
 *   6-digit domain [0, 10^6) — which meets the minimum — and cycle-walked (Black & Rogaway,
 *   "Ciphers with Arbitrary Finite Domains", CT-RSA 2002) back into [0, 366·500): a permutation
 *   of the valid values, ~5.5 FF1 calls per value on average. The year, region and kept sex
 *   parity form the tweak, so every (region, year) uses an independent permutation. Keeping the
 *   year keeps ages (the main analytic use of the birth date); birth day and sequence change.
 * - mobile: the 3-digit network prefix (13x–19x) kept as tweak, the 8 subscriber digits
 *   encrypted (10^8 ≥ 10^6).
 * - bank_card: BIN (first 6) kept as tweak, the middle digits encrypted (≥ 6 digits for 13–19
 *   digit cards), Luhn digit recomputed.
 * - digits: every digit encrypted (radix 10, ≥ 6 digits), other characters stay in place.
 * - alnum: every [0-9A-Za-z] character encrypted over radix 62 (≥ 4 characters).
 *
 * Values in a structured column that do not have the structure (a typo'd ID, a landline in a
 * mobile column) go through the `digits` path and are cycle-walked until the result is also
 * not well-formed. So "well-formed" is preserved in both directions and decryption always knows
 * which path a value took: the round trip is exact for every value.
 */
export const fpeParamsSchema = z.strictObject({
  kind: z.enum(['auto', 'resident_id', 'mobile', 'bank_card', 'digits', 'alnum']).default('auto'),
  /** resident_id: keep the sex digit's parity (odd = male, GB 11643-1999). */
  keepSex: z.boolean().default(true),
  /**
   * Values with too few characters to encrypt under the Rev. 1 minimum domain, or none at all
   * (text in a digits column): `error` (default; file, row and column named), `null` (empty
   * cell) or `suppress` (`*`). `keep` is refused: it would publish the value unchanged.
   */
  onShort: z
    .enum(['error', 'keep', 'null', 'suppress'])
    .default('error')
    .refine((v) => v !== 'keep', {
      message: 'onShort: keep would publish short values unchanged; use null or suppress (or token)',
    }),
  /** Key scope (default: the column name); equal scopes give equal ciphertexts across tables. */
  scope: z.string().optional(),
});
export type FpeParams = z.input<typeof fpeParamsSchema>;
type Kind = Exclude<z.output<typeof fpeParamsSchema>['kind'], 'auto'>;

const FPE_KINDS = ['resident_id', 'bank_card', 'mobile'] as const;

const enc8 = new TextEncoder();

function isValid(kind: Kind, s: string): boolean {
  switch (kind) {
    case 'resident_id':
      return isResidentId(s);
    case 'mobile':
      return isMobile(s);
    case 'bank_card':
      return isBankCard(s);
    default:
      return false;
  }
}

export const fpe = defineOperator({
  name: 'fpe',
  summary: 'format-preserving encryption (FF1): an ID stays a valid ID, reversible with the key',
  accepts: ['identifier'],
  reversible: true,
  needsKey: () => true,
  restore: () => 'invert',
  // Kinds are preserved value by value, so the encrypted file infers the same kind when reversed.
  autoKind: { candidates: FPE_KINDS, otherwise: 'digits', onReverse: true },
  paramsSchema: fpeParamsSchema,
  create(params: FpeParams, ctx) {
    const p = fpeParamsSchema.parse(params);
    const key = requireKey(ctx, 'fpe').derive('fpe', p.scope ?? ctx.column);
    const f10 = new FF1(key, 10);
    const f62 = new FF1(key, 62);
    const stats = newStats();
    stats.extra.walks = 0;
    stats.extra.unstructured = 0;
    let kind: Kind | undefined = p.kind === 'auto' ? undefined : p.kind;
    const tweaks = new Map<string, Uint8Array>();
    const tw = (s: string): Uint8Array => {
      let t = tweaks.get(s);
      if (!t) {
        t = enc8.encode(s);
        if (tweaks.size > 100_000) tweaks.clear();
        tweaks.set(s, t);
      }
      return t;
    };
    // Index of the value being transformed, for an error naming its row.
    let at = 0;
    const short = (need: number): string | null | undefined => {
      if (p.onShort === 'error')
        throw new InvalidValueError(
          at,
          ctx.column,
          `a value has fewer than ${need} encryptable characters (NIST SP 800-38G Rev. 1 requires radix^length ≥ 1,000,000)`,
          'FPE_DOMAIN_TOO_SMALL',
          'fix the cell, set onShort: null or suppress for this column, or use token instead',
        );
      stats.fallback++;
      return p.onShort === 'suppress' ? SUPPRESSED : null;
    };

    const digitsArr = (s: string): number[] => {
      const a = new Array<number>(s.length);
      for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i) - 48;
      return a;
    };
    const ffDigits = (s: string, t: Uint8Array, enc: boolean): string => {
      const y = enc ? f10.encrypt(digitsArr(s), t) : f10.decrypt(digitsArr(s), t);
      let o = '';
      for (const d of y) o += String.fromCharCode(48 + d);
      return o;
    };

    const residentId = (s: string, enc: boolean): string => {
      const region = s.slice(0, 6);
      const year = Number(s.slice(6, 10));
      const m = Number(s.slice(10, 12));
      const d = Number(s.slice(12, 14));
      const seq = Number(s.slice(14, 17));
      const per = p.keepSex ? 500 : 1000;
      const parity = seq & 1;
      const D = daysInYear(year) * per;
      // A compact binary tweak (7 bytes) keeps Q within one AES block: one AES call per round.
      const t = idTweak(Number(region), year, p.keepSex ? parity + 2 : 0);
      let x = dayOfYear(year, m, d) * per + (p.keepSex ? seq >> 1 : seq);
      // Cycle-walk: apply the 10^6-domain permutation until we land back in [0, D).
      do {
        const y = enc ? f10.encrypt(sixDigits(x), t) : f10.decrypt(sixDigits(x), t);
        x = y[0] * 100000 + y[1] * 10000 + y[2] * 1000 + y[3] * 100 + y[4] * 10 + y[5];
        stats.extra.walks++;
      } while (x >= D);
      const doy = Math.floor(x / per);
      const r = x % per;
      const seq2 = p.keepSex ? r * 2 + parity : r;
      const [m2, d2] = fromDayOfYear(year, doy);
      const body = `${region}${s.slice(6, 10)}${pad2(m2)}${pad2(d2)}${String(seq2).padStart(3, '0')}`;
      return body + residentIdCheckChar(body);
    };

    /** Digits-only path; `avoid` cycle-walks so the result stays outside the structured class. */
    const digitsPath = (s: string, enc: boolean, avoid: Kind | undefined): string | null | undefined => {
      let ds = '';
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 48 && c <= 57) ds += s[i];
      }
      // Nothing to encrypt is the shortest case of all: copying the value would publish it.
      if (ds.length < f10.minlen) return short(f10.minlen);
      const t = tw(`dig|${avoid ?? ''}`);
      let cur = s;
      for (;;) {
        ds = ffDigits(ds, t, enc);
        let k = 0;
        let o = '';
        for (let i = 0; i < cur.length; i++) {
          const c = cur.charCodeAt(i);
          o += c >= 48 && c <= 57 ? ds[k++] : cur[i];
        }
        cur = o;
        stats.extra.walks++;
        if (avoid === undefined || !isValid(avoid, cur)) return cur;
      }
    };

    const alnumPath = (s: string, enc: boolean): string | null | undefined => {
      const pos: number[] = [];
      const x: number[] = [];
      for (let i = 0; i < s.length; i++) {
        const v = BASE62.indexOf(s[i]);
        if (v >= 0) {
          pos.push(i);
          x.push(v);
        }
      }
      if (x.length < f62.minlen) return short(f62.minlen);
      const y = enc ? f62.encrypt(x, tw('aln|')) : f62.decrypt(x, tw('aln|'));
      const chars = s.split('');
      for (let j = 0; j < pos.length; j++) chars[pos[j]] = BASE62[y[j]];
      return chars.join('');
    };

    const one = (s: string, k: Kind, enc: boolean): string | null | undefined => {
      switch (k) {
        case 'resident_id':
          if (isResidentId(s)) return residentId(s, enc);
          break;
        case 'mobile':
          if (isMobile(s)) return s.slice(0, 3) + ffDigits(s.slice(3), tw(`mob|${s.slice(0, 3)}`), enc);
          break;
        case 'bank_card':
          if (isBankCard(s)) {
            // Binary tweak 'c' || BIN (3 bytes) || length: short enough for a one-block Q.
            const bin = Number(s.slice(0, 6));
            cardTweak[1] = (bin >>> 16) & 0xff;
            cardTweak[2] = (bin >>> 8) & 0xff;
            cardTweak[3] = bin & 0xff;
            cardTweak[4] = s.length;
            const body = s.slice(0, 6) + ffDigits(s.slice(6, -1), cardTweak, enc);
            return body + luhnCheckDigit(body);
          }
          break;
        case 'digits':
          return digitsPath(s, enc, undefined);
        case 'alnum':
          return alnumPath(s, enc);
      }
      stats.extra.unstructured++;
      return digitsPath(s, enc, k);
    };

    const run = (values: readonly Cell[], enc: boolean): Cell[] => {
      if (kind === undefined) kind = inferKind(values.slice(0, 1000), FPE_KINDS) as Kind;
      if ((kind as string) === 'generic') kind = 'digits';
      const k = kind;
      return mapValues(values, stats, (v, i) => {
        // A suppressed cell of the de-identified file stays suppressed when reversed.
        if (!enc && v === SUPPRESSED && p.onShort === 'suppress') return v;
        at = i;
        const r = one(v, k, enc);
        return r === undefined ? v : r;
      });
    };
    return {
      stats,
      get kind() {
        return kind;
      },
      apply: (values) => run(values, true),
      invert: (values) => run(values, false),
    };
  },
});

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

const cardTweak = new Uint8Array([0x63, 0, 0, 0, 0]);
const idTweakBuf = new Uint8Array(7);
/** 'r' || region (3 bytes) || year (2 bytes) || sex flag. */
function idTweak(region: number, year: number, flag: number): Uint8Array {
  idTweakBuf[0] = 0x72;
  idTweakBuf[1] = (region >>> 16) & 0xff;
  idTweakBuf[2] = (region >>> 8) & 0xff;
  idTweakBuf[3] = region & 0xff;
  idTweakBuf[4] = (year >>> 8) & 0xff;
  idTweakBuf[5] = year & 0xff;
  idTweakBuf[6] = flag;
  return idTweakBuf;
}
function sixDigits(x: number): number[] {
  return [
    Math.floor(x / 100000) % 10,
    Math.floor(x / 10000) % 10,
    Math.floor(x / 1000) % 10,
    Math.floor(x / 100) % 10,
    Math.floor(x / 10) % 10,
    x % 10,
  ];
}
