import { z } from 'zod';
import { HmacSha256 } from '../crypto/sha256.js';
import { WumingError } from '../errors.js';
import { seededRandom } from '../random.js';
import { type FakeKind, sampleValue } from './fake.js';
import { isBankCard, isChineseName, isEmail, isMobile, isResidentId, looksLikeAddress } from './kinds.js';
import { type Cell, defineOperator, newStats } from './operator.js';

/**
 * Replace each value by a constant (`value`) or by a random value of the same kind (`random`),
 * drawn from the sample generator (src/sample) so names, numbers and addresses look real.
 * With `consistent: true` the random value is drawn from a generator seeded by a keyed HMAC of
 * the original, so equal inputs get equal replacements (joins and counts survive) while the
 * replacement still reveals nothing without the key.
 */
export const replaceParamsSchema = z
  .strictObject({
    value: z.string().optional(),
    random: z
      .enum(['auto', 'name', 'mobile', 'resident_id', 'bank_card', 'email', 'address', 'digits', 'generic'])
      .optional(),
    consistent: z.boolean().default(false),
    /** Key scope (default: the column name); equal scopes give equal replacements across tables. */
    scope: z.string().optional(),
  })
  .refine((p) => (p.value === undefined) !== (p.random === undefined), {
    message: 'replace needs exactly one of `value` (a constant) or `random` (a kind)',
  });
export type ReplaceParams = z.input<typeof replaceParamsSchema>;

function detect(s: string): FakeKind {
  if (isResidentId(s)) return 'resident_id';
  if (isMobile(s)) return 'mobile';
  if (isBankCard(s)) return 'bank_card';
  if (isEmail(s)) return 'email';
  if (isChineseName(s)) return 'name';
  if (looksLikeAddress(s)) return 'address';
  if (/^\d+$/.test(s)) return 'digits';
  return 'generic';
}

export const replace = defineOperator<ReplaceParams>({
  name: 'replace',
  reversible: false,
  needsKey: (p) => p.consistent === true,
  paramsSchema: replaceParamsSchema,
  create(params, ctx) {
    const p = replaceParamsSchema.parse(params);
    const stats = newStats();
    if (p.value !== undefined) {
      const c = p.value;
      return {
        stats,
        apply: (values) =>
          values.map((v) => {
            if (v === null) return null;
            stats.values++;
            return c;
          }),
      };
    }
    const kind = p.random!;
    let mac: HmacSha256 | undefined;
    if (p.consistent) {
      if (!ctx.keys)
        throw new WumingError('KEY_REQUIRED', 'replace with consistent: true needs a key file (--key-file)', {
          kind: 'usage',
          location: { column: ctx.column },
        });
      mac = new HmacSha256(ctx.keys.derive('replace', p.scope ?? ctx.column));
    }
    const digest = new Uint8Array(32);
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
          let r = ctx.random;
          if (mac) {
            mac.mac(v, digest);
            r = seededRandom((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]);
          }
          out[i] = sampleValue(kind === 'auto' ? detect(v) : kind, r, v);
        }
        return out;
      },
    };
  },
});
