import { HmacSha256 } from './sha256.js';

const HEX = '0123456789abcdef';
const HEX2 = Array.from({ length: 256 }, (_, i) => HEX[i >> 4] + HEX[i & 15]);
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Longest token per encoding (the 256 HMAC bits it can carry). */
export const MAX_LEN = { hex: 64, base32: 51, base64url: 42, digits: 38 } as const;
const BITS_PER_CHAR = { hex: 4, base32: 5, base64url: 6, digits: Math.log2(10) } as const;

/** Bits of the HMAC a token keeps: the collision bound in the report uses it. */
export function tokenBits(encoding: keyof typeof BITS_PER_CHAR, length: number): number {
  return BITS_PER_CHAR[encoding] * length;
}

/** Read `nbits` bits from `d` starting at bit `pos`, big-endian. nbits ≤ 8. */
function bits(d: Uint8Array, pos: number, nbits: number): number {
  const byte = pos >>> 3;
  const word = (d[byte] << 8) | (byte + 1 < d.length ? d[byte + 1] : 0);
  return (word >>> (16 - (pos & 7) - nbits)) & ((1 << nbits) - 1);
}

/** The first `length` characters of a digest in an encoding (tokens, redaction tags). */
export function encodeToken(d: Uint8Array, encoding: keyof typeof MAX_LEN, length: number): string {
  let s = '';
  switch (encoding) {
    case 'hex':
      for (let i = 0; i < length >> 1; i++) s += HEX2[d[i]];
      if (length & 1) s += HEX[d[length >> 1] >> 4];
      return s;
    case 'base32':
      for (let i = 0; i < length; i++) s += B32[bits(d, i * 5, 5)];
      return s;
    case 'base64url':
      for (let i = 0; i < length; i++) s += B64[bits(d, i * 6, 6)];
      return s;
    case 'digits': {
      // 256-bit value mod 10^length: the bias is below 10^length / 2^256, i.e. nil.
      let x = 0n;
      for (let i = 0; i < 32; i++) x = (x << 8n) | BigInt(d[i]);
      return (x % 10n ** BigInt(length)).toString().padStart(length, '0');
    }
  }
}

/**
 * The keyed token function shared by the `token` operator and token-style redaction of free text
 * (detect/redact.ts, the `redact_text` operator): HMAC-SHA-256 under `key` (the caller derives it
 * for ('token', scope)), the first `length` characters of `encoding`.
 */
export function keyedTokens(
  key: Uint8Array,
  encoding: keyof typeof MAX_LEN,
  length: number,
): (value: string) => string {
  const mac = new HmacSha256(key);
  const d = new Uint8Array(32);
  return (value) => {
    mac.mac(value, d);
    return encodeToken(d, encoding, length);
  };
}
