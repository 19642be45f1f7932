/**
 * Check characters of the identifiers in scope, written once: detect/ validates with them,
 * transform/ (FPE, fake values) recomputes them, hierarchy/ parses IDs with them, sample/
 * generates valid ones.
 */

/**
 * GB 11643-1999 citizen identity number: ISO 7064 MOD 11-2 over the first 17 digits. The weight
 * of position i (1-based from the left) is 2^(18-i) mod 11; the sum mod 11 indexes "10X98765432".
 * Exported for generators that precompute partial sums (sample/generate.ts).
 */
export const RESIDENT_ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export const RESIDENT_ID_CHECK_CHARS = '10X98765432';

/**
 * Check character for the first 17 characters of `s` (the rest is ignored). The caller has
 * checked they are digits: this sits in detectors' and FPE's inner loops.
 */
export function residentIdCheckChar(s: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * RESIDENT_ID_WEIGHTS[i];
  return RESIDENT_ID_CHECK_CHARS[sum % 11];
}

/** The 18th character of a resident ID given its first 17 digits; throws on malformed input. */
export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('resident ID body must be 17 digits');
  return residentIdCheckChar(first17);
}

/** True when `id` is 18 characters whose last one is the MOD 11-2 check of the first 17 (upper-case X). */
export function isValidResidentId(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && residentIdCheckChar(id) === id[17];
}

/**
 * Luhn (ISO/IEC 7812-1 Annex B): payment cards and IMEI (3GPP TS 23.003 §6.2.1). Double every
 * second digit from the right, sum digit-wise; valid when the total is a multiple of 10. A
 * non-digit makes it invalid.
 */
export function luhnValid(digits: string): boolean {
  const s = luhnSum(digits, false);
  return s !== undefined && s % 10 === 0;
}

/** The Luhn check digit to append to `body` (digits); throws on a non-digit. */
export function luhnCheckDigit(body: string): string {
  const s = luhnSum(body, true);
  if (s === undefined) throw new RangeError('Luhn body must be digits');
  return String((10 - (s % 10)) % 10);
}

/** True when the whole number (check digit included, at least two digits) passes Luhn. */
export function isValidLuhn(num: string): boolean {
  return /^\d{2,}$/.test(num) && luhnValid(num);
}

/** Luhn sum with the rightmost digit doubled or not (doubled when computing a check digit). */
function luhnSum(digits: string, doubleFirst: boolean): number | undefined {
  let sum = 0;
  let dbl = doubleFirst;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum;
}

/**
 * GB 32100-2015 unified social credit code: 18 characters over the 31-symbol alphabet
 * 0-9 A-H J-N P-R T U W X Y (no I O Z S V); weights 3^i mod 31 for positions 1..17; the check
 * character is 31 - (Σ Ci·Wi mod 31), with 31 written as 0.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Check character of the first 17 characters, or undefined when one is outside the alphabet. */
export function usccCheckChar(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]);
    if (v < 0) return undefined;
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}
