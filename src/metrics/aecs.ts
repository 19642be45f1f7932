import type { FrequencyTable } from '../core/table.js';
import type { ClassView, UtilityMetric } from './metric.js';

/**
 * Average equivalence class size (LeFevre, DeWitt & Ramakrishnan 2006, C_AVG without the 1/k
 * normalization): records / classes, where the suppressed records together count as one class
 * (they are all output as '*'). No cheap lower bound.
 */
export const aecsMetric: UtilityMetric = {
  id: 'aecs',
  label: 'average equivalence class size',
  prepare(table: FrequencyTable) {
    const n = table.n;
    return {
      score(v: ClassView) {
        const classes = v.classes + (v.suppressed > 0 ? 1 : 0);
        return classes > 0 ? n / classes : 0;
      },
    };
  },
};
