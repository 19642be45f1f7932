import { z } from 'zod';
import { mapNumbers } from './numeric.js';
import { defineOperator, newStats, onInvalidSchema } from './operator.js';

/**
 * Top- and bottom-coding (as for income or age in census microdata): values above `top` become
 * `topLabel` (default the threshold itself), values below `bottom` become `bottomLabel`, so the
 * rare extremes that single people out disappear while the bulk stays exact.
 */
export const topBottomParamsSchema = z
  .strictObject({
    top: z.number().optional(),
    bottom: z.number().optional(),
    topLabel: z.string().optional(),
    bottomLabel: z.string().optional(),
    /** A cell that is not a number: `error` (default), `redact` (empty) or `suppress` (`*`). */
    onInvalid: onInvalidSchema,
  })
  .refine((p) => p.top !== undefined || p.bottom !== undefined, {
    message: 'top_bottom needs `top`, `bottom` or both',
  })
  .refine((p) => p.top === undefined || p.bottom === undefined || p.bottom <= p.top, {
    message: '`bottom` must not be above `top`',
  });
export type TopBottomParams = z.input<typeof topBottomParamsSchema>;

export const topBottom = defineOperator({
  name: 'top_bottom',
  summary: 'top- and bottom-code numbers: extremes above `top` / below `bottom` replaced by a label',
  accepts: ['number'],
  reversible: false,
  needsKey: () => false,
  paramsSchema: topBottomParamsSchema,
  create(params: TopBottomParams, ctx) {
    const p = topBottomParamsSchema.parse(params);
    const stats = newStats();
    const invalid = { onInvalid: p.onInvalid, column: ctx.column, operator: 'top_bottom' };
    stats.extra.topCoded = 0;
    stats.extra.bottomCoded = 0;
    const topLabel = p.topLabel ?? (p.top !== undefined ? String(p.top) : '');
    const bottomLabel = p.bottomLabel ?? (p.bottom !== undefined ? String(p.bottom) : '');
    return {
      stats,
      apply(values) {
        return mapNumbers(values, stats, invalid, (n, v) => {
          if (p.top !== undefined && n > p.top) {
            stats.extra.topCoded++;
            return topLabel;
          }
          if (p.bottom !== undefined && n < p.bottom) {
            stats.extra.bottomCoded++;
            return bottomLabel;
          }
          return v;
        });
      },
    };
  },
});
