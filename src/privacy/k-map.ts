import { defineModelKind, definePrivacyModel, type PrivacyModel } from './model.js';

/**
 * k-map (Sweeney 2002; El Emam & Dankar 2008): every class of the output matches at least k
 * records of the population table, so a re-identification by linking to the population always
 * faces k candidates. Monotonic both ways (a merged class matches at least as many population
 * records as any part).
 */
export function kMap(k: number): PrivacyModel {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError('k must be an integer ≥ 1');
  return definePrivacyModel({
    id: 'k-map',
    label: `${k}-map`,
    requires: 'population',
    params: { k },
    monotonicWithGeneralization: true,
    monotonicWithSuppression: true,
    prepare: () => (cls) => cls.publicCount >= k,
  });
}

/** Registry entry: options and the verifier's reference check (apart from `prepare` above). */
export const kMapModel = defineModelKind({
  id: 'k-map',
  summary: 'k-map (needs a population table): every class matches at least k population records',
  options: (z) =>
    z.strictObject({
      k: z.number().int().min(1),
    }),
  create: (o) => kMap(o.k),
  flags: [
    {
      name: 'kmap',
      arg: '<n>',
      help: { anonymize: 'k-map against the population table' },
      spec: 'kMap',
      number: { min: 1, integer: true },
    },
  ],
  /** Sweeney (2002); El Emam & Dankar (2008): every class matches at least k population records. */
  reference: (cls, { params }) => cls.population >= params.k,
});
