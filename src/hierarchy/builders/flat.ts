import { z } from 'zod';
import { WumingError } from '../../errors.js';
import type { Hierarchy } from '../hierarchy.js';
import { buildChain, TOP, topStep } from './chain.js';

export const flatOptionsSchema = z.strictObject({
  topLabel: z.string().min(1).optional(),
});
export type FlatOptions = z.input<typeof flatOptionsSchema>;

/** Two levels, value → "*": the only choice for nominal values with no natural grouping. */
export function buildFlat(column: string, leaves: readonly string[], options: FlatOptions = {}): Hierarchy {
  return buildChain({
    column,
    leaves,
    leafKey: (leaf) => leaf,
    steps: [topStep(options.topLabel ?? TOP)],
    invalid: () => new WumingError('HIERARCHY_INTERNAL', 'unreachable', { kind: 'internal' }),
    origin: 'flat(value > top)',
  });
}
