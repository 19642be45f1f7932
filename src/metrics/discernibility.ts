import type { FrequencyTable } from '../core/table.js';
import type { ClassView, UtilityMetric } from './metric.js';

/**
 * Discernibility (Bayardo & Agrawal 2005, DM*): Σ over kept classes of size², plus n for each
 * suppressed record (it is indistinguishable from every record). No cheap lower bound.
 */
export const discernibilityMetric: UtilityMetric = {
  id: 'discernibility',
  label: 'discernibility',
  prepare(table: FrequencyTable) {
    const n = table.n;
    return {
      score(v: ClassView) {
        let s = v.suppressed * n;
        for (let c = 0; c < v.numClasses; c++) if (v.kept[c]) s += v.sizes[c] * v.sizes[c];
        return s;
      },
    };
  },
};
