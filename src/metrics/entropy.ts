import type { FrequencyTable } from '../core/table.js';
import { type ClassView, leafCounts, levelOf, type MetricContext, type UtilityMetric } from './metric.js';

/**
 * Non-uniform entropy (Gionis & Tassa 2009), as ARX 3.9.2 computes it ("non-monotonic non-uniform
 * entropy"), reproduced exactly on the ARX-BASELINE.md rows:
 * - every record, suppressed or not, contributes Σ over QI columns of −log2 P(original value |
 *   generalized value at the transformation's level), with P estimated from the data's
 *   frequencies: count(records with that original value) / count(records whose value
 *   generalizes to the same value);
 * - the suppressed records together add the entropy of their generalized values among
 *   themselves: Σ_columns Σ_values c · −log2(c / S), with S suppressed records and c the records
 *   among them with that generalized value (as if the suppressed block were one class
 *   generalized to '*').
 * ARX 3.9.2 reports the second term only when some privacy model is not monotonic with
 * suppression (e.g. entropy l-diversity): on k-anonymity alone its reported score is the first
 * term only, to 1e-12 (ARX-BASELINE.md, "5-anonymity, 4 %, non-uniform entropy"), which is what
 * a monotonic (lower-bound) evaluation gives. `suppressionPenalty: 'auto'` (default) mirrors that
 * for parity; `true`/`false` force it. Lower bound: the first term (monotone in the levels).
 */
export function createEntropyMetric(opts: { suppressionPenalty?: boolean | 'auto' } = {}): UtilityMetric {
  const mode = opts.suppressionPenalty ?? 'auto';
  return {
    id: 'entropy',
    label: 'non-uniform entropy',
    prepare(table: FrequencyTable, ctx?: MetricContext) {
      const penalty = mode === 'auto' ? !ctx?.modelsMonotonicWithSuppression : mode;
      const d = table.qi.length;
      const lc = leafCounts(table);
      // base[i][L] = Σ over all records of −log2(lc/gen) at level L; cost[i][L][leaf] per record.
      const base: Float64Array[] = [];
      const cost: Float64Array[][] = [];
      table.hierarchies.forEach((h, i) => {
        const m = h.leaves.length;
        const cs: Float64Array[] = [];
        const b = new Float64Array(h.maps.length);
        h.maps.forEach((map, L) => {
          const cnt = new Float64Array(h.labels[L].length);
          for (let leaf = 0; leaf < m; leaf++) cnt[map[leaf]] += lc[i][leaf];
          const c = new Float64Array(m);
          let t = 0;
          for (let leaf = 0; leaf < m; leaf++) {
            if (lc[i][leaf] > 0) {
              c[leaf] = -Math.log2(lc[i][leaf] / cnt[map[leaf]]);
              t += lc[i][leaf] * c[leaf];
            }
          }
          cs.push(c);
          b[L] = t;
        });
        cost.push(cs);
        base.push(b);
      });
      const scratch = table.hierarchies.map(
        (h) => new Float64Array(Math.max(...h.labels.map((l) => l.length))),
      );
      const suppressedEntropy = (v: ClassView): number => {
        const S = v.suppressed;
        let s = 0;
        for (let i = 0; i < d; i++) {
          const acc = scratch[i];
          const touched: number[] = [];
          for (let c = 0; c < v.numClasses; c++) {
            if (v.kept[c] || v.sizes[c] === 0) continue;
            const L = levelOf(v, c, i, d);
            // Codes of different levels never share a class here in the global case; in local
            // recoding, offset by level so values of different levels stay distinct.
            const g = table.hierarchies[i].maps[L][table.codes[i][v.rep[c]]];
            const key = v.classLevels ? L * 1_000_003 + g : g;
            if (v.classLevels) {
              touched.push(key);
              continue;
            }
            if (acc[g] === 0) touched.push(g);
            acc[g] += v.sizes[c];
          }
          if (v.classLevels) {
            // Rare path (local recoding with suppression): use a map.
            const m = new Map<number, number>();
            let k = 0;
            for (let c = 0; c < v.numClasses; c++) {
              if (v.kept[c] || v.sizes[c] === 0) continue;
              m.set(touched[k], (m.get(touched[k]) ?? 0) + v.sizes[c]);
              k++;
            }
            for (const cnt of m.values()) s -= cnt * Math.log2(cnt / S);
            continue;
          }
          for (const g of touched) {
            s -= acc[g] * Math.log2(acc[g] / S);
            acc[g] = 0;
          }
        }
        return s;
      };
      return {
        score(v: ClassView) {
          let s = 0;
          if (!v.classLevels) {
            for (let i = 0; i < d; i++) s += base[i][v.levels[i]];
          } else {
            const classOf = v.classOf!;
            const codes = table.codes;
            for (let r = 0; r < table.rows; r++) {
              const cnt = table.counts[r];
              if (cnt === 0) continue;
              const c = classOf[r];
              for (let i = 0; i < d; i++) s += cnt * cost[i][levelOf(v, c, i, d)][codes[i][r]];
            }
          }
          if (v.suppressed > 0 && penalty) s += suppressedEntropy(v);
          return s;
        },
        lowerBound(levels) {
          let s = 0;
          for (let i = 0; i < d; i++) s += base[i][levels[i]];
          return s;
        },
      };
    },
  };
}

export const entropyMetric: UtilityMetric = createEntropyMetric();
