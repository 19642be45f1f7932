import { z } from 'zod';
import { decimalsOf, formatNum, mapNumbers } from './numeric.js';
import { defineOperator, newStats, onInvalidSchema } from './operator.js';

/**
 * Round to a multiple of `base` (e.g. 5 years, 1000 yuan) or to `decimals` places. Both can be
 * given: base first, then formatting. `mode` floor turns ages into band starts (37 → 35).
 */
export const roundParamsSchema = z
  .strictObject({
    base: z.number().positive().optional(),
    decimals: z.number().int().min(0).max(20).optional(),
    mode: z.enum(['nearest', 'floor', 'ceil']).default('nearest'),
    /** A cell that is not a number: `error` (default), `redact` (empty) or `suppress` (`*`). */
    onInvalid: onInvalidSchema,
  })
  .refine((p) => p.base !== undefined || p.decimals !== undefined, {
    message: 'round needs `base` (round to a multiple) or `decimals` (round to places)',
  });
export type RoundParams = z.input<typeof roundParamsSchema>;

export const round = defineOperator({
  name: 'round',
  summary: 'round numbers to a multiple of `base` or to `decimals` places',
  accepts: ['number'],
  reversible: false,
  needsKey: () => false,
  paramsSchema: roundParamsSchema,
  create(params: RoundParams, ctx) {
    const p = roundParamsSchema.parse(params);
    const stats = newStats();
    const invalid = { onInvalid: p.onInvalid, column: ctx.column, operator: 'round' };
    const f = p.mode === 'floor' ? Math.floor : p.mode === 'ceil' ? Math.ceil : Math.round;
    const base = p.base;
    // Decimals a base needs to print exactly (base 0.5 → 1).
    const baseDecimals = base === undefined ? 0 : decimalsOf(String(base));
    return {
      stats,
      apply(values) {
        return mapNumbers(values, stats, invalid, (n) => {
          if (base !== undefined) return formatNum(f(n / base) * base, p.decimals ?? baseDecimals);
          const k = 10 ** p.decimals!;
          return formatNum(f(n * k) / k, p.decimals!);
        });
      },
    };
  },
});
