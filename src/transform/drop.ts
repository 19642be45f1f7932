import { z } from 'zod';
import { defineOperator, newStats } from './operator.js';

/**
 * Remove the column from the output. The data path never reads a dropped column's values; the
 * transform exists so the registry and the policy treat drop like every other action.
 */
export const dropParamsSchema = z.strictObject({});

export const drop = defineOperator({
  name: 'drop',
  summary: 'remove the column from the output',
  accepts: ['any'],
  effect: 'remove',
  reversible: false,
  needsKey: () => false,
  paramsSchema: dropParamsSchema,
  create() {
    return { stats: newStats(), apply: (values) => values.map(() => null) };
  },
});
