import { z } from 'zod';
import { COMPOUND_SURNAMES } from '../china/surnames.js';
import { districtPrefix } from './address.js';
import { isBankCard, isChineseName, isEmail, isMobile, isResidentId, looksLikeAddress } from './kinds.js';
import { defineOperator, mapValues, newStats } from './operator.js';

/**
 * Masking with Chinese display conventions as defaults (as in GB/T 35273-2020 Annex A examples
 * and common practice of banks and carriers): resident ID 110101********1234, mobile
 * 138****5678, name 张* / 张*伟 / 欧阳**, bank card first 6 + last 4, email a***@domain,
 * address kept to its district. Every default can be overridden, and `generic` masks any text
 * by keep-first / keep-last over a character class.
 */
export const maskParamsSchema = z.strictObject({
  /** Which convention; `auto` picks per column (shorthand) or per value (library). */
  kind: z
    .enum(['auto', 'resident_id', 'mobile', 'bank_card', 'name', 'email', 'address', 'generic'])
    .default('auto'),
  /** Characters (of the class `only`) kept at the start. Kind defaults: ID 6, mobile 3, card 6, generic 1. */
  keepFirst: z.number().int().min(0).optional(),
  /** Characters kept at the end. Kind defaults: ID 4, mobile 4, card 4, generic 1. */
  keepLast: z.number().int().min(0).optional(),
  maskChar: z.string().length(1).default('*'),
  /** Which characters are masked (others stay, e.g. dashes): default `any` for generic. */
  only: z.enum(['any', 'digit', 'alnum', 'cjk']).optional(),
  /** Appended after a truncated address, default '' (nothing). */
  suffix: z.string().default(''),
});
export type MaskParams = z.input<typeof maskParamsSchema>;
type Resolved = z.output<typeof maskParamsSchema>;

type Cls = 'any' | 'digit' | 'alnum' | 'cjk' | 'idchar';

function inClass(c: number, cls: Cls): boolean {
  switch (cls) {
    case 'any':
      return true;
    case 'digit':
      return c >= 48 && c <= 57;
    case 'idchar':
      return (c >= 48 && c <= 57) || c === 88 || c === 120;
    case 'alnum':
      return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    case 'cjk':
      return c >= 0x4e00 && c <= 0x9fff;
  }
}

/**
 * Keep the first `kf` and last `kl` characters of class `cls`, mask the other characters of that
 * class, leave characters of other classes alone. When the value is too short for that to hide
 * anything, keep only a third from the start so a short value is never shown whole; when it has
 * no character of the class at all, mask all of it.
 */
export function maskPositional(s: string, kf: number, kl: number, cls: Cls, ch: string): string {
  const chars = Array.from(s);
  let n = 0;
  for (const c of chars) if (inClass(c.codePointAt(0)!, cls)) n++;
  // No character of the class (a name in a mobile column): the class rule would hide nothing,
  // and a mask must never show a value whole, so every character is masked.
  if (n === 0) return ch.repeat(chars.length);
  if (kf + kl >= n) {
    kf = Math.floor(n / 3);
    kl = 0;
  }
  let i = 0;
  let out = '';
  for (const c of chars) {
    if (inClass(c.codePointAt(0)!, cls)) {
      out += i < kf || i >= n - kl ? c : ch;
      i++;
    } else out += c;
  }
  return out;
}

export function maskName(s: string, ch: string): string {
  const chars = Array.from(s);
  if (chars.length <= 1) return ch;
  if (isChineseName(s) && !s.includes('·')) {
    if (COMPOUND_SURNAMES.has(chars[0] + chars[1]) && chars.length >= 3)
      return chars[0] + chars[1] + ch.repeat(chars.length - 2);
    if (chars.length === 2) return chars[0] + ch;
    return chars[0] + ch.repeat(chars.length - 2) + chars[chars.length - 1];
  }
  // Transliterated or Latin names: keep the first letter of each part, mask the letters after it.
  let out = '';
  let start = true;
  for (const c of chars) {
    const sep = c === ' ' || c === '·' || c === '-' || c === '.';
    out += sep || start ? c : ch;
    start = sep;
  }
  return out;
}

export function maskEmail(s: string, ch: string): string {
  const at = s.lastIndexOf('@');
  if (at <= 0) return maskPositional(s, 1, 0, 'any', ch);
  // A fixed run of three hides the length of the local part.
  return s[0] + ch.repeat(3) + s.slice(at);
}

function maskAddress(s: string, ch: string, suffix: string): string {
  const p = districtPrefix(s);
  if (p === undefined) return maskPositional(s, 0, 0, 'any', ch).slice(0, 3);
  return p.length < s.length ? p + suffix : p;
}

function detect(s: string): Resolved['kind'] {
  if (isResidentId(s)) return 'resident_id';
  if (isMobile(s)) return 'mobile';
  if (isBankCard(s)) return 'bank_card';
  if (isEmail(s)) return 'email';
  if (isChineseName(s)) return 'name';
  if (looksLikeAddress(s)) return 'address';
  return 'generic';
}

export const mask = defineOperator({
  name: 'mask',
  summary: 'mask characters with Chinese display conventions (110101********1234, 138****5678, 张*伟)',
  accepts: ['identifier', 'name', 'text'],
  oneWayNote: 'masks are irreversible: the masked characters are gone',
  autoKind: {
    candidates: ['resident_id', 'bank_card', 'mobile', 'email', 'name', 'address'],
    otherwise: 'generic',
    onReverse: false,
  },
  reversible: false,
  needsKey: () => false,
  paramsSchema: maskParamsSchema,
  create(params: MaskParams) {
    const p = maskParamsSchema.parse(params);
    const stats = newStats();
    const ch = p.maskChar;
    const one = (s: string, kind: Resolved['kind']): string => {
      switch (kind) {
        case 'resident_id':
          if (p.keepFirst === undefined && p.keepLast === undefined && s.length === 18 && isResidentId(s))
            return `${s.slice(0, 6)}${ch.repeat(8)}${s.slice(14)}`;
          return maskPositional(s, p.keepFirst ?? 6, p.keepLast ?? 4, p.only ?? 'idchar', ch);
        case 'mobile':
          if (p.keepFirst === undefined && p.keepLast === undefined && isMobile(s))
            return `${s.slice(0, 3)}${ch.repeat(4)}${s.slice(7)}`;
          return maskPositional(s, p.keepFirst ?? 3, p.keepLast ?? 4, p.only ?? 'digit', ch);
        case 'bank_card':
          if (p.keepFirst === undefined && p.keepLast === undefined && isBankCard(s))
            return `${s.slice(0, 6)}${ch.repeat(s.length - 10)}${s.slice(-4)}`;
          return maskPositional(s, p.keepFirst ?? 6, p.keepLast ?? 4, p.only ?? 'digit', ch);
        case 'name':
          return maskName(s, ch);
        case 'email':
          return maskEmail(s, ch);
        case 'address':
          return maskAddress(s, ch, p.suffix);
        case 'generic':
          return maskPositional(s, p.keepFirst ?? 1, p.keepLast ?? 1, p.only ?? 'any', ch);
        case 'auto':
          return one(s, detect(s));
      }
    };
    return { stats, apply: (values) => mapValues(values, stats, (v) => one(v, p.kind)) };
  },
});
