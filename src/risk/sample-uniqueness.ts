import type { RiskEstimator } from './estimator.js';
import { classesOfSize, recordCount, type SizeHistogram } from './histogram.js';

/** Share of records that are alone in their class (sample uniques, c_1 / n). */
export function sampleUniqueness(h: SizeHistogram): number {
  const n = recordCount(h);
  return n === 0 ? 0 : classesOfSize(h, 1) / n;
}

export const sampleUniquenessEstimator: RiskEstimator<number> = {
  id: 'sample-uniqueness',
  estimate: (h) => sampleUniqueness(h),
};
