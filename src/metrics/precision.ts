import type { FrequencyTable } from '../core/table.js';
import { type ClassView, levelOf, type UtilityMetric } from './metric.js';

/**
 * Precision (Sweeney 2002, "Prec"), as information loss: the mean over QI cells of
 * level / height of the column's hierarchy (0 = original, 1 = fully generalized); a suppressed
 * record's cells count 1. Lower bound: the same with nothing suppressed.
 */
export const precisionMetric: UtilityMetric = {
  id: 'precision',
  label: 'precision (mean generalization height)',
  prepare(table: FrequencyTable) {
    const d = table.qi.length;
    const n = table.n;
    const height = table.hierarchies.map((h) => h.maps.length - 1);
    const frac = (i: number, L: number) => (height[i] > 0 ? L / height[i] : 0);
    const gen = (levels: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < d; i++) s += frac(i, levels[i]);
      return s / d;
    };
    return {
      score(v: ClassView) {
        if (n === 0) return 0;
        if (!v.classLevels) {
          const g = gen(v.levels);
          return (g * (n - v.suppressed) + v.suppressed) / n;
        }
        let s = 0;
        for (let c = 0; c < v.numClasses; c++) {
          if (v.sizes[c] === 0) continue;
          if (!v.kept[c]) {
            s += v.sizes[c] * d;
            continue;
          }
          for (let i = 0; i < d; i++) s += v.sizes[c] * frac(i, levelOf(v, c, i, d));
        }
        return s / (n * d);
      },
      lowerBound: gen,
    };
  },
};
