import { z } from 'zod';
import { type Cell, defineOperator, newStats } from './operator.js';

/** Leave the column as it is (the explicit "this column was reviewed" action). */
export const keepParamsSchema = z.strictObject({});

export const keep = defineOperator({
  name: 'keep',
  summary: 'leave the column as it is (reviewed and kept on purpose)',
  accepts: ['any'],
  effect: 'copy',
  reversible: true,
  needsKey: () => false,
  paramsSchema: keepParamsSchema,
  create() {
    const stats = newStats();
    const id = (values: readonly Cell[]): Cell[] => {
      for (const v of values) if (v !== null) stats.values++;
      return values.slice();
    };
    return { stats, apply: id, invert: (v) => v.slice() };
  },
});
