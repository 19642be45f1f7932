import type { Hierarchy } from '../hierarchy/hierarchy.js';
import type { ClassStats, ModelContext, PrivacyModel } from './model.js';

/**
 * One sensitive column inside a joint sensitive code. When models protect several sensitive
 * columns at once (l-diversity on a diagnosis, t-closeness on an income band), the search
 * carries one code per distinct combination of their values; each model then sees the marginal
 * distribution of its own column, obtained by summing the joint counts over the other columns.
 * Every textbook model is defined on that marginal (Machanavajjhala et al. 2007 and Li et al.
 * 2007 define a class's distribution of one attribute), so the joint code changes how the search
 * stores classes, not what any model means.
 */
export interface Marginal {
  readonly column: string;
  /** marginal code → value text. */
  readonly values: readonly string[];
  /** marginal code → rank in the value order (ordered-distance t-closeness). */
  readonly order: Int32Array;
  /** Hierarchy over marginal codes (hierarchical-distance t-closeness): codes are its leaf codes. */
  readonly hierarchy?: Hierarchy;
  /** joint code → marginal code. */
  readonly map: Int32Array;
}

/** The model, checked on its own column's marginal of the joint sensitive code. */
export function onMarginal(model: PrivacyModel, m: Marginal): PrivacyModel {
  return {
    ...model,
    prepare(ctx: ModelContext) {
      const domain = m.hierarchy ? m.hierarchy.leaves.length : m.values.length;
      const totals = new Float64Array(domain);
      const joint = ctx.sensitive;
      if (joint) for (let c = 0; c < joint.domain; c++) totals[m.map[c]] += joint.totals[c];
      const check = model.prepare({
        n: ctx.n,
        sensitive: { column: m.column, domain, totals, order: m.order, hierarchy: m.hierarchy },
      });
      // Scratch reused across classes: the accumulated count per marginal code, and which codes
      // were touched, so each class costs its own size, not the domain's.
      const acc = new Float64Array(domain);
      const stamp = new Int32Array(domain);
      const codes = new Int32Array(domain);
      const freqs = new Float64Array(domain);
      let round = 0;
      return (cls: ClassStats) => {
        const s = cls.sensitive;
        if (!s) return check(cls);
        round++;
        let size = 0;
        for (let i = 0; i < s.size; i++) {
          const code = m.map[s.codes[i]];
          if (stamp[code] !== round) {
            stamp[code] = round;
            codes[size++] = code;
          }
          acc[code] += s.freqs[i];
        }
        for (let i = 0; i < size; i++) {
          freqs[i] = acc[codes[i]];
          acc[codes[i]] = 0;
        }
        return check({ ...cls, sensitive: { size, codes, freqs } });
      };
    },
  };
}
