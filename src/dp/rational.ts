/**
 * Exact non-negative rationals over BigInt, for the parameters of the exact samplers. ε, δ and
 * noise scales enter as the decimal the user typed ("0.1" is 1/10, not the binary double
 * 0.1000000000000000055…), so the privacy loss the sampler realises is exactly the one stated.
 */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x;
};

export function rational(num: bigint, den = 1n): Rational {
  if (den === 0n) throw new RangeError('rational with denominator 0');
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

/**
 * The rational a JS number's shortest decimal spelling denotes (String(0.1) = "0.1" → 1/10,
 * 1e-7 → 1/10^7). Every finite double has such a spelling, so this never fails on finite input.
 */
export function fromDecimal(x: number | string): Rational {
  const s = typeof x === 'number' ? String(x) : x.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal number: ${s}`);
  const frac = m[3] ?? '';
  let num = BigInt((m[2] || '0') + frac);
  let exp = (m[4] ? Number(m[4]) : 0) - frac.length;
  if (m[1] === '-') num = -num;
  let den = 1n;
  if (exp >= 0) num *= 10n ** BigInt(exp);
  else {
    den = 10n ** BigInt(-exp);
    exp = 0;
  }
  return rational(num, den);
}

export const add = (a: Rational, b: Rational): Rational =>
  rational(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Rational, b: Rational): Rational =>
  rational(a.num * b.den - b.num * a.den, a.den * b.den);
export const mul = (a: Rational, b: Rational): Rational => rational(a.num * b.num, a.den * b.den);
export const div = (a: Rational, b: Rational): Rational => rational(a.num * b.den, a.den * b.num);
export const cmp = (a: Rational, b: Rational): number => {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
export const toNumber = (a: Rational): number => {
  // Scale so both parts fit a double's range before dividing (exact parts can be huge).
  const shift = Math.max(0, Math.max(bitLength(a.num), bitLength(a.den)) - 1000);
  if (shift === 0) return Number(a.num) / Number(a.den);
  const s = BigInt(shift);
  return Number(a.num >> s) / Number(a.den >> s);
};

export function bitLength(n: bigint): number {
  if (n < 0n) n = -n;
  return n === 0n ? 0 : n.toString(2).length;
}

/** ⌊√n⌋ for n ≥ 0 (Newton's method on integers). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number');
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * The smallest rational with denominator 2^bits that is ≥ x (a float). Used to round a
 * noise variance UP to an exact value: more noise than calibrated never weakens the guarantee.
 */
export function ceilDyadic(x: number, bits = 30): Rational {
  if (!(Number.isFinite(x) && x >= 0)) throw new RangeError(`not a finite non-negative number: ${x}`);
  // Multiplying by a power of two is exact, and so is the ceiling of a double.
  return rational(BigInt(Math.ceil(x * 2 ** bits)), 1n << BigInt(bits));
}
