import { defineModelKind, definePrivacyModel, type PrivacyModel } from './model.js';

/**
 * Distinct l-diversity (Machanavajjhala et al. 2007, §4.1 "distinct"): every class holds at least
 * l distinct values of the sensitive attribute. Monotonic both ways: a merged class has at least
 * as many distinct values as any of its parts.
 */
export function distinctLDiversity(sensitive: string, l: number): PrivacyModel {
  if (!(Number.isInteger(l) && l >= 1)) throw new RangeError('l must be an integer ≥ 1');
  return definePrivacyModel({
    id: 'distinct-l-diversity',
    label: `distinct-${l}-diversity on ${sensitive}`,
    requires: 'distribution',
    params: { l },
    sensitive,
    monotonicWithGeneralization: true,
    monotonicWithSuppression: true,
    minClassSize: l,
    prepare: () => (cls) => cls.sensitive!.size >= l,
  });
}

/** Registry entry: options and the verifier's reference check (apart from `prepare` above). */
export const distinctLDiversityModel = defineModelKind({
  id: 'distinct-l-diversity',
  summary: 'distinct l-diversity: at least l distinct sensitive values per class',
  options: (z) =>
    z.strictObject({
      l: z.number().int().min(1),
      sensitive: z.string().min(1),
    }),
  create: (o) => distinctLDiversity(o.sensitive, o.l),
  // The l-diversity family's flags: --l-variant picks entropy or recursive (c,l) instead.
  flags: [
    {
      name: 'l',
      arg: '<n>',
      help: { anonymize: 'l-diversity (needs --sensitive)', verify: 'required l (with --sensitive)' },
      spec: 'l',
      number: { min: 1 },
    },
    {
      name: 'l-variant',
      arg: '<v>',
      help: { anonymize: 'distinct | entropy | recursive', verify: 'distinct | entropy | recursive' },
      default: 'distinct',
      spec: 'lVariant',
    },
    {
      name: 'c',
      arg: '<c>',
      help: { anonymize: 'c of recursive (c,l)-diversity', verify: 'c for recursive (c,l)-diversity' },
      spec: 'c',
      number: { min: 0 },
    },
  ],
  /** Machanavajjhala et al. (2007), §4.1: at least l distinct sensitive values in every class. */
  reference: (cls, { params }) => cls.freqs.size >= params.l,
});
