import { z } from 'zod';
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

/**
 * The registry entry (privacy/registry.ts): the options a policy's `models:` list gives, and the
 * verifier's reference check, written apart from `prepare` above and sharing no code with it.
 */
export const distinctLDiversityModel = defineModelKind({
  id: 'distinct-l-diversity',
  summary: 'distinct l-diversity: at least l distinct sensitive values per class',
  options: z.strictObject({
    l: z.number().int().min(1),
    sensitive: z.string().min(1),
  }),
  create: (o) => distinctLDiversity(o.sensitive, o.l),
  /** Machanavajjhala et al. (2007), §4.1: at least l distinct sensitive values in every class. */
  reference: (cls, { params }) => cls.freqs.size >= params.l,
});
