import { WumingError } from '../errors.js';
import { aecsMetric } from './aecs.js';
import { discernibilityMetric } from './discernibility.js';
import { createEntropyMetric, entropyMetric } from './entropy.js';
import { heightMetric } from './height.js';
import { lossMetric } from './loss.js';
import type { UtilityMetric } from './metric.js';
import { precisionMetric } from './precision.js';

/**
 * Registry of utility metrics: one file each, one line here. The metric ids of the policy, the
 * CLI and the result types are read from it.
 */
export const metrics = {
  loss: lossMetric,
  entropy: entropyMetric,
  precision: precisionMetric,
  discernibility: discernibilityMetric,
  aecs: aecsMetric,
  height: heightMetric,
} satisfies Record<string, UtilityMetric>;

export type MetricId = keyof typeof metrics;
export const METRIC_IDS = Object.keys(metrics) as [MetricId, ...MetricId[]];

export function metricById(id: string): UtilityMetric {
  const m = (metrics as Record<string, UtilityMetric>)[id];
  if (!m) {
    throw new WumingError(
      'UNKNOWN_METRIC',
      `unknown metric "${id}"; use one of ${Object.keys(metrics).join(', ')}`,
      {
        kind: 'usage',
      },
    );
  }
  return m;
}

export type { ClassView, MetricContext, PreparedMetric, UtilityMetric } from './metric.js';
export {
  aecsMetric,
  createEntropyMetric,
  discernibilityMetric,
  entropyMetric,
  heightMetric,
  lossMetric,
  precisionMetric,
};
