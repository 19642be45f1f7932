import { z } from 'zod';
import { keyedTokens, MAX_LEN, tokenBits } from '../crypto/token-encoding.js';
import { WumingError } from '../errors.js';
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
    const tokenOf = keyedTokens(
      requireKey(ctx, 'token').derive('token', p.scope ?? ctx.column),
      p.encoding,
      p.length,
    );
    const stats = newStats();
    const { prefix } = p;
    return { stats, apply: (values) => mapValues(values, stats, (v) => prefix + tokenOf(v)) };
  },
});
