import { defineModelKind, definePrivacyModel, type PrivacyModel } from './model.js';

/**
 * k-anonymity (Sweeney 2002): every equivalence class holds at least k records. Monotonic with
 * generalization and suppression: a merged class is at least as large as its largest part.
 */
export function kAnonymity(k: number): PrivacyModel {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError('k must be an integer ≥ 1');
  return definePrivacyModel({
    id: 'k-anonymity',
    label: `${k}-anonymity`,
    requires: 'sizes',
    params: { k },
    monotonicWithGeneralization: true,
    monotonicWithSuppression: true,
    minClassSize: k,
    prepare: () => (cls) => cls.count >= k,
  });
}

/** Registry entry: options and the verifier's reference check (apart from `prepare` above). */
export const kAnonymityModel = defineModelKind({
  id: 'k-anonymity',
  summary: 'k-anonymity (Sweeney 2002): every class has at least k members',
  options: (z) =>
    z.strictObject({
      k: z.number().int().min(1),
    }),
  create: (o) => kAnonymity(o.k),
  flags: [
    {
      name: 'k',
      arg: '<n>',
      help: { anonymize: 'k-anonymity', verify: 'required k' },
      spec: 'k',
      number: { min: 1, integer: true },
    },
  ],
  /** Sweeney (2002): every class has at least k members. */
  reference: (cls, { params }) => cls.size >= params.k,
});
