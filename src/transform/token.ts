import { z } from 'zod';
import { HmacSha256 } from '../crypto/sha256.js';
import { encodeToken, MAX_LEN } from '../crypto/token-encoding.js';
import { WumingError } from '../errors.js';
import { type Cell, defineOperator, newStats } from './operator.js';

export { tokenBits } from '../crypto/token-encoding.js';

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

export const token = defineOperator<TokenParams>({
  name: 'token',
  reversible: false,
  needsKey: () => true,
  paramsSchema: tokenParamsSchema,
  create(params, ctx) {
    const p = tokenParamsSchema.parse(params);
    if (p.length > MAX_LEN[p.encoding])
      throw new WumingError(
        'BAD_PARAM',
        `token length ${p.length} is more than ${p.encoding} can hold (${MAX_LEN[p.encoding]})`,
        { kind: 'policy', location: { column: ctx.column, key: 'length' } },
      );
    if (!ctx.keys)
      throw new WumingError('KEY_REQUIRED', 'token needs a key file (--key-file)', {
        kind: 'usage',
        location: { column: ctx.column },
      });
    const mac = new HmacSha256(ctx.keys.derive('token', p.scope ?? ctx.column));
    const d = new Uint8Array(32);
    const stats = newStats();
    const { encoding, length, prefix } = p;
    return {
      stats,
      apply(values) {
        const out = new Array<Cell>(values.length);
        for (let i = 0; i < values.length; i++) {
          const v = values[i];
          if (v === null || v === '') {
            out[i] = v;
            continue;
          }
          stats.values++;
          mac.mac(v, d);
          out[i] = prefix + encodeToken(d, encoding, length);
        }
        return out;
      },
    };
  },
});
