/**
 * Check digits used by Chinese identifiers. Exported so detectors and validators elsewhere can
 * reuse them.
 */

/**
 * GB 11643-1999 (citizen identity number) check character: ISO 7064 MOD 11-2 over the first 17
 * digits. Weight of position i (1-based from the left) is 2^(18-i) mod 11, i.e.
 * 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2; the sum mod 11 indexes "10X98765432".
 */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** The 18th character of a resident ID given its first 17 digits; throws on malformed input. */
export function residentIdCheckDigit(first17: string): string {
  if (first17.length !== 17) throw new RangeError('resident ID body must be 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = first17.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new RangeError('resident ID body must be 17 digits');
    sum += d * ID_WEIGHTS[i];
  }
  return ID_CHECK_CHARS[sum % 11];
}

/** True when `id` is 18 characters whose last one is the MOD 11-2 check of the first 17. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  return residentIdCheckDigit(id.slice(0, 17)) === id[17];
}

/**
 * Luhn (ISO/IEC 7812-1 Annex B) check digit for a payment card number body (all digits but the
 * last): double every second digit counting from the right end of the body, sum digit-wise, and
 * pick the digit that brings the total to a multiple of 10.
 */
export function luhnCheckDigit(body: string): string {
  let sum = 0;
  let double = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = body.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new RangeError('card number body must be digits');
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

/** True when the whole number (check digit included) passes the Luhn test. */
export function isValidLuhn(num: string): boolean {
  if (!/^\d{2,}$/.test(num)) return false;
  return luhnCheckDigit(num.slice(0, -1)) === num[num.length - 1];
}
