import { defineModelKind, definePrivacyModel, type PrivacyModel, type Zod } from './model.js';
import { EPS, shares } from './reference.js';

/**
 * t-closeness with the equal-distance ground metric (Li, Li & Venkatasubramanian 2007, §4.2):
 * every pair of distinct sensitive values is at distance 1, so the Earth Mover's Distance between
 * a class's distribution P and the table's distribution Q is the total variation
 * ½ Σ |p_i − q_i|. A class passes when EMD ≤ t.
 *
 * Monotonic with generalization (EMD is convex in P, so a mixture of classes within t stays within
 * t), not with suppression.
 */
export function equalDistanceTCloseness(sensitive: string, t: number): PrivacyModel {
  if (!(t >= 0 && t <= 1)) throw new RangeError('t must be in [0, 1]');
  return definePrivacyModel({
    id: 't-closeness-equal',
    label: `equal-distance ${t}-closeness on ${sensitive}`,
    requires: 'distribution',
    params: { t },
    sensitive,
    monotonicWithGeneralization: true,
    monotonicWithSuppression: false,
    prepare: (ctx) => {
      const q = normalized(ctx.sensitive!.totals);
      return (cls) => {
        const s = cls.sensitive!;
        let total = 0;
        for (let i = 0; i < s.size; i++) total += s.freqs[i];
        // Σ_all |p−q| = 1 + Σ_{codes in class} (|p−q| − q), since p = 0 elsewhere.
        let sum = 1;
        for (let i = 0; i < s.size; i++) {
          const qi = q[s.codes[i]];
          sum += Math.abs(s.freqs[i] / total - qi) - qi;
        }
        return sum / 2 <= t + 1e-12;
      };
    },
  });
}

export function normalized(totals: Float64Array): Float64Array {
  let n = 0;
  for (const v of totals) n += v;
  return totals.map((v) => v / n);
}

/** The options of the three t-closeness models: t in [0, 1] on one sensitive column. */
export const tClosenessOptions = (z: Zod) =>
  z.strictObject({
    t: z.number().min(0).max(1),
    sensitive: z.string().min(1),
  });

/** Registry entry: options and the verifier's reference check (apart from `prepare` above). */
export const equalDistanceTClosenessModel = defineModelKind({
  id: 't-closeness-equal',
  summary: 't-closeness, equal ground distance: each class’s distribution within t of the table’s',
  options: tClosenessOptions,
  create: (o) => equalDistanceTCloseness(o.sensitive, o.t),
  // The t-closeness family's flags: --t-distance picks the ordered or hierarchical distance.
  flags: [
    {
      name: 't',
      arg: '<t>',
      help: {
        anonymize: 't-closeness (needs --sensitive or --t-sensitive)',
        verify: 'required t of t-closeness',
      },
      spec: 't',
      number: { min: 0, max: 1 },
    },
    {
      name: 't-distance',
      arg: '<d>',
      help: {
        anonymize:
          'equal | hierarchical | ordered (default: hierarchical with a hierarchy, ordered for numbers, else equal)',
        verify: 'equal | ordered | hierarchical (default: ordered for numbers, else equal)',
      },
      spec: 'tDistance',
    },
  ],
  /**
   * Li, Li & Venkatasubramanian (2007), §4.2, equal ground distance: the EMD between the class's
   * distribution P and the overall Q is the total variation ½ Σ |p_i − q_i|.
   */
  reference: (cls, { params, overall }) => {
    const p = shares(cls.freqs);
    let sum = 0;
    const values = new Set([...overall.keys(), ...p.keys()]);
    for (const v of values) sum += Math.abs((p.get(v) ?? 0) - (overall.get(v) ?? 0));
    return sum / 2 <= params.t + EPS;
  },
});
