import { z } from 'zod';
import { WumingError } from '../errors.js';
import { defineOperator } from './operator.js';

/**
 * Generalisation through a hierarchy is a quasi-identifier action: its level is chosen by the
 * anonymisation search (`wuming anonymize`), not per value, so the de-identification data path
 * passes such columns through untouched. The schema is here so a policy names every action
 * through one discriminated union.
 */
export const generalizeParamsSchema = z.strictObject({
  /** Hierarchy file or built-in name (e.g. `age-5y`, `region`). */
  hierarchy: z.string().optional(),
  /** Fixed level; absent = chosen by the search. */
  level: z.number().int().min(0).optional(),
});
export type GeneralizeParams = z.input<typeof generalizeParamsSchema>;

export const generalize = defineOperator({
  name: 'generalize',
  summary: 'generalize through a hierarchy; the level is chosen by `wuming anonymize`',
  accepts: ['any'],
  effect: 'deferred',
  reversible: false,
  needsKey: () => false,
  paramsSchema: generalizeParamsSchema,
  create(_params: GeneralizeParams, ctx) {
    throw new WumingError(
      'DEFERRED_ACTION',
      'generalize is applied by `wuming anonymize` (it needs the search over hierarchy levels), not by deidentify',
      { kind: 'usage', location: { column: ctx.column } },
    );
  },
});
