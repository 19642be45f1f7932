/** Check-digit algorithms used by identifiers in scope. */

/** Luhn (ISO/IEC 7812-1 Annex B): bank cards and IMEI (3GPP TS 23.003 §6.2.1). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** Luhn check digit to append to `body` (used by generators in tests and the evaluation set). */
export function luhnCheckDigit(body: string): string {
  for (let c = 0; c <= 9; c++) if (luhnValid(body + c)) return String(c);
  throw new RangeError('not digits');
}

/**
 * GB 11643-1999 citizen identity number check character: ISO 7064 MOD 11-2 over the first 17
 * digits with weights 2^(17-i) mod 11; the remainder maps to 1 0 X 9 8 7 6 5 4 3 2.
 */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/**
 * GB 32100-2015 unified social credit code: 18 characters over the 31-symbol alphabet
 * 0-9 A-H J-N P-R T U W X Y (no I O Z S V); weights 3^i mod 31 for positions 1..17; the check
 * character is 31 - (Σ Ci·Wi mod 31), with 31 written as 0.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function usccCheckChar(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]);
    if (v < 0) return undefined;
    sum += v * USCC_WEIGHTS[i];
  }
  const c = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[c];
}
