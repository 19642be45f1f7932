import { defineModelKind, definePrivacyModel, type PrivacyModel } from './model.js';

/**
 * δ-presence (Nergiz, Atzori & Clifton 2007): with a population table that contains the data set,
 * every class of the output must satisfy δmin ≤ (records of the data set in the class) /
 * (records of the population in the class) ≤ δmax, bounding an adversary's belief that a given
 * person of the population is in the data set. Classes with no records of the data set do not
 * appear in the output and are not checked. Declared non-monotonic: merging a passing class with a
 * population-only class lowers its ratio.
 */
export function deltaPresence(deltaMin: number, deltaMax: number): PrivacyModel {
  if (!(deltaMin >= 0 && deltaMax <= 1 && deltaMin <= deltaMax)) {
    throw new RangeError('need 0 ≤ δmin ≤ δmax ≤ 1');
  }
  return definePrivacyModel({
    id: 'delta-presence',
    label: `(${deltaMin},${deltaMax})-presence`,
    requires: 'population',
    params: { deltaMin, deltaMax },
    monotonicWithGeneralization: false,
    monotonicWithSuppression: false,
    supportsLocalRecoding: false,
    prepare: () => (cls) => {
      if (!(cls.publicCount > 0)) return false;
      const r = cls.count / cls.publicCount;
      return r >= deltaMin - 1e-12 && r <= deltaMax + 1e-12;
    },
  });
}

/** Registry entry: options and the verifier's reference check (apart from `prepare` above). */
export const deltaPresenceModel = defineModelKind({
  id: 'delta-presence',
  summary: 'δ-presence (needs a population table): δmin ≤ P(in the release | class) ≤ δmax',
  options: (z) =>
    z.strictObject({
      deltaMin: z.number().min(0).max(1).default(0),
      deltaMax: z.number().min(0).max(1).default(1),
    }),
  create: (o) => deltaPresence(o.deltaMin, o.deltaMax),
  flags: [
    {
      name: 'delta-min',
      arg: '<x>',
      help: { anonymize: 'δ-presence lower bound' },
      spec: 'deltaMin',
      number: { min: 0, max: 1 },
    },
    {
      name: 'delta-max',
      arg: '<x>',
      help: { anonymize: 'δ-presence upper bound' },
      spec: 'deltaMax',
      number: { min: 0, max: 1 },
    },
  ],
  /**
   * Nergiz, Atzori & Clifton (2007): δ-presence, δmin ≤ P(a person of the population is in the
   * release | their class) = (class size / population records in the class) ≤ δmax.
   */
  reference: (cls, { params }) =>
    cls.population > 0 &&
    cls.size / cls.population >= params.deltaMin - 1e-12 &&
    cls.size / cls.population <= params.deltaMax + 1e-12,
});
