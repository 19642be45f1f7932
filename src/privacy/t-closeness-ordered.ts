import { z } from 'zod';
import { defineModelKind, definePrivacyModel, type PrivacyModel } from './model.js';
import { allNumeric, EPS, shares } from './reference.js';
import { normalized } from './t-closeness-equal.js';

/**
 * t-closeness with the ordered distance (Li, Li & Venkatasubramanian 2007, §4.2, numerical
 * attributes): values sorted, the distance between the i-th and j-th value is |i − j| / (m − 1),
 * and the EMD is (1 / (m − 1)) Σ_{i=1..m} |Σ_{j≤i} (p_j − q_j)|. A class passes when EMD ≤ t.
 * The order comes from the data (numeric when every value is a number, else text order).
 */
export function orderedDistanceTCloseness(sensitive: string, t: number): PrivacyModel {
  if (!(t >= 0 && t <= 1)) throw new RangeError('t must be in [0, 1]');
  return definePrivacyModel({
    id: 't-closeness-ordered',
    label: `ordered-distance ${t}-closeness on ${sensitive}`,
    requires: 'distribution',
    params: { t },
    sensitive,
    monotonicWithGeneralization: true,
    monotonicWithSuppression: false,
    prepare: (ctx) => {
      const sens = ctx.sensitive!;
      const m = sens.domain;
      const qByRank = new Float64Array(m);
      const q = normalized(sens.totals);
      for (let c = 0; c < m; c++) qByRank[sens.order[c]] = q[c];
      const p = new Float64Array(m);
      return (cls) => {
        if (m <= 1) return true;
        const s = cls.sensitive!;
        let total = 0;
        for (let i = 0; i < s.size; i++) total += s.freqs[i];
        p.fill(0);
        for (let i = 0; i < s.size; i++) p[sens.order[s.codes[i]]] = s.freqs[i] / total;
        let run = 0;
        let emd = 0;
        for (let r = 0; r < m; r++) {
          run += p[r] - qByRank[r];
          emd += Math.abs(run);
        }
        return emd / (m - 1) <= t + 1e-12;
      };
    },
  });
}

/**
 * The registry entry (privacy/registry.ts): the options a policy's `models:` list gives, and the
 * verifier's reference check, written apart from `prepare` above and sharing no code with it.
 */
export const orderedDistanceTClosenessModel = defineModelKind({
  id: 't-closeness-ordered',
  summary: 't-closeness, ordered distance (numbers, ordinal values)',
  options: z.strictObject({
    t: z.number().min(0).max(1),
    sensitive: z.string().min(1),
  }),
  create: (o) => orderedDistanceTCloseness(o.sensitive, o.t),
  /**
   * Li, Li & Venkatasubramanian (2007), §4.2, ordered distance over m values in their natural
   * order: EMD = (1 / (m − 1)) Σ_{i=1..m} |Σ_{j ≤ i} (p_j − q_j)|.
   */
  reference: (cls, { params, overall }) => {
    const p = shares(cls.freqs);
    const values = [...new Set([...overall.keys(), ...p.keys()])];
    if (values.length <= 1) return true;
    if (allNumeric(values)) values.sort((a, b) => Number(a) - Number(b));
    else values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let run = 0;
    let sum = 0;
    for (const v of values) {
      run += (p.get(v) ?? 0) - (overall.get(v) ?? 0);
      sum += Math.abs(run);
    }
    return sum / (values.length - 1) <= params.t + EPS;
  },
});
