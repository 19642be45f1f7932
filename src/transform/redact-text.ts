import { z } from 'zod';
import { createReplacer, REDACT_STYLES, redactBlock } from '../detect/redact.js';
import { ALL_TYPES } from '../detect/types.js';
import { defineOperator, mapValues, newStats } from './operator.js';

/**
 * Free-text redaction for a column (notes, complaints, chat logs): the text detectors run on each
 * cell and every finding is replaced in place, the rest of the text kept, as `wuming detect
 * --redact` does for a file. `style`: `tag` → `[CN_MOBILE]` (default), `mask` → every letter and
 * digit `*`, `token` → `[CN_MOBILE:hex]`, an HMAC of the value under the key file (scope `text`
 * by default, so a value gets the same token here as in `detect --redact`). `types` / `minScore`
 * narrow the detection as in `detectText`. Not reversible.
 */
const redactTextParamsSchema = z.strictObject({
  style: z.enum(REDACT_STYLES as [string, ...string[]]).default('tag'),
  types: z.array(z.enum(ALL_TYPES)).min(1).optional(),
  minScore: z.number().min(0).max(1).optional(),
  /** HKDF scope of the token key (style `token`). */
  scope: z.string().optional(),
  /** Hex characters of a token (style `token`). */
  tokenLength: z.number().int().min(4).max(64).default(16),
});
export type RedactTextParams = z.input<typeof redactTextParamsSchema>;

export const redactText = defineOperator({
  name: 'redact_text',
  summary: 'free text: replace each detected personal-information span in place (tag, mask or token)',
  accepts: ['text'],
  reversible: false,
  needsKey: (p: RedactTextParams) => p.style === 'token',
  paramsSchema: redactTextParamsSchema,
  create(params: RedactTextParams, ctx) {
    const p = redactTextParamsSchema.parse(params);
    const replace = createReplacer({
      style: p.style as (typeof REDACT_STYLES)[number],
      keys: ctx.keys,
      scope: p.scope,
      tokenLength: p.tokenLength,
    });
    const detect = { types: p.types, minScore: p.minScore };
    const stats = newStats();
    stats.extra.findings = 0;
    return {
      stats,
      apply: (values) =>
        mapValues(values, stats, (v) => {
          const r = redactBlock(v, detect, replace);
          stats.extra.findings += r.findings.length;
          return r.text;
        }),
    };
  },
});
