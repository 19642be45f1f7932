import { luhnValid, residentIdCheckChar } from '../china/checksums.js';

/**
 * Value kinds shared by mask, fpe and replace: recognisers for the Chinese identifiers whose
 * structure the operators keep (GB 11643-1999 resident ID, mobile numbers, bank cards).
 */
export type ValueKind = 'resident_id' | 'mobile' | 'bank_card' | 'name' | 'email' | 'address' | 'generic';

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1];
}

export function daysInYear(y: number): number {
  return isLeap(y) ? 366 : 365;
}

/** 0-based day of year for a valid (y, m, d). */
export function dayOfYear(y: number, m: number, d: number): number {
  let n = d - 1;
  for (let i = 1; i < m; i++) n += daysInMonth(y, i);
  return n;
}

/** Inverse of dayOfYear. */
export function fromDayOfYear(y: number, doy: number): [number, number] {
  let m = 1;
  while (doy >= daysInMonth(y, m)) {
    doy -= daysInMonth(y, m);
    m++;
  }
  return [m, doy + 1];
}

const ID_RE = /^\d{17}[\dX]$/;

/**
 * A well-formed 18-character resident ID: digits, a real birth date (years 1800–2199), and the
 * right check character (upper-case X). The region code is not looked up: FPE keeps it as is,
 * so it needs no validity of its own, and the class "well-formed" is exactly what the FPE
 * operator preserves (so decryption knows which path a value took).
 */
export function isResidentId(s: string): boolean {
  if (s.length !== 18 || !ID_RE.test(s)) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (y < 1800 || y > 2199 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
  return residentIdCheckChar(s) === s[17];
}

const MOBILE_RE = /^1[3-9]\d{9}$/;

/** Mainland mobile number, 11 digits starting 13–19 (MIIT numbering plan). */
export function isMobile(s: string): boolean {
  return s.length === 11 && MOBILE_RE.test(s);
}

const CARD_RE = /^\d{13,19}$/;

/** Payment card number: 13–19 digits with a valid Luhn digit (UnionPay cards are 16–19). */
export function isBankCard(s: string): boolean {
  return CARD_RE.test(s) && luhnValid(s);
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function isEmail(s: string): boolean {
  return EMAIL_RE.test(s);
}

const CJK_NAME_RE = /^[\u4e00-\u9fff·]{2,6}$/;
export function isChineseName(s: string): boolean {
  return CJK_NAME_RE.test(s);
}

const ADDRESS_RE = /(省|自治区|市|区|县|旗|镇|乡|街道|路|街|号)/;
export function looksLikeAddress(s: string): boolean {
  return s.length >= 6 && ADDRESS_RE.test(s);
}

/**
 * The kind of one value, most specific first (an 18-digit ID can pass Luhn by chance, so
 * resident_id is tried before bank_card): `auto` masks and random replacements decide per value.
 */
export function kindOf(s: string): Exclude<ValueKind, 'generic'> | undefined {
  if (isResidentId(s)) return 'resident_id';
  if (isMobile(s)) return 'mobile';
  if (isBankCard(s)) return 'bank_card';
  if (isEmail(s)) return 'email';
  if (isChineseName(s)) return 'name';
  if (looksLikeAddress(s)) return 'address';
  return undefined;
}

/**
 * Infer a column's kind from a sample: the kind that most non-null values satisfy, if at least
 * half do. Used for the `--mask`/`--fpe` shorthand. For FPE the structured kinds are preserved
 * value by value (a valid ID encrypts to a valid ID, an invalid one to an invalid one), so the
 * same rows of the encrypted file infer the same kind when reversing.
 */
export function inferKind(sample: readonly (string | null)[], candidates: readonly ValueKind[]): ValueKind {
  const tests: Record<ValueKind, (s: string) => boolean> = {
    resident_id: isResidentId,
    mobile: isMobile,
    bank_card: isBankCard,
    email: isEmail,
    name: isChineseName,
    address: looksLikeAddress,
    generic: () => false,
  };
  let n = 0;
  const counts = new Map<ValueKind, number>();
  for (const v of sample) {
    if (v === null || v === '') continue;
    n++;
    for (const k of candidates) if (tests[k](v)) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let best: ValueKind = 'generic';
  let bestCount = 0;
  // Candidates are in priority order; a strict > keeps the earlier one on ties (an 18-digit ID
  // can pass Luhn by chance, so resident_id must win over bank_card).
  for (const k of candidates) {
    const c = counts.get(k) ?? 0;
    if (c > bestCount) {
      best = k;
      bestCount = c;
    }
  }
  return n > 0 && bestCount * 2 >= n ? best : 'generic';
}
