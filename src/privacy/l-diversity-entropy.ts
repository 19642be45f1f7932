import { defineModelKind, definePrivacyModel, type PrivacyModel } from './model.js';
import { EPS, shares } from './reference.js';

/**
 * Entropy l-diversity (Machanavajjhala et al. 2007, Def. 4.1): in every class,
 * −Σ p(s) log p(s) ≥ log l over the class's sensitive-value frequencies p(s). Monotonic with
 * generalization because entropy is concave (a mixture of classes that pass passes), but not with
 * suppression: merging a passing and a failing class can fail, so with a suppression limit the
 * search may not tag neighbours from this model alone.
 *
 * A small tolerance (1e-9 relative) absorbs floating-point rounding at exact equality, e.g. a
 * class with exactly l equally frequent values.
 */
export function entropyLDiversity(sensitive: string, l: number): PrivacyModel {
  if (!(Number.isFinite(l) && l >= 1)) throw new RangeError('l must be a number ≥ 1');
  const bound = Math.log(l);
  return definePrivacyModel({
    id: 'entropy-l-diversity',
    label: `entropy-${l}-diversity on ${sensitive}`,
    requires: 'distribution',
    params: { l },
    sensitive,
    monotonicWithGeneralization: true,
    monotonicWithSuppression: false,
    minClassSize: Math.ceil(l),
    prepare: () => (cls) => {
      const s = cls.sensitive!;
      if (s.size < l) return false;
      let total = 0;
      for (let i = 0; i < s.size; i++) total += s.freqs[i];
      let h = 0;
      for (let i = 0; i < s.size; i++) {
        const p = s.freqs[i] / total;
        h -= p * Math.log(p);
      }
      return h >= bound - 1e-9 * Math.max(1, bound);
    },
  });
}

/** Registry entry: options and the verifier's reference check (apart from `prepare` above). */
export const entropyLDiversityModel = defineModelKind({
  id: 'entropy-l-diversity',
  summary: 'entropy l-diversity: the entropy of each class’s sensitive values is at least log l',
  options: (z) =>
    z.strictObject({
      l: z.number().min(1),
      sensitive: z.string().min(1),
    }),
  create: (o) => entropyLDiversity(o.sensitive, o.l),
  /**
   * Machanavajjhala et al. (2007), Def. 4.1 (entropy l-diversity): −Σ p(s) log p(s) ≥ log l.
   * The tolerance is relative so that l = e^H computed in floating point still passes.
   */
  reference: (cls, { params }) => {
    let h = 0;
    for (const p of shares(cls.freqs).values()) if (p > 0) h -= p * Math.log(p);
    return h >= Math.log(params.l) - EPS * Math.max(1, Math.log(params.l));
  },
});
