import { defineModelKind, definePrivacyModel, type PrivacyModel } from './model.js';

/**
 * Recursive (c,l)-diversity (Machanavajjhala et al. 2007, Def. 4.2): with the class's sensitive
 * frequencies sorted descending r1 ≥ r2 ≥ … ≥ rm, the class passes when m ≥ l and
 * r1 < c · (r_l + r_{l+1} + … + r_m). ARX treats it as monotonic in both directions.
 */
export function recursiveCLDiversity(sensitive: string, c: number, l: number): PrivacyModel {
  if (!(Number.isInteger(l) && l >= 1)) throw new RangeError('l must be an integer ≥ 1');
  if (!(Number.isFinite(c) && c > 0)) throw new RangeError('c must be a number > 0');
  return definePrivacyModel({
    id: 'recursive-cl-diversity',
    label: `recursive-(${c},${l})-diversity on ${sensitive}`,
    requires: 'distribution',
    params: { c, l },
    sensitive,
    monotonicWithGeneralization: true,
    monotonicWithSuppression: false,
    minClassSize: l,
    prepare: () => {
      let scratch = new Float64Array(64);
      return (cls) => {
        const s = cls.sensitive!;
        if (s.size < l) return false;
        if (scratch.length < s.size) scratch = new Float64Array(s.size * 2);
        const f = scratch.subarray(0, s.size);
        f.set(s.freqs.subarray(0, s.size));
        f.sort();
        // f ascending: r1 = f[m-1]; tail r_l..r_m = f[0..m-l].
        const m = s.size;
        let tail = 0;
        for (let i = 0; i <= m - l; i++) tail += f[i];
        return f[m - 1] < c * tail;
      };
    },
  });
}

/** Registry entry: options and the verifier's reference check (apart from `prepare` above). */
export const recursiveCLDiversityModel = defineModelKind({
  id: 'recursive-cl-diversity',
  summary:
    'recursive (c,l)-diversity: the most frequent value is rarer than c times the l-th and later together',
  options: (z) =>
    z.strictObject({
      l: z.number().int().min(1),
      c: z.number().positive(),
      sensitive: z.string().min(1),
    }),
  create: (o) => recursiveCLDiversity(o.sensitive, o.c, o.l),
  /**
   * Machanavajjhala et al. (2007), Def. 4.2 (recursive (c,l)-diversity): with the frequencies
   * sorted in decreasing order r1 ≥ r2 ≥ … ≥ rm, r1 < c · (r_l + r_{l+1} + … + r_m).
   */
  reference: (cls, { params }) => {
    const r = [...cls.freqs.values()].sort((a, b) => b - a);
    if (r.length < params.l) return false;
    let tail = 0;
    for (let i = params.l - 1; i < r.length; i++) tail += r[i];
    return r[0] < params.c * tail;
  },
});
