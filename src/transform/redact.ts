import { z } from 'zod';
import { type Cell, defineOperator, newStats } from './operator.js';

/**
 * Empty every cell of the column but keep the column (schemas downstream still find it).
 * `with` writes a fixed marker instead of an empty cell, e.g. "[已删除]".
 */
export const redactParamsSchema = z.strictObject({
  with: z.string().optional(),
});
export type RedactParams = z.input<typeof redactParamsSchema>;

export const redact = defineOperator({
  name: 'redact',
  summary: 'empty every cell (or write a fixed marker), keeping the column',
  accepts: ['any'],
  reversible: false,
  needsKey: () => false,
  paramsSchema: redactParamsSchema,
  create(params: RedactParams) {
    const p = redactParamsSchema.parse(params);
    const stats = newStats();
    const to = p.with ?? null;
    return {
      stats,
      apply(values) {
        const out = new Array<Cell>(values.length);
        for (let i = 0; i < values.length; i++) {
          if (values[i] !== null) stats.values++;
          out[i] = values[i] === null ? null : to;
        }
        return out;
      },
    };
  },
});
