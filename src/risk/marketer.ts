import type { PopulationContext, RiskEstimator } from './estimator.js';
import type { SizeHistogram } from './histogram.js';
import { journalistRisk } from './journalist.js';

/**
 * Marketer risk: the expected share of records an attacker re-identifies when linking every
 * record of the data to an identification database of the population and picking a match at
 * random in each class (El Emam 2013): (1/n) * sum over classes of f_k / F_k. With the population
 * class sizes F_k unknown we use E[1/F_k | f_k] from the population model (see journalist.ts);
 * when N = n this is classes / n, ARX's marketer risk without a population table.
 */
export function marketerRisk(h: SizeHistogram, pop: PopulationContext): number {
  return journalistRisk(h, pop, []).average;
}

export const marketer: RiskEstimator<number> = { id: 'marketer', estimate: marketerRisk };
