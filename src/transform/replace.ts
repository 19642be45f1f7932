import { z } from 'zod';
import { HmacSha256 } from '../crypto/sha256.js';
import { seededRandom } from '../random.js';
import { type FakeKind, sampleValue } from './fake.js';
import { isBankCard, isChineseName, isEmail, isMobile, isResidentId, looksLikeAddress } from './kinds.js';
import { defineOperator, mapValues, newStats, requireKey } from './operator.js';

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

export const replace = defineOperator({
  name: 'replace',
  summary:
    'replace by a constant or a realistic random value of the same kind (optionally consistent under the key)',
  accepts: ['any'],
  reversible: false,
  needsKey: (p: ReplaceParams) => p.consistent === true,
  paramsSchema: replaceParamsSchema,
  create(params: ReplaceParams, ctx) {
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
    const mac = p.consistent
      ? new HmacSha256(
          requireKey(ctx, 'replace with consistent: true').derive('replace', p.scope ?? ctx.column),
        )
      : undefined;
    const digest = new Uint8Array(32);
    return {
      stats,
      apply: (values) =>
        mapValues(values, stats, (v) => {
          let r = ctx.random;
          if (mac) {
            mac.mac(v, digest);
            r = seededRandom((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]);
          }
          return sampleValue(kind === 'auto' ? detect(v) : kind, r, v);
        }),
    };
  },
});
