import { WumingError } from '../errors.js';
import { aecsMetric } from './aecs.js';
import { discernibilityMetric } from './discernibility.js';
import { createEntropyMetric, entropyMetric } from './entropy.js';
import { heightMetric } from './height.js';
import { lossMetric } from './loss.js';
import type { MetricId, UtilityMetric } from './metric.js';
import { precisionMetric } from './precision.js';

/** Registry of utility metrics: one file each, one line here. */
export const metrics: Record<MetricId, UtilityMetric> = {
  loss: lossMetric,
  entropy: entropyMetric,
  precision: precisionMetric,
  discernibility: discernibilityMetric,
  aecs: aecsMetric,
  height: heightMetric,
};

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

export type { ClassView, MetricContext, MetricId, PreparedMetric, UtilityMetric } from './metric.js';
export {
  aecsMetric,
  createEntropyMetric,
  discernibilityMetric,
  entropyMetric,
  heightMetric,
  lossMetric,
  precisionMetric,
};
