import type { FrequencyTable } from '../core/table.js';
import {
  type ClassView,
  leafCounts,
  levelOf,
  type MetricContext,
  type PreparedMetric,
  type UtilityMetric,
} from './metric.js';

/**
 * ARX's Loss metric (Iyengar 2002 "LM", as implemented by ARX with generalization/suppression
 * factor 0.5 and geometric-mean aggregation), defined as in data/adult/ARX-BASELINE.md where it
 * is reproduced exactly:
 * - the share of a generalized value g at level L is (hierarchy rows whose level-L cell is g) /
 *   (hierarchy rows) — counted over the hierarchy, not the data;
 * - per column, x = Σ shares of the kept records + 1 per suppressed record, normalized as
 *   (x − n/size) / (n − n/size) with size = hierarchy rows, truncated down to 10 decimals and
 *   floored at 0;
 * - over d columns: prod((1 + loss_i)^(1/d)) − 1.
 * Lower bound: the same with nothing suppressed (shares only grow with the level, and a
 * suppressed record's 1 is at least its share).
 */
interface PreparedLoss extends PreparedMetric {
  /** Normalized loss per QI column (not truncated), for reports and granularity. */
  perColumn(v: ClassView): number[];
}

function prepareLoss(table: FrequencyTable): PreparedLoss {
  const d = table.qi.length;
  const n = table.n;
  const lc = leafCounts(table);
  // share[i][L][g], total[i][L] = Σ records × share at level L.
  const share: Float64Array[][] = [];
  const total: Float64Array[] = [];
  const size: number[] = [];
  table.hierarchies.forEach((h, i) => {
    const m = h.leaves.length;
    size.push(m);
    const perLevel: Float64Array[] = [];
    const tot = new Float64Array(h.maps.length);
    h.maps.forEach((map, L) => {
      const s = new Float64Array(h.labels[L].length);
      for (let leaf = 0; leaf < m; leaf++) s[map[leaf]] += 1 / m;
      perLevel.push(s);
      let t = 0;
      for (let leaf = 0; leaf < m; leaf++) t += lc[i][leaf] * s[map[leaf]];
      tot[L] = t;
    });
    share.push(perLevel);
    total.push(tot);
  });
  const norm = (x: number, i: number) => {
    const lo = n / size[i];
    const den = n - lo;
    return den > 0 ? (x - lo) / den : 0;
  };
  const aggregate = (losses: number[]) => {
    let p = 1;
    for (const v of losses) p *= (1 + Math.max(0, Math.floor(v * 1e10) / 1e10)) ** (1 / d);
    return p - 1;
  };
  const boundFactor = total.map((tot, i) =>
    Float64Array.from(tot, (x) => (1 + Math.max(0, Math.floor(norm(x, i) * 1e10) / 1e10)) ** (1 / d)),
  );
  const columnX = (v: ClassView): number[] => {
    const x = new Array(d).fill(0);
    const codes = table.codes;
    if (!v.classLevels) {
      for (let i = 0; i < d; i++) x[i] = total[i][v.levels[i]];
      if (v.suppressed > 0) {
        // A column at a time, each suppressed class's code read from the partition's own codes
        // when it kept them (in class order), else through its representative row.
        const { kept, sizes, rep, numClasses } = v;
        for (let i = 0; i < d; i++) {
          const L = v.levels[i];
          const sh = share[i][L];
          // Added to x[i] class by class, in class order as before: the same roundings.
          let sum = x[i];
          const own = v.codes?.[i];
          if (own) {
            for (let c = 0; c < numClasses; c++)
              if (!kept[c] && sizes[c] > 0) sum += sizes[c] * (1 - sh[own[c]]);
          } else {
            const map = table.hierarchies[i].maps[L];
            const col = codes[i];
            for (let c = 0; c < numClasses; c++)
              if (!kept[c] && sizes[c] > 0) sum += sizes[c] * (1 - sh[map[col[rep[c]]]]);
          }
          x[i] = sum;
        }
      }
      return x;
    }
    for (let c = 0; c < v.numClasses; c++) {
      const sz = v.sizes[c];
      if (sz === 0) continue;
      const r = v.rep[c];
      for (let i = 0; i < d; i++) {
        if (!v.kept[c]) {
          x[i] += sz;
          continue;
        }
        const L = levelOf(v, c, i, d);
        x[i] += sz * share[i][L][table.hierarchies[i].maps[L][codes[i][r]]];
      }
    }
    return x;
  };
  return {
    score: (v) => aggregate(columnX(v).map(norm)),
    lowerBound: (levels) => {
      // Π over columns of the per-level factors, multiplied in column order as `aggregate` does
      // (bit-identical), without a power per column and node: the search bounds every node.
      let p = 1;
      for (let i = 0; i < d; i++) p *= boundFactor[i][levels[i]];
      return p - 1;
    },
    perColumn: (v) => columnX(v).map((x, i) => Math.max(0, norm(x, i))),
  };
}

export interface LossMetric extends UtilityMetric {
  prepare(table: FrequencyTable, ctx?: MetricContext): PreparedLoss;
}

export const lossMetric: LossMetric = {
  id: 'loss',
  label: 'Loss (ARX, gs 0.5, geometric mean)',
  prepare: prepareLoss,
};
