import type { FrequencyTable } from '../core/table.js';
import { type ClassView, levelOf, type UtilityMetric } from './metric.js';

/**
 * Height (ARX "Height"): the sum of the generalization levels of the transformation. For local
 * recoding, the record-weighted mean of each class's level sum. Suppression is not counted (it
 * is reported separately). Lower bound: itself (it does not depend on the data).
 */
export const heightMetric: UtilityMetric = {
  id: 'height',
  label: 'height (sum of levels)',
  prepare(table: FrequencyTable) {
    const d = table.qi.length;
    const sum = (levels: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < d; i++) s += levels[i];
      return s;
    };
    return {
      score(v: ClassView) {
        if (!v.classLevels) return sum(v.levels);
        let s = 0;
        let w = 0;
        for (let c = 0; c < v.numClasses; c++) {
          if (!v.kept[c]) continue;
          for (let i = 0; i < d; i++) s += v.sizes[c] * levelOf(v, c, i, d);
          w += v.sizes[c];
        }
        return w > 0 ? s / w : 0;
      },
      lowerBound: sum,
    };
  },
};
