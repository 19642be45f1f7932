import { z } from 'zod';
import { WumingError } from '../errors.js';
import type { KeyRing } from '../keys/keyfile.js';
import { HmacSha256 } from './crypto/sha256.js';
import { defineOperator, mapValues, newStats, requireKey } from './operator.js';

/**
 * Deterministic keyed tokens: HMAC-SHA-256(K_scope, value), truncated and encoded. K_scope is
 * HKDF(master, 'token', scope) with scope = the column name by default, so a column called
 * `phone` gets the same tokens in every table processed with the same key (joins still work),
 * and two tables can share tokens across differently named columns by setting `scope`.
 * Without the key a token cannot be recomputed, unlike a plain hash of the ~10^10 mobile
 * numbers (see `wuming hash-attack-demo`). Tokens are one-way; `vault: true` stores
 * token → value in an encrypted DuckDB file so `wuming reidentify` can reverse them.
 */
export const tokenParamsSchema = z.strictObject({
  encoding: z.enum(['hex', 'base32', 'base64url', 'digits']).default('hex'),
  /** Characters in the token (after the prefix); 16 hex = 64 bits. */
  length: z.number().int().min(4).max(64).default(16),
  prefix: z.string().default(''),
  scope: z.string().optional(),
  vault: z.boolean().default(false),
});
export type TokenParams = z.input<typeof tokenParamsSchema>;

const HEX = '0123456789abcdef';
const HEX2 = Array.from({ length: 256 }, (_, i) => HEX[i >> 4] + HEX[i & 15]);
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const MAX_LEN = { hex: 64, base32: 51, base64url: 42, digits: 38 } as const;
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
 * (detect/redact.ts, the `redact_text` operator): HMAC-SHA-256 under the key derived for
 * ('token', scope), truncated to `length` characters of `encoding`.
 */
export function keyedTokens(
  keys: KeyRing,
  scope: string,
  encoding: keyof typeof MAX_LEN,
  length: number,
): (value: string) => string {
  const mac = new HmacSha256(keys.derive('token', scope));
  const d = new Uint8Array(32);
  return (value) => {
    mac.mac(value, d);
    return encodeToken(d, encoding, length);
  };
}

export const token = defineOperator({
  name: 'token',
  summary: 'keyed HMAC-SHA-256 tokens, equal values get equal tokens; reversible only with `vault: true`',
  accepts: ['any'],
  restore: (p: TokenParams) => (p.vault === true ? 'vault' : undefined),
  oneWayNote: 'HMAC tokens are one-way (enable vault: true to reverse)',
  rekeyNote: 'HMAC tokens cannot be re-keyed from tokens: re-run deidentify on the source with the new key',
  collisionBits: (p: TokenParams) => {
    const q = tokenParamsSchema.parse(p);
    return tokenBits(q.encoding, q.length);
  },
  reversible: false,
  needsKey: () => true,
  paramsSchema: tokenParamsSchema,
  create(params: TokenParams, ctx) {
    const p = tokenParamsSchema.parse(params);
    if (p.length > MAX_LEN[p.encoding])
      throw new WumingError(
        'BAD_PARAM',
        `token length ${p.length} is more than ${p.encoding} can hold (${MAX_LEN[p.encoding]})`,
        { kind: 'policy', location: { column: ctx.column, key: 'length' } },
      );
    const tokenOf = keyedTokens(requireKey(ctx, 'token'), p.scope ?? ctx.column, p.encoding, p.length);
    const stats = newStats();
    const { prefix } = p;
    return { stats, apply: (values) => mapValues(values, stats, (v) => prefix + tokenOf(v)) };
  },
});
