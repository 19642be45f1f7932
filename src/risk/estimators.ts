import type { PopulationContext, PopulationUniquenessEstimator, UniquenessEstimate } from './estimator.js';
import type { SizeHistogram } from './histogram.js';
import { pitman } from './pitman.js';
import { snb } from './snb.js';
import { zayatz } from './zayatz.js';

/**
 * The population-uniqueness estimators: one file each, one line here. `riskFromHistogram` runs
 * every one and reports each under its id (`populationUniqueness.<id>` in the JSON), and Dankar's
 * rule (dankar.ts) chooses among their estimates.
 */
export const POPULATION_UNIQUENESS = [
  pitman,
  zayatz,
  snb,
] as const satisfies readonly PopulationUniquenessEstimator[];

/** An estimator's id (its key in `populationUniqueness`). */
export type PopulationUniquenessId = string;

/** Every registered estimate of one histogram, by id. */
export function populationUniquenessEstimates(
  hist: SizeHistogram,
  pop: PopulationContext,
): Record<PopulationUniquenessId, UniquenessEstimate> {
  return Object.fromEntries(POPULATION_UNIQUENESS.map((e) => [e.id, e.estimate(hist, pop)])) as Record<
    PopulationUniquenessId,
    UniquenessEstimate
  >;
}
